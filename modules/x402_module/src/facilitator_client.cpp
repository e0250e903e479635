#include "facilitator_client.h"

#include <QMetaObject>

#include "facilitator.h"
#include "lezpay/net/http_client.h"
#include "x402/json_codec.h"

namespace x402mod {

using lezpay::util::Error;
using lezpay::util::Result;
using x402::Reason;

FacilitatorClient::FacilitatorClient(std::string url, std::function<Facilitator*()> local, QObject* anchor, int timeoutMs,
                                     std::string token)
    : url_(std::move(url)), local_(std::move(local)), anchor_(anchor), timeoutMs_(timeoutMs), token_(std::move(token)) {
  while (!url_.empty() && url_.back() == '/') url_.pop_back();
  pool_.setMaxThreadCount(32);  // concurrent paid requests each hold one exchange at a time
}

FacilitatorClient::~FacilitatorClient() { pool_.waitForDone(); }

void FacilitatorClient::post(const std::string& path, std::string body, std::function<void(Result<std::string>)> done) {
  const std::string target = url_ + path;
  const int timeoutMs = timeoutMs_;
  QObject* anchor = anchor_;
  lezpay::http::Headers headers{{"content-type", "application/json"}};
  if (!token_.empty()) headers.emplace_back("authorization", "Bearer " + token_);
  pool_.start([target, headers = std::move(headers), body = std::move(body), timeoutMs, anchor, done = std::move(done)]() mutable {
    lezpay::net::HttpClientOptions o;
    o.timeoutMs = timeoutMs;
    o.maxResponseBytes = 1024 * 1024;
    auto r = lezpay::net::httpRequest("POST", target, headers, body, o);
    Result<std::string> out = x402::makeError(Reason::FacilitatorUnavailable, target + " gave no answer");
    if (!r.ok()) {
      out = x402::makeError(Reason::FacilitatorUnavailable, target + ": " + r.error().message);
    } else if (r->status == 200 || r->status == 400) {
      out = r->body;
    } else if (r->status == 401) {
      out = x402::makeError(Reason::FacilitatorUnavailable, target + " refused this merchant's credential (HTTP 401): set "
                                                            "facilitator_token_path to the facilitator's token file");
    } else {
      out = x402::makeError(Reason::FacilitatorUnavailable, target + " answered HTTP " + std::to_string(r->status));
    }
    QMetaObject::invokeMethod(anchor, [done = std::move(done), out = std::move(out)]() mutable { done(std::move(out)); },
                              Qt::QueuedConnection);
  });
}

void FacilitatorClient::verify(const x402::FacilitatorRequest& request, std::optional<std::string> expectedResourceUrl, VerifyDone done) {
  if (url_.empty()) {
    Facilitator* f = local_ ? local_() : nullptr;
    if (!f) return done(x402::makeError(Reason::FacilitatorUnavailable, "no facilitator is running in this module"));
    return f->verify(request, std::move(expectedResourceUrl), [done = std::move(done)](x402::VerifyResponse v) { done(v); });
  }
  post("/verify", x402::dumpJson(x402::toJson(request)), [done = std::move(done)](Result<std::string> body) {
    if (!body.ok()) return done(body.error());
    auto j = x402::parseJsonText(body.value());
    if (!j.ok()) return done(x402::makeError(Reason::FacilitatorUnavailable, "the facilitator's /verify answer is not JSON"));
    auto v = x402::parseVerifyResponse(j.value());
    if (!v.ok()) return done(x402::makeError(Reason::FacilitatorUnavailable, "the facilitator's /verify answer: " + v.error().message));
    done(v.value());
  });
}

void FacilitatorClient::settle(const x402::FacilitatorRequest& request, std::optional<std::string> expectedResourceUrl, SettleDone done) {
  if (url_.empty()) {
    Facilitator* f = local_ ? local_() : nullptr;
    if (!f) return done(x402::makeError(Reason::FacilitatorUnavailable, "no facilitator is running in this module"));
    return f->settle(request, std::move(expectedResourceUrl), [done = std::move(done)](x402::SettlementResponse s) { done(s); });
  }
  post("/settle", x402::dumpJson(x402::toJson(request)), [done = std::move(done)](Result<std::string> body) {
    if (!body.ok()) return done(body.error());
    auto j = x402::parseJsonText(body.value());
    if (!j.ok()) return done(x402::makeError(Reason::FacilitatorUnavailable, "the facilitator's /settle answer is not JSON"));
    auto s = x402::parseSettlementResponse(j.value());
    if (!s.ok()) return done(x402::makeError(Reason::FacilitatorUnavailable, "the facilitator's /settle answer: " + s.error().message));
    done(s.value());
  });
}

}  // namespace x402mod
