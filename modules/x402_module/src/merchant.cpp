#include "merchant.h"

#include <QLoggingCategory>

#include "facilitator_client.h"
#include "merchant_payments.h"
#include <QDateTime>
#include <QTimer>

#include <algorithm>
#include <limits>

#include "lez/core/sha256.h"
#include "lez/core/u128.h"
#include "lezpay/util/hex.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/header_codec.h"
#include "x402/json_codec.h"
#include "x402/payment_identifier.h"

Q_LOGGING_CATEGORY(lcMerchant, "lezpay.x402.merchant")

namespace x402mod {

using lezpay::http::HttpRequest;
using lezpay::http::HttpResponse;
using lezpay::util::Error;
using lezpay::util::Result;
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

Result<std::int64_t> intParam(const std::string& key, const std::string& v) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  if (v.empty()) return Error{"invalid_query", key + ": must be a decimal integer"};
  std::int64_t out = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return Error{"invalid_query", key + ": must be a decimal integer"};
    const int d = c - '0';
    if (out > (kMax - d) / 10) return Error{"invalid_query", key + ": must be at most 9223372036854775807"};
    out = out * 10 + d;
  }
  return out;
}

Result<bool> boolParam(const std::string& key, const std::string& v) {
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  return Error{"invalid_query", key + ": must be true or false"};
}

}  // namespace

void addCorsHeaders(HttpResponse& r) {
  r.setHeader("access-control-allow-origin", "*");
  r.setHeader("access-control-expose-headers", std::string(x402::kCorsExposeHeaders));
}

Result<Json> storeQueryFromRest(std::string_view query, const std::string& requestId) {
  auto params = lezpay::http::parseQuery(query);
  if (!params) return Error{"invalid_query", "the query string has a malformed percent escape"};
  Json q{{"requestId", requestId}, {"includeData", true}, {"paginationForward", true}};
  Json topics = Json::array();
  Json hashes = Json::array();
  for (const auto& [key, value] : *params) {
    if (key == "contentTopics" || key == "contentTopic") {
      std::size_t start = 0;
      while (start <= value.size()) {
        const std::size_t comma = value.find(',', start);
        const std::string t = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (t.empty()) return Error{"invalid_query", key + ": empty content topic"};
        topics.push_back(t);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (key == "pubsubTopic") {
      if (value.empty()) return Error{"invalid_query", "pubsubTopic: must not be empty"};
      q["pubsubTopic"] = value;
    } else if (key == "startTime" || key == "endTime") {
      auto v = intParam(key, value);
      if (!v.ok()) return v.error();
      q[key == "startTime" ? "timeStart" : "timeEnd"] = v.value();
    } else if (key == "pageSize") {
      auto v = intParam(key, value);
      if (!v.ok()) return v.error();
      q["paginationLimit"] = static_cast<std::uint64_t>(v.value());
    } else if (key == "cursor") {
      if (!lezpay::util::fromHexExact(value, 32).ok()) return Error{"invalid_query", "cursor: must be 64 hex digits"};
      q["paginationCursor"] = value;
    } else if (key == "hashes" || key == "messageHashes") {
      std::size_t start = 0;
      while (start <= value.size()) {
        const std::size_t comma = value.find(',', start);
        const std::string h = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!lezpay::util::fromHexExact(h, 32).ok()) return Error{"invalid_query", key + ": each hash must be 64 hex digits"};
        hashes.push_back(h);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (key == "ascending" || key == "includeData") {
      auto v = boolParam(key, value);
      if (!v.ok()) return v.error();
      q[key == "ascending" ? "paginationForward" : "includeData"] = v.value();
    } else {
      return Error{"invalid_query", key + ": unknown parameter (contentTopics, pubsubTopic, startTime, endTime, pageSize, cursor, "
                                          "hashes, ascending, includeData)"};
    }
  }
  if (!topics.empty()) q["contentTopics"] = topics;
  if (!hashes.empty()) q["messageHashes"] = hashes;
  return q;
}

Merchant::Merchant(MerchantConfig config, std::function<Facilitator*()> localFacilitator, StoreQueryFn store, QObject* parent)
    : QObject(parent), config_(std::move(config)), store_(std::move(store)) {
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
  auto store = std::make_unique<MerchantPayments>();
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
  server_ = std::make_unique<lezpay::net::HttpServer>(
      o, [this](const HttpRequest& req, lezpay::net::Responder respond) { handle(req, std::move(respond)); }, this);
  return server_->listen();
}

std::uint16_t Merchant::port() const { return server_ ? server_->port() : 0; }

std::string Merchant::baseUrl() const {
  return config_.publicBaseUrl.empty() ? "http://127.0.0.1:" + std::to_string(port()) : config_.publicBaseUrl;
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
  return Json{{"port", port()}, {"url", baseUrl()}, {"facilitator_url", config_.facilitatorUrl.empty() ? "in-process" : config_.facilitatorUrl},
              {"resources", rs}, {"counters", counters}, {"payments_path", config_.paymentsPath},
              {"served_payments", payments_ ? payments_->count() : 0}};
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
  if (!signature) {
    return respond(paymentError(402, res, resourceUrl, std::string(x402::toString(Reason::PaymentRequired)),
                                "this resource costs " + res->requirements.amount + " native units on " + res->requirements.network +
                                    "; pay with a PAYMENT-SIGNATURE header (x402 v2)"));
  }
  paid(*res, req, resourceUrl, std::move(respond));
}

namespace {

// A served payment's record outlives its validBefore by this much; recovery of a charged but
// unserved payment is refused after it, so a pruned record can never lead to serving twice.
constexpr std::int64_t kServedGraceSeconds = 3600;
// How long recovery waits for a transaction someone else broadcast to be included.
constexpr std::int64_t kRecoveryWaitMs = 15000;

std::int64_t unixSeconds() { return QDateTime::currentSecsSinceEpoch(); }

std::optional<std::string> txHashOfPayload(const x402::PaymentPayload& p) {
  auto lp = x402::parseExactLezPayload(p.payload);
  if (!lp.ok()) return std::nullopt;
  auto h = x402::transactionHashOfBase64(lp.value().transaction);
  if (!h.ok()) return std::nullopt;
  return lez::core::hashToHex(h.value());
}

}  // namespace

struct Merchant::PaidRequest {
  const MerchantResource* resource = nullptr;
  HttpRequest req;
  std::string resourceUrl;
  x402::FacilitatorRequest request;
  std::optional<std::string> txHash;     // the payload's transaction, when it decodes
  std::optional<std::string> paymentId;  // payment-identifier info.id
  std::string fingerprint;               // SHA256 of resource URL, accepted and payload
  std::int64_t validBefore = 0;
  std::uint64_t seq = 0;
  std::shared_ptr<lezpay::net::Responder> respond;
};

void Merchant::refuse(const Paid& p, int status, const std::string& code, const std::string& message) {
  (*p->respond)(paymentError(status, status == 402 ? p->resource : nullptr, p->resourceUrl, code, message));
}

void Merchant::paid(const MerchantResource& res, const HttpRequest& req, const std::string& resourceUrl, lezpay::net::Responder respond) {
  auto payload = x402::decodePaymentSignatureHeader(*req.header(x402::kPaymentSignatureHeader));
  if (!payload.ok()) {
    return respond(paymentError(402, &res, resourceUrl, payload.error().code, "PAYMENT-SIGNATURE: " + payload.error().message));
  }
  if (!(payload.value().accepted == res.requirements)) {
    return respond(paymentError(402, &res, resourceUrl, std::string(x402::toString(Reason::NoMatchingRequirements)),
                                "the payment's `accepted` is not one of the current offers for " + res.path));
  }
  if (!payload.value().resource || payload.value().resource->url != resourceUrl) {
    return respond(paymentError(402, &res, resourceUrl, std::string(x402::toString(Reason::LezResourceMismatch)),
                                "the payment is not for " + resourceUrl));
  }
  auto paymentId = x402::paymentIdOf(payload.value());
  if (!paymentId.ok()) return respond(paymentError(402, &res, resourceUrl, paymentId.error().code, paymentId.error().message));
  if (!paymentId.value() && res.paymentIdentifier == "required") {
    return respond(paymentError(400, nullptr, resourceUrl, "payment_identifier_required",
                                "this resource requires extensions.payment-identifier.info.id (x402 payment-identifier)"));
  }
  if (!payments_) {
    return respond(paymentError(503, nullptr, resourceUrl, "merchant_storage_unavailable",
                                "this merchant cannot record served payments right now; nothing was charged, try again later"));
  }
  auto p = std::make_shared<PaidRequest>();
  p->resource = &res;
  p->req = req;
  p->resourceUrl = resourceUrl;
  p->request = x402::FacilitatorRequest{payload.value(), res.requirements};
  p->txHash = txHashOfPayload(payload.value());
  p->paymentId = paymentId.value();
  const std::string material = x402::dumpJson(
      Json{{"resource", resourceUrl}, {"accepted", x402::toJson(payload.value().accepted)}, {"payload", payload.value().payload}});
  p->fingerprint = lezpay::util::toHex(
      lez::core::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(material.data()), material.size())));
  if (auto lp = x402::parseExactLezPayload(payload.value().payload); lp.ok()) p->validBefore = static_cast<std::int64_t>(lp.value().validBefore);
  p->seq = ++requestSeq_;
  p->respond = std::make_shared<lezpay::net::Responder>(std::move(respond));

  const std::int64_t now = unixSeconds();
  if (now - lastPruneS_ >= 60) {
    lastPruneS_ = now;
    payments_->prune(now);
  }
  if (p->paymentId) {
    if (auto row = payments_->byPaymentId(*p->paymentId)) {
      if (row->fingerprint != p->fingerprint) {
        return refuse(p, 409, "payment_identifier_conflict", "this payment-identifier id was used with another payment");
      }
      return replayServed(p, *row);
    }
  }
  if (p->txHash && payments_->byTransaction(*p->txHash)) {
    return refuse(p, 402, std::string(x402::toString(Reason::NonceReplayed)),
                  "this payment was already served; a client whose answer was lost retries with the same payment-identifier id");
  }
  qCInfo(lcMerchant) << "request" << p->seq << QString::fromStdString(res.path) << "verify";
  std::weak_ptr<int> alive = alive_;
  facilitator_->verify(p->request, resourceUrl, [this, alive, p](Result<x402::VerifyResponse> v) {
    if (!alive.lock()) return;
    if (!v.ok()) return refuse(p, 502, v.error().code, v.error().message);
    if (!v.value().isValid) {
      const std::string code = v.value().invalidReason.value_or(std::string(x402::toString(Reason::UnexpectedVerifyError)));
      const std::string message = v.value().invalidMessage.value_or("the payment is not valid");
      if (code == x402::toString(Reason::NonceReplayed)) return recoverSettled(p, code, message);
      return refuse(p, 402, code, message);
    }
    settleAndServe(p);
  });
}

void Merchant::settleAndServe(Paid p) {
  std::weak_ptr<int> alive = alive_;
  runHandler(*p->resource, p->req, [this, alive, p](HttpResponse content) {
    if (!alive.lock()) return;
    if (content.status >= 400) {
      count("handler_error");
      addCorsHeaders(content);
      return (*p->respond)(content);  // nothing is settled for a failed handler
    }
    qCInfo(lcMerchant) << "request" << p->seq << "settle";
    facilitator_->settle(p->request, p->resourceUrl, [this, alive, p, content](Result<x402::SettlementResponse> s) mutable {
      if (!alive.lock()) return;
      x402::SettlementResponse sr;
      if (!s.ok()) {
        sr.success = false;
        sr.errorReason = s.error().code;
        sr.errorMessage = s.error().message;
        sr.network = p->resource->requirements.network;
      } else {
        sr = s.value();
      }
      if (!sr.success) {
        const std::string code = sr.errorReason.value_or(std::string(x402::toString(Reason::UnexpectedSettleError)));
        // Settled between our verify and settle (a front-run, or a concurrent request): the
        // chain decides whether this payment is still ours to serve.
        if (code == x402::toString(Reason::NonceReplayed)) return recoverSettled(p, code, sr.errorMessage.value_or("already settled"));
        HttpResponse r = paymentError(402, p->resource, p->resourceUrl, code, sr.errorMessage.value_or("the settlement failed"));
        r.setHeader(std::string(x402::kPaymentResponseHeader), x402::encodePaymentResponseHeader(sr));
        qCInfo(lcMerchant) << "request" << p->seq << "settlement failed" << QString::fromStdString(code);
        return (*p->respond)(r);
      }
      serve(p, sr, std::move(content));
    });
  });
}

void Merchant::serve(Paid p, const x402::SettlementResponse& settlement, HttpResponse content) {
  ServedPayment row;
  row.txHash = p->txHash.value_or(settlement.transaction);
  row.paymentId = p->paymentId.value_or(std::string());
  row.fingerprint = p->fingerprint;
  row.resourceUrl = p->resourceUrl;
  row.settlementJson = x402::dumpJson(x402::toJson(settlement));
  row.servedAtMs = QDateTime::currentMSecsSinceEpoch();
  row.keepUntil = std::max(p->validBefore, unixSeconds()) + kServedGraceSeconds;
  // Committed before the answer leaves: a crash after this line leaves a record that a retry
  // with the same payment-identifier id is answered from.
  auto recorded = payments_->record(row);
  if (!recorded.ok()) {
    qCWarning(lcMerchant) << "request" << p->seq << "could not record the served payment:" << QString::fromStdString(recorded.error().message);
    return refuse(p, 503, "merchant_storage_unavailable",
                  "the payment settled (transaction " + row.txHash + ") but this merchant could not record it; retry the same payment "
                  "to receive the resource");
  }
  if (!recorded.value()) {
    // A concurrent request served this transaction first.
    auto first = payments_->byTransaction(row.txHash);
    if (first && p->paymentId && first->paymentId == *p->paymentId && first->fingerprint == p->fingerprint) {
      return replayServed(p, *first);
    }
    return refuse(p, 402, std::string(x402::toString(Reason::NonceReplayed)), "this payment was already served for another request");
  }
  count("paid");
  content.setHeader(std::string(x402::kPaymentResponseHeader), x402::encodePaymentResponseHeader(settlement));
  addCorsHeaders(content);
  qCInfo(lcMerchant) << "request" << p->seq << "paid";
  (*p->respond)(content);
}

void Merchant::replayServed(Paid p, const ServedPayment& row) {
  auto j = x402::parseJsonText(row.settlementJson);
  auto settlement = j.ok() ? x402::parseSettlementResponse(j.value()) : Result<x402::SettlementResponse>(j.error());
  if (!settlement.ok()) {
    return refuse(p, 500, std::string(x402::toString(Reason::UnexpectedSettleError)), "the recorded receipt of this payment is unreadable");
  }
  std::weak_ptr<int> alive = alive_;
  runHandler(*p->resource, p->req, [this, alive, p, sr = settlement.value()](HttpResponse content) {
    if (!alive.lock()) return;
    addCorsHeaders(content);
    if (content.status >= 400) return (*p->respond)(content);
    count("idempotent_replay");
    content.setHeader(std::string(x402::kPaymentResponseHeader), x402::encodePaymentResponseHeader(sr));
    qCInfo(lcMerchant) << "request" << p->seq << "answered again from the served-payments record";
    (*p->respond)(content);
  });
}

void Merchant::recoverSettled(Paid p, const std::string& code, const std::string& message) {
  const std::int64_t now = unixSeconds();
  auto lp = x402::parseExactLezPayload(p->request.paymentPayload.payload);
  // Past the record's lifetime this merchant cannot tell "never served" from "served and
  // pruned", so the payment stays refused.
  if (!p->txHash || !chainStatus_ || !lp.ok() || now > static_cast<std::int64_t>(lp.value().validBefore) + kServedGraceSeconds) {
    return refuse(p, 402, code, message);
  }
  // The merchant's own check of the payment, at a time inside its window: the window bounded
  // when it could be broadcast, and it was (the facilitator or the chain says so).
  const auto va = static_cast<std::int64_t>(lp.value().validAfter);
  const auto vb = static_cast<std::int64_t>(lp.value().validBefore) - static_cast<std::int64_t>(x402::kExpiryMarginSeconds);
  if (vb < va) return refuse(p, 402, code, message);
  const std::int64_t at = std::clamp(now, va, vb);
  x402::ExactLezVerifyOptions o;
  o.networks = {p->resource->requirements.network};
  o.expectedResourceUrl = p->resourceUrl;
  auto transfer = x402::verifyExactLezStatic(p->request.paymentPayload, p->resource->requirements, static_cast<std::uint64_t>(at), o);
  if (!transfer.ok()) return refuse(p, 402, code, message);
  x402::SettlementResponse sr;
  sr.success = true;
  sr.transaction = *p->txHash;
  sr.network = p->resource->requirements.network;
  sr.payer = transfer.value().payer.toBase58();
  sr.amount = transfer.value().amount.toDecimal();
  qCInfo(lcMerchant) << "request" << p->seq << "already settled elsewhere; reading the chain";
  std::weak_ptr<int> alive = alive_;
  waitIncluded(*p->txHash, QDateTime::currentMSecsSinceEpoch() + kRecoveryWaitMs, [this, alive, p, sr, code, message](Result<TxStatus> s) {
    if (!alive.lock()) return;
    if (!s.ok()) {
      return refuse(p, 502, std::string(x402::toString(Reason::FacilitatorUnavailable)),
                    "this payment was settled before and the chain could not be read to confirm it: " + s.error().message);
    }
    if (s.value().kind != TxStatus::Kind::Included) return refuse(p, 402, code, message);
    std::weak_ptr<int> alive2 = alive_;
    runHandler(*p->resource, p->req, [this, alive2, p, sr](HttpResponse content) {
      if (!alive2.lock()) return;
      if (content.status >= 400) {
        addCorsHeaders(content);
        return (*p->respond)(content);
      }
      count("recovered");
      serve(p, sr, std::move(content));
    });
  });
}

void Merchant::waitIncluded(const std::string& txHash, std::int64_t deadlineMs, std::function<void(Result<TxStatus>)> done) {
  std::weak_ptr<int> alive = alive_;
  chainStatus_(txHash, [this, alive, txHash, deadlineMs, done = std::move(done)](Result<TxStatus> s) mutable {
    if (!alive.lock()) return;
    if (s.ok() && s.value().kind == TxStatus::Kind::Pending && QDateTime::currentMSecsSinceEpoch() < deadlineMs) {
      QTimer::singleShot(200, this, [this, txHash, deadlineMs, done = std::move(done)]() mutable {
        waitIncluded(txHash, deadlineMs, std::move(done));
      });
      return;
    }
    done(std::move(s));
  });
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
      return done(jsonAnswer(bad ? 400 : 503, bad ? "invalid_query" : "store_unavailable", e.value("message", std::string())));
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
