// The merchant's HTTP shell (merchant.h): listening, routing, 402 challenges and error answers,
// and the resource handlers (static bodies, the Store REST view). The paid path lives in
// merchant_paid_request.cpp.
#include "merchant.h"

#include <QLoggingCategory>

#include "facilitator_client.h"
#include "lezpay/sqlstore/database_url.h"
#include "lezpay/util/json_parse.h"
#include "x402/header_codec.h"
#include "x402/json_codec.h"
#include "x402/payment_identifier.h"

Q_LOGGING_CATEGORY(lcMerchant, "lezpay.x402.merchant")

namespace x402mod {

using lezpay::http::HttpRequest;
using lezpay::http::HttpResponse;
using x402::Json;
using x402::Reason;

namespace {

HttpResponse jsonAnswer(int status, const std::string& code, const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.setHeader("content-type", "application/json");
  r.body = x402::dumpJson(Json{{"error", code}, {"message", message}});
  r.setHeader(std::string(x402::kPaymentErrorHeader), code);
  addCorsHeaders(r);
  return r;
}

}  // namespace

void addCorsHeaders(HttpResponse& r) {
  r.setHeader("access-control-allow-origin", "*");
  r.setHeader("access-control-expose-headers", std::string(x402::kCorsExposeHeaders));
}

Merchant::Merchant(MerchantConfig config, std::function<Facilitator*()> localFacilitator, StoreQueryFn store, QObject* parent,
                   MerchantClock clock)
    : QObject(parent), config_(std::move(config)), store_(std::move(store)), clock_(std::move(clock)) {
  // Answers are posted to this object, so a stopped merchant drops late ones.
  facilitator_ = std::make_unique<FacilitatorClient>(config_.facilitatorUrl, std::move(localFacilitator), this, config_.facilitatorTimeoutMs,
                                                     config_.facilitatorToken);
}

Merchant::~Merchant() {
  alive_.reset();
  if (server_) server_->close();
  server_.reset();
  facilitator_.reset();  // drains in-flight facilitator exchanges
  payments_.reset();
}

lezpay::util::Status Merchant::openPayments() {
  auto store = std::make_unique<PaymentIdCache>(clock_);
  if (auto st = store->open(config_.paymentsPath); !st.ok()) return st.error();
  payments_ = std::move(store);
  return lezpay::util::okStatus();
}

lezpay::util::Status Merchant::listen() {
  lezpay::net::HttpServerOptions o;
  o.port = config_.port;
  o.limits.maxHeaderBytes = 64 * 1024;  // room for a PAYMENT-SIGNATURE up to kMaxHeaderValueBytes
  o.limits.maxBodyBytes = 64 * 1024;
  // A browser can read the server's own 408/413/431/503 answers only with the CORS headers.
  HttpResponse cors;
  addCorsHeaders(cors);
  o.selfAnswerHeaders = cors.headers;
  if (config_.gateway) configureGatewayServer(o);
  server_ = std::make_unique<lezpay::net::HttpServer>(
      o,
      lezpay::net::StreamingHandler([this](const HttpRequest& req, lezpay::net::Responder respond, lezpay::net::StreamOpener open) {
        if (handleGateway(req, respond, open)) return;
        handle(req, std::move(respond));
      }),
      this);
  return server_->listen();
}

std::uint16_t Merchant::port() const { return server_ ? server_->port() : 0; }

std::string Merchant::baseUrl() const {
  return config_.publicBaseUrl.empty() ? "http://127.0.0.1:" + std::to_string(port()) : config_.publicBaseUrl;
}

Json Merchant::servedPayments(int limit) const {
  Json out = Json::array();
  if (!payments_) return out;
  for (const auto& row : payments_->recent(limit)) {
    auto settlement = lezpay::util::parseJson(row.settlementJson);
    out.push_back(Json{{"tx_hash", row.txHash}, {"resource_url", row.resourceUrl}, {"served_at", row.servedAtMs / 1000},
                       {"settlement", settlement.ok() ? settlement.value() : Json()}});
  }
  return out;
}

Json Merchant::describe() const {
  Json rs = Json::array();
  for (const auto& r : config_.resources) {
    rs.push_back(Json{{"path", r.path},
                      {"kind", r.kind},
                      {"url", baseUrl() + r.path},
                      {"description", r.description},
                      {"mimeType", r.mimeType},
                      {"requirements", x402::toJson(r.requirements)}});
  }
  Json counters = Json::object();
  for (const auto& [k, v] : counters_) counters[k] = v;
  Json out{{"port", port()}, {"url", baseUrl()}, {"facilitator_url", config_.facilitatorUrl.empty() ? "in-process" : config_.facilitatorUrl},
           {"resources", rs}, {"counters", counters}, {"payments_path", lezpay::sqlstore::redactDatabaseUrl(config_.paymentsPath)},
           {"served_payments", payments_ ? payments_->count() : 0}};
  if (config_.gateway) out["gateway"] = describeGateway();
  return out;
}

void Merchant::count(const std::string& what) { ++counters_[what]; }

x402::PaymentRequired Merchant::challenge(const MerchantResource& res, const std::string& resourceUrl, const std::string& error) const {
  x402::PaymentRequired pr;
  pr.error = error;
  pr.resource.url = resourceUrl;
  if (!res.description.empty()) pr.resource.description = res.description;
  pr.resource.mimeType = res.mimeType;
  pr.accepts = {res.requirements};
  if (res.paymentIdentifier != "off") {
    pr.extensions = Json{{std::string(x402::kPaymentIdentifierExtension),
                          x402::makePaymentIdentifierExtension(res.paymentIdentifier == "required")}};
  }
  return pr;
}

HttpResponse Merchant::paymentError(int status, const MerchantResource* res, const std::string& resourceUrl, const std::string& code,
                                    const std::string& message) {
  count(code);
  HttpResponse r = jsonAnswer(status, code, message);
  // A challenge or a refusal is about this request only; no cache may answer it to another.
  if (status == 402) r.setHeader("cache-control", "no-store");
  if (status == 402 && res) r.setHeader(std::string(x402::kPaymentRequiredHeader), x402::encodePaymentRequiredHeader(challenge(*res, resourceUrl, code)));
  return r;
}

void Merchant::handle(const HttpRequest& req, lezpay::net::Responder respond) {
  const MerchantResource* res = nullptr;
  for (const auto& r : config_.resources) {
    if (r.path == req.path) res = &r;
  }
  if (req.method == "OPTIONS") {
    HttpResponse r;
    r.status = 204;
    addCorsHeaders(r);
    r.setHeader("access-control-allow-methods", "GET, OPTIONS");
    r.setHeader("access-control-allow-headers", std::string(x402::kCorsAllowHeaders));
    r.setHeader("access-control-max-age", "600");
    return respond(r);
  }
  if (!res) return respond(jsonAnswer(404, "not_found", "no paid resource at " + req.path));
  if (req.method != "GET") return respond(jsonAnswer(405, "method_not_allowed", "paid resources answer GET"));
  if (res->kind == "store") {
    // A malformed Store query is refused before anyone pays for it.
    auto q = storeQueryFromRest(req.query, "check");
    if (!q.ok()) return respond(paymentError(400, nullptr, "", q.error().code, q.error().message));
  }
  const std::string resourceUrl = baseUrl() + (res->kind == "store" && !req.query.empty() ? req.path + "?" + req.query : req.path);
  const auto signature = req.header(x402::kPaymentSignatureHeader);
  if (!signature) return respond(unpaidAnswer(*res, resourceUrl));
  paid(*res, req, resourceUrl, std::move(respond));
}

void Merchant::runHandler(const MerchantResource& res, const HttpRequest& req, std::function<void(HttpResponse)> done) {
  if (res.kind == "static") {
    HttpResponse r;
    r.status = 200;
    r.setHeader("content-type", res.mimeType);
    r.body = res.body;
    return done(r);
  }
  const std::string requestId = "x402-" + std::to_string(requestSeq_);
  auto q = storeQueryFromRest(req.query, requestId);
  if (!q.ok()) return done(jsonAnswer(400, q.error().code, q.error().message));
  if (!store_) return done(jsonAnswer(503, "store_unavailable", "no Store archive is reachable from this merchant"));
  store_(q.value(), [done = std::move(done), requestId](Json e) {
    if (e.value("status", std::string()) != "ok") {
      const std::string code = e.value("code", std::string("store_unavailable"));
      const bool bad = code == "INVALID_QUERY";
      return done(jsonAnswer(bad ? 400 : 503, bad ? kInvalidQuery : "store_unavailable", e.value("message", std::string())));
    }
    const std::int64_t sc = e.value("statusCode", std::int64_t{500});
    if (sc != 200) {
      const int status = (sc == 400 || sc == 429 || sc == 503) ? static_cast<int>(sc) : 500;
      return done(jsonAnswer(status, "store_query_failed", std::to_string(sc) + " " + e.value("statusDesc", std::string())));
    }
    Json body{{"requestId", requestId}, {"statusCode", sc}, {"statusDesc", e.value("statusDesc", std::string("OK"))},
              {"messages", e.value("messages", Json::array())}};
    if (e.contains("paginationCursor") && !e["paginationCursor"].is_null()) body["paginationCursor"] = e["paginationCursor"];
    HttpResponse r;
    r.status = 200;
    r.setHeader("content-type", "application/json");
    r.body = x402::dumpJson(body);
    done(r);
  });
}

}  // namespace x402mod
