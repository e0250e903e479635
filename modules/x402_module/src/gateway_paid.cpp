// The merchant as an x402 gateway (merchant.h, gateway_config.h; docs/protocol.md "x402
// gateway"): a request under a gateway route is challenged and verified as any paid resource,
// then forwarded to the origin; its answer is held up to buffer_bytes, settled only when the
// origin answered successfully (status < 500, and the answer is withheld, unpaid, when ≥ 400),
// and relayed to the payer with PAYMENT-RESPONSE. An origin that fails, resets or stays silent
// before that point settles nothing: the payer gets 502/504 with a stable code. After it, the
// remaining body is streamed with flow control (the origin is read only as fast as the payer
// reads), and an origin failure cuts the stream short (no last chunk) so the payer can tell.
#include <QLoggingCategory>

#include <algorithm>
#include <deque>

#include "gateway_headers.h"
#include "gateway_origin.h"
#include "merchant.h"
#include "merchant_paid.h"
#include "x402/header_codec.h"
#include "x402/json_codec.h"

Q_DECLARE_LOGGING_CATEGORY(lcMerchant)

namespace x402mod {

using lezpay::http::HttpRequest;
using lezpay::http::HttpResponse;
using x402::Json;

namespace {

// Pieces written to the payer's stream at a time, and the stream buffer a relay may fill:
// writes stop at half of it and resume from onDrained, so a relay never outruns its payer.
constexpr std::size_t kRelayPiece = 64 * 1024;
constexpr std::size_t kRelayStreamBuffer = 1024 * 1024;

HttpResponse gatewayAnswer(int status, const std::string& code, const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.setHeader("content-type", "application/json");
  r.body = x402::dumpJson(Json{{"error", code}, {"message", message}});
  r.setHeader(std::string(x402::kPaymentErrorHeader), code);
  addCorsHeaders(r);
  return r;
}

// Stable codes of the answers the HTTP server makes itself, for a gateway's payers.
std::string selfAnswerCode(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 408: return "request_timeout";
    case 413: return "request_too_large";
    case 431: return "request_headers_too_large";
    case 501: return "not_implemented";
    case 503: return "server_busy";
    case 505: return "http_version_not_supported";
    default: return "http_error";
  }
}

std::string methodsAllowed(const GatewayConfig& g, const std::string& path) {
  std::vector<std::string> methods;
  for (std::size_t i = 0; i < g.routes.size(); ++i) {
    const auto& r = g.routes[i];
    GatewayConfig one;
    one.routes = {r};
    if (matchGatewayRoute(one, r.method == "*" ? "GET" : r.method, path) < 0) continue;
    if (r.method == "*") return "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    if (std::find(methods.begin(), methods.end(), r.method) == methods.end()) methods.push_back(r.method);
  }
  if (methods.empty()) return {};
  std::string out;
  for (const auto& m : methods) out += m + ", ";
  return out + "OPTIONS";
}

}  // namespace

// The origin's answer to one paid request, from its head to its last byte.
struct GatewayRelay {
  std::uint64_t id = 0;
  std::unique_ptr<OriginExchange> exchange;
  std::function<void(HttpResponse)> done;  // the merchant's continuation, until the answer is judged
  HttpResponse head;                       // status and the headers the payer may see
  std::string buffered;                    // the body before it is judged
  bool continues = false;                  // judged with the body still coming from the origin
  bool ended = false;                      // the origin's answer is complete
  bool failed = false;                     // the origin failed after the answer was judged
  std::shared_ptr<lezpay::net::ResponseStream> stream;
  std::deque<std::string> queue;  // relayed bytes not yet written to the stream

  // Hands the judged answer to the merchant once.
  void judge(HttpResponse content) {
    auto d = std::move(done);
    done = nullptr;
    if (d) d(std::move(content));
  }
};

void Merchant::configureGatewayServer(lezpay::net::HttpServerOptions& o) {
  const GatewayConfig& g = *config_.gateway;
  gatewayResources_.clear();
  for (const auto& r : g.routes) {
    MerchantResource m;
    m.path = r.pathPrefix;
    m.kind = "gateway";
    m.mimeType = r.mimeType;
    m.description = r.description;
    m.paymentIdentifier = r.paymentIdentifier;
    m.requirements = r.requirements;
    gatewayResources_.push_back(std::move(m));
  }
  o.limits.maxBodyBytes = g.maxRequestBytes;
  o.maxStreamBufferBytes = kRelayStreamBuffer;
  const std::size_t limit = g.maxRequestBytes;
  o.selfAnswerShape = [limit](int status, const std::string& sentence) {
    // The parser's sentence for 413 names the declared size; the limit is the useful part.
    return gatewayAnswer(status, selfAnswerCode(status),
                         status == 413 ? "the request body is larger than this gateway accepts (" + std::to_string(limit) + " bytes)"
                                       : sentence);
  };
}

Json Merchant::describeGateway() const {
  const GatewayConfig& g = *config_.gateway;
  Json routes = Json::array();
  for (const auto& r : g.routes) {
    routes.push_back(Json{{"method", r.method},
                          {"path_prefix", r.pathPrefix},
                          {"url", baseUrl() + r.pathPrefix},
                          {"description", r.description},
                          {"requirements", x402::toJson(r.requirements)}});
  }
  // The origin's URL is left out: it may name an internal host.
  return Json{{"routes", routes},
              {"max_request_bytes", g.maxRequestBytes},
              {"origin_timeout_ms", g.originTimeoutMs},
              {"buffer_bytes", g.bufferBytes},
              {"relaying", relays_.size()}};
}

bool Merchant::handleGateway(const HttpRequest& req, lezpay::net::Responder& respond, lezpay::net::StreamOpener& open) {
  if (!config_.gateway) return false;
  const GatewayConfig& g = *config_.gateway;
  for (const auto& r : config_.resources) {
    if (r.path == req.path) return false;  // a configured resource is the merchant's own
  }
  if (req.method == "OPTIONS") {
    const std::string methods = methodsAllowed(g, req.path);
    if (methods.empty()) return false;
    HttpResponse r;
    r.status = 204;
    addCorsHeaders(r);
    r.setHeader("access-control-allow-methods", methods);
    r.setHeader("access-control-allow-headers", std::string(x402::kCorsAllowHeaders));
    r.setHeader("access-control-max-age", "600");
    respond(r);
    return true;
  }
  const int index = matchGatewayRoute(g, req.method, req.path);
  if (index < 0) {
    const std::string methods = methodsAllowed(g, req.path);
    if (methods.empty()) return false;
    HttpResponse r = paymentError(405, nullptr, "", "method_not_allowed", req.method + " is not served here; this path answers " + methods);
    r.setHeader("allow", methods);
    respond(r);
    return true;
  }
  const MerchantResource& res = gatewayResources_[static_cast<std::size_t>(index)];
  // The payment is for one exact request target (path and query) of one route.
  const std::string resourceUrl = baseUrl() + req.target;
  if (!req.header(x402::kPaymentSignatureHeader)) {
    respond(paymentError(402, &res, resourceUrl, std::string(x402::toString(x402::Reason::PaymentRequired)),
                         "this resource costs " + res.requirements.amount + " native units on " + res.requirements.network +
                             "; pay with a PAYMENT-SIGNATURE header (x402 v2)"));
    return true;
  }
  paid(res, req, resourceUrl, std::move(respond), std::move(open));
  return true;
}

void Merchant::produce(const Paid& p, std::function<void(HttpResponse)> done) {
  if (p->resource->kind != "gateway") return runHandler(*p->resource, p->req, std::move(done));
  const GatewayConfig& g = *config_.gateway;
  auto origin = lezpay::http::parseUrl(g.originUrl);  // checked when the config was parsed
  if (!origin.ok()) return done(gatewayAnswer(502, "origin_unreachable", "the origin's address is not usable; nothing was charged"));
  std::string base = origin.value().target;
  if (!base.empty() && base.back() == '/') base.pop_back();
  auto relay = std::make_shared<GatewayRelay>();
  relay->id = p->seq;
  relay->done = std::move(done);
  p->relay = relay;
  const std::size_t bufferBytes = g.bufferBytes;
  const std::uint64_t seq = p->seq;
  std::weak_ptr<GatewayRelay> weak = relay;
  std::weak_ptr<int> alive = alive_;
  OriginExchange::Events events;
  events.head = [this, weak, alive, seq](const HttpResponse& h) {
    auto r = weak.lock();
    if (!r || !alive.lock()) return;
    if (h.status >= 500) {
      qCInfo(lcMerchant) << "request" << seq << "origin answered" << h.status << "; nothing settles";
      count("origin_error");
      r->exchange.reset();
      return r->judge(gatewayAnswer(502, "origin_error", "the origin answered " + std::to_string(h.status) +
                                                             "; nothing was charged"));
    }
    r->head.status = h.status;
    r->head.headers = payerResponseHeaders(h.headers);
  };
  events.body = [this, weak, alive, bufferBytes](std::string part) {
    auto r = weak.lock();
    if (!r || !alive.lock()) return;
    if (r->done) {
      r->buffered += part;
      if (r->buffered.size() < bufferBytes) return;
      // Enough to judge: the origin waits (TCP) while the payment settles.
      r->exchange->pause();
      r->continues = true;
      HttpResponse content = r->head;
      content.body = std::move(r->buffered);
      r->buffered.clear();
      return r->judge(std::move(content));
    }
    r->queue.push_back(std::move(part));
    if (r->stream) pumpRelay(r);
  };
  events.end = [this, weak, alive]() {
    auto r = weak.lock();
    if (!r || !alive.lock()) return;
    r->ended = true;
    if (r->done) {
      HttpResponse content = r->head;
      content.body = std::move(r->buffered);
      r->buffered.clear();
      return r->judge(std::move(content));
    }
    if (r->stream) pumpRelay(r);
  };
  events.failed = [this, weak, alive, seq](lezpay::util::Error e) {
    auto r = weak.lock();
    if (!r || !alive.lock()) return;
    if (r->done) {
      qCInfo(lcMerchant) << "request" << seq << "origin failed:" << QString::fromStdString(e.code) << "; nothing settles";
      count(e.code);
      const int status = e.code == "origin_timeout" ? 504 : 502;
      return r->judge(gatewayAnswer(status, e.code, e.message + "; nothing was charged"));
    }
    qCWarning(lcMerchant) << "request" << seq << "origin failed while relaying:" << QString::fromStdString(e.code);
    r->failed = true;
    if (r->stream) pumpRelay(r);
  };
  qCInfo(lcMerchant) << "request" << seq << "forward" << QString::fromStdString(p->req.method) << QString::fromStdString(p->req.path);
  relay->exchange = OriginExchange::start(origin.value(), p->req.method, base + p->req.target, originRequestHeaders(p->req, "http"),
                                          p->req.body, g.originTimeoutMs, std::move(events));
}

void Merchant::deliver(const Paid& p, HttpResponse content) {
  auto relay = p->relay;
  if (!relay || !relay->continues || !p->open) {
    if (relay) relay->exchange.reset();
    return (*p->respond)(std::move(content));
  }
  HttpResponse head = content;
  head.body.clear();
  auto stream = p->open(std::move(head));
  if (!stream->isOpen()) {
    relay->exchange.reset();  // the payer left before the answer could start
    return;
  }
  relay->stream = stream;
  for (std::size_t at = 0; at < content.body.size(); at += kRelayPiece) {
    relay->queue.push_back(content.body.substr(at, kRelayPiece));
  }
  content.body.clear();
  relays_[relay->id] = relay;
  std::weak_ptr<GatewayRelay> weak = relay;
  std::weak_ptr<int> alive = alive_;
  stream->onDrained([this, weak, alive]() {
    auto r = weak.lock();
    if (r && alive.lock()) pumpRelay(r);
  });
  stream->onClosed([this, weak, alive]() {
    auto r = weak.lock();
    if (!r || !alive.lock()) return;
    qCInfo(lcMerchant) << "request" << r->id << "the payer left while the answer was relayed";
    finishRelay(r);
  });
  pumpRelay(relay);
}

void Merchant::pumpRelay(const std::shared_ptr<GatewayRelay>& r) {
  auto& stream = r->stream;
  while (!r->queue.empty() && stream->isOpen() && stream->unsentBytes() < kRelayStreamBuffer / 2) {
    std::string& front = r->queue.front();
    if (front.size() <= kRelayPiece) {
      stream->write(front);
      r->queue.pop_front();
    } else {
      stream->write(std::string_view(front).substr(0, kRelayPiece));
      front.erase(0, kRelayPiece);
    }
  }
  if (!stream->isOpen()) return finishRelay(r);
  if (!r->queue.empty()) {
    if (r->exchange) r->exchange->pause();
    return;
  }
  if (r->ended) {
    stream->end();
    return finishRelay(r);
  }
  if (r->failed) {
    stream->abort();  // no last chunk: the payer sees the answer cut short
    return finishRelay(r);
  }
  if (r->exchange) r->exchange->resume();
}

void Merchant::finishRelay(const std::shared_ptr<GatewayRelay>& r) {
  auto keep = r;
  relays_.erase(r->id);
  keep->queue.clear();
  keep->exchange.reset();
}

}  // namespace x402mod
