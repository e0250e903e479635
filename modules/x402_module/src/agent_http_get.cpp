// httpGet: the agent's paying HTTP client (x402.md §1, §7.8). GET; on 402 decode
// PAYMENT-REQUIRED, choose the LEZ `exact` option, pay with an approved spend request's
// credential (exactly that amount, payee, network, asset, merchant origin and resource) by
// retrying once with PAYMENT-SIGNATURE, or open a spend request and report that approval is
// pending. Every step is a continuation (agent.h "Threading"): the unpaid GET, the credential
// refresh through wallet_module, the paid GET and the receipt check each end in the next step,
// and the module answers other calls in between.
#include "agent.h"
#include "lez/core/borsh.h"
#include "lezpay/http/http_message.h"
#include "lezpay/net/async_http_client.h"
#include "lezpay/util/base64.h"
#include "logos/envelope.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/header_codec.h"
#include "x402/json_codec.h"
#include "x402/payment_identifier.h"
#include "x402/spend_policy.h"
#include "x402/spend_request_json.h"

namespace x402mod {

using logos::Json;
using lez::core::U128;

namespace {

Json spendError(const lezpay::util::Error& e) { return logos::errorEnvelope(e.code, e.message); }

constexpr const char* kOptionKeys[] = {"reason", "merchant_name", "request_approval", "headers", "timeout_ms", "spend_request_id"};

// Status, headers and body of an HTTP answer; the body as text when it is UTF-8, else base64.
Json describe(const lezpay::http::HttpResponse& r) {
  Json headers = Json::object();
  for (const auto& [name, value] : r.headers) {
    if (headers.contains(name)) headers[name] = headers[name].get<std::string>() + ", " + value;
    else headers[name] = value;
  }
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(r.body.data());
  const bool text = lez::core::isValidUtf8(std::span<const std::uint8_t>(bytes, r.body.size()));
  return Json{{"http_status", r.status}, {"headers", headers},
              {"body", text ? r.body : lezpay::util::toBase64(std::span<const std::uint8_t>(bytes, r.body.size()))},
              {"body_encoding", text ? "utf8" : "base64"}};
}

bool sameScopePending(const x402::SpendRequest& r, const U128& amount, const std::string& payTo, const std::string& network,
                      const std::string& origin, const std::string& resource) {
  if (r.status != x402::SpendStatus::Created && r.status != x402::SpendStatus::PendingApproval) return false;
  auto o = x402::urlOrigin(r.merchant_url);
  return r.amount == amount && r.pay_to == payTo && r.network == network && r.asset == x402::kAssetNative && o.ok() &&
         o.value() == origin && (r.resource_url.empty() ? r.merchant_url : r.resource_url) == resource;
}

}  // namespace

// What one httpGet carries from step to step.
struct Agent::HttpGetFlow {
  explicit HttpGetFlow(logos::sdk::Reply r) : reply(std::move(r)) {}
  logos::sdk::Reply reply;
  std::string url;
  Json options;
  lezpay::http::Headers headers;
  lezpay::net::HttpClientOptions http;
  std::string origin;
  std::uint64_t fetch = 0;  // the exchange in flight (abortFetch)
  Json out;
  x402::PaymentRequired challenge;
  x402::PaymentRequirements option;
  std::int64_t t = 0;
  std::string requestId;
  std::string signature;
  bool paymentSent = false;  // the paid GET is in flight: its outcome is unknown until it answers
};

std::uint64_t Agent::fetch(const std::string& url, const lezpay::http::Headers& headers, const lezpay::net::HttpClientOptions& options,
                           FetchDone done) {
  const std::uint64_t key = ++httpSerial_;
  auto request = lezpay::net::AsyncHttpRequest::start(
      "GET", url, headers, "", options, [this, key, done = std::move(done)](lezpay::util::Result<lezpay::http::HttpResponse> r) {
        // The request object stays alive until `done` returns (it may be running this callback).
        auto held = http_.extract(key);
        done(std::move(r));
      });
  http_.emplace(key, std::move(request));
  return key;
}

void Agent::abortFetch(std::uint64_t key) { http_.erase(key); }

void Agent::receiptProblem(const std::string& credentialTxHash, const std::optional<x402::SettlementResponse>& settlement,
                           std::function<void(std::string)> done) {
  if (settlement && settlement->transaction != credentialTxHash) {
    return done("the merchant's receipt names transaction '" + settlement->transaction.substr(0, 64) +
                "', not the transfer this credential signed");
  }
  // Bounded: the receipt is checked once, for at most kReceiptWaitMs, in wallet_module.
  wallet("wait_for_transaction", Json{{"tx_hash", credentialTxHash}, {"timeout_ms", kReceiptWaitMs}},
         [credentialTxHash, done = std::move(done)](Json status) {
           if (logos::isOk(status)) return done(std::string());
           const std::string code = status.value("code", std::string("?"));
           if (code == "TX_UNKNOWN") return done("the chain does not know transaction " + credentialTxHash + ": nothing was settled");
           if (code == "TX_TIMEOUT") {
             return done("transaction " + credentialTxHash + " was not included within " + std::to_string(kReceiptWaitMs / 1000) + " s");
           }
           if (code == "TX_REJECTED") return done("the chain rejected transaction " + credentialTxHash);
           done("the chain could not be read to confirm transaction " + credentialTxHash + " (" + code + ": " +
                status.value("message", std::string()) + ")");
         },
         kReceiptWaitMs);
}

void Agent::httpGet(const std::string& url, const Json& options, logos::sdk::Reply reply) {
  for (auto it = options.begin(); it != options.end(); ++it) {
    if (std::find(std::begin(kOptionKeys), std::end(kOptionKeys), it.key()) == std::end(kOptionKeys)) {
      return reply.answer(logos::errorEnvelope(kInvalidArgument, "options." + it.key() + " is not an httpGet option"));
    }
  }
  for (const char* k : {"reason", "merchant_name", "spend_request_id"}) {
    if (options.contains(k) && !options[k].is_null() && !options[k].is_string()) {
      return reply.answer(logos::errorEnvelope(kInvalidArgument, std::string("options.") + k + " must be a string"));
    }
  }
  if (options.contains("request_approval") && !options["request_approval"].is_boolean()) {
    return reply.answer(logos::errorEnvelope(kInvalidArgument, "options.request_approval must be a boolean"));
  }
  auto g = std::make_shared<HttpGetFlow>(reply);
  g->url = url;
  g->options = options;
  if (options.contains("headers")) {
    if (!options["headers"].is_object()) return reply.answer(logos::errorEnvelope(kInvalidArgument, "options.headers must be an object of strings"));
    for (auto it = options["headers"].begin(); it != options["headers"].end(); ++it) {
      if (!it.value().is_string()) return reply.answer(logos::errorEnvelope(kInvalidArgument, "options.headers." + it.key() + " must be a string"));
      // x402.md §7.8: a request that already carries a payment is not ours to pay.
      if (x402::equalsIgnoreCase(it.key(), x402::kPaymentSignatureHeader) || x402::equalsIgnoreCase(it.key(), "x-payment")) {
        return reply.answer(logos::errorEnvelope(kInvalidArgument, "options.headers must not carry a payment header; httpGet adds it"));
      }
      g->headers.emplace_back(it.key(), it.value().get<std::string>());
    }
  }
  g->http.timeoutMs = static_cast<int>(config_.http_timeout_ms);
  if (options.contains("timeout_ms")) {
    if (!options["timeout_ms"].is_number_unsigned()) return reply.answer(logos::errorEnvelope(kInvalidArgument, "options.timeout_ms must be a positive integer"));
    g->http.timeoutMs = static_cast<int>(std::clamp<std::uint64_t>(options["timeout_ms"].get<std::uint64_t>(), 100, 600000));
  }
  auto origin = x402::urlOrigin(url);
  if (!origin.ok()) return reply.answer(logos::errorEnvelope(kInvalidArgument, "url: " + origin.error().message));
  g->origin = origin.value();

  // A caller that goes away aborts the exchange in flight. When that is the paid GET, the
  // outcome is unknown, as when the merchant cannot be reached (see sendPayment).
  std::weak_ptr<int> alive = life_;
  std::weak_ptr<HttpGetFlow> weak = g;
  reply.onCancel([this, alive, weak]() {
    auto flow = weak.lock();
    if (!alive.lock() || !flow) return;
    abortFetch(flow->fetch);
    if (flow->paymentSent) {
      (void)audit_.append("payment_outcome_unknown", Json{{"spend_request_id", flow->requestId}, {"message", "the caller cancelled httpGet"}}, now());
    }
  });

  // 1. The unpaid request.
  g->fetch = fetch(url, g->headers, g->http, [this, g](lezpay::util::Result<lezpay::http::HttpResponse> first) {
    if (g->reply.done()) return;
    if (!first.ok()) return g->reply.answer(logos::errorEnvelope(kHttpError, first.error().code + ": " + first.error().message));
    onUnpaidAnswer(g, std::move(first.value()));
  });
}

void Agent::onUnpaidAnswer(const std::shared_ptr<HttpGetFlow>& g, lezpay::http::HttpResponse first) {
  const auto& reply = g->reply;
  const Json& options = g->options;
  const std::string& url = g->url;
  const auto str = [&](const char* k) -> std::optional<std::string> {
    if (!options.contains(k) || options[k].is_null()) return std::nullopt;
    return options[k].is_string() ? std::optional<std::string>(options[k].get<std::string>()) : std::nullopt;
  };
  Json out = describe(first);
  if (first.status != 402) {
    out["payment"] = "none";
    return reply.ok(out);
  }
  const auto challengeHeader = first.header(x402::kPaymentRequiredHeader);
  if (!challengeHeader) {
    out["payment"] = "no_challenge";  // a 402 without a v2 challenge: nothing we can pay
    return reply.ok(out);
  }
  auto challenge = x402::decodePaymentRequiredHeader(*challengeHeader);
  if (!challenge.ok()) {
    return reply.answer(logos::errorEnvelope(kInvalidChallenge, "the merchant's PAYMENT-REQUIRED header is malformed: " + challenge.error().message));
  }

  // 2. The option we can pay: exact, our network, native asset.
  const x402::PaymentRequirements* option = nullptr;
  Json offered = Json::array();
  for (const auto& a : challenge->accepts) {
    offered.push_back(a.scheme + "/" + a.network + "/" + a.asset);
    if (!option && a.scheme == x402::kSchemeExact && a.network == config_.network && a.asset == x402::kAssetNative) option = &a;
  }
  if (!option) {
    Json e = logos::errorEnvelope(kNoAcceptableOption, "the merchant offers no exact/" + config_.network + "/native option");
    e["offered"] = offered;
    return reply.answer(e);
  }
  auto amount = U128::parseDecimal(option->amount);
  auto payTo = x402::parseLezAddress(option->payTo);
  if (!amount.ok() || !payTo) return reply.answer(logos::errorEnvelope(kInvalidChallenge, "the chosen option has a malformed amount or payTo"));
  const std::string payToText = payTo->toBase58();
  const std::string& resource = challenge->resource.url;
  const std::string& origin = g->origin;
  out["payment_required"] = x402::toJson(challenge.value());

  const std::int64_t t = now();
  if (auto e = refreshAll(t)) return reply.answer(*e);

  // 3. An approved credential for exactly this scope.
  int chosen = -1;
  const auto usable = [&](const x402::SpendRequest& stored) {
    // A never-sent credential whose window closed is re-signed before use (refreshStaleCredential)
    // while the request itself is still valid.
    x402::SpendRequest r = stored;
    if (r.credential && r.payment_attempted_at == 0 && r.status == x402::SpendStatus::Approved) r.credential->valid_before = r.valid_until;
    auto st = x402::canUse(r, amount.value(), payToText, option->network, option->asset, origin,
                           t + static_cast<std::int64_t>(x402::kExpiryMarginSeconds));
    if (st.ok() && boundResource(r) != resource) {
      return lezpay::util::Status(lezpay::util::Error{std::string(x402::toString(x402::SpendError::ScopeMismatch)),
                                                      "the approval is for resource " + boundResource(r) + ", not " + resource});
    }
    return st;
  };
  if (auto wanted = str("spend_request_id")) {
    chosen = find(*wanted);
    if (chosen < 0) return reply.answer(logos::errorEnvelope(x402::toString(x402::SpendError::NotFound), "no spend request with id '" + *wanted + "'"));
    if (auto st = usable(requests_[static_cast<std::size_t>(chosen)]); !st.ok()) {
      (void)audit_.append("payment_refused_by_agent", Json{{"spend_request_id", *wanted}, {"code", st.error().code}, {"message", st.error().message}, {"url", url}}, t);
      Json e = logos::errorEnvelope(st.error().code, st.error().message);
      e["spend_request_id"] = *wanted;
      return reply.answer(e);
    }
  } else {
    for (std::size_t i = 0; i < requests_.size() && chosen < 0; ++i) {
      if (usable(requests_[i]).ok()) chosen = static_cast<int>(i);
    }
  }

  if (chosen < 0) {
    // 4. No credential: reuse a request already waiting for the owner, or open one.
    for (auto it = requests_.rbegin(); it != requests_.rend(); ++it) {
      if (sameScopePending(*it, amount.value(), payToText, option->network, origin, resource)) {
        out["payment"] = "approval_pending";
        out["spend_request_id"] = it->id;
        out["spend_request"] = x402::publicView(*it);
        return reply.ok(out);
      }
    }
    x402::SpendRequestDraft create;
    create.merchant_name = str("merchant_name").value_or(origin);
    create.merchant_url = url;
    create.pay_to = payToText;
    create.amount = amount->toDecimal();
    create.asset = option->asset;
    create.network = option->network;
    create.reason = str("reason").value_or(std::string());
    create.resource_url = resource;
    create.max_timeout_seconds = option->maxTimeoutSeconds;
    Json created = openSpendRequest(create, options.value("request_approval", true));
    if (!logos::isOk(created)) return reply.answer(created);
    out["payment"] = "approval_pending";
    out["spend_request_id"] = created["spend_request"]["id"];
    out["spend_request"] = created["spend_request"];
    return reply.ok(out);
  }

  // 5. Pay, after re-signing a stale credential (wallet_module, asynchronous).
  g->out = std::move(out);
  g->challenge = challenge.value();
  g->option = *option;
  g->t = t;
  g->requestId = requests_[static_cast<std::size_t>(chosen)].id;
  refreshStaleCredential(g->requestId, t, option->maxTimeoutSeconds, [this, g](std::optional<Json> e) {
    if (g->reply.done()) return;
    if (e) return g->reply.answer(*e);
    sendPayment(g);
  });
}

void Agent::sendPayment(const std::shared_ptr<HttpGetFlow>& g) {
  const auto& reply = g->reply;
  const std::int64_t t = g->t;
  auto prepared = approvedPayment(g->requestId, g->challenge, g->option);
  if (auto* e = std::get_if<Json>(&prepared)) return reply.answer(*e);
  auto& [r, payment] = std::get<ApprovedPayment>(prepared);
  g->signature = x402::encodePaymentSignatureHeader(payment);
  r = x402::markAttempted(r, t);
  if (auto e = commit(r, "payment_sent", Json{{"url", g->url}, {"amount", r.amount.toDecimal()}, {"pay_to", r.pay_to},
                                             {"tx_hash", r.credential->tx_hash}}, t)) {
    return reply.answer(*e);
  }
  lezpay::http::Headers paid = g->headers;
  paid.emplace_back(std::string(x402::kPaymentSignatureHeader), g->signature);
  g->paymentSent = true;
  g->fetch = fetch(g->url, paid, g->http, [this, g](lezpay::util::Result<lezpay::http::HttpResponse> second) {
    if (g->reply.done()) return;
    g->paymentSent = false;
    if (!second.ok()) {
      // The outcome is unknown; the request stays approved and a retry resends the same signed
      // transfer, which the LEZ nonce lets settle at most once.
      (void)audit_.append("payment_outcome_unknown", Json{{"spend_request_id", g->requestId}, {"message", second.error().message}}, now());
      Json e = logos::errorEnvelope(kHttpError, second.error().code + ": " + second.error().message +
                                                    " (the payment may be retried with httpGet; it cannot settle twice)");
      e["spend_request_id"] = g->requestId;
      return g->reply.answer(e);
    }
    onPaidAnswer(g, std::move(second.value()));
  });
}

void Agent::onPaidAnswer(const std::shared_ptr<HttpGetFlow>& g, lezpay::http::HttpResponse second) {
  std::optional<x402::SettlementResponse> settlement;
  std::string settlementNote;
  if (auto h = second.header(x402::kPaymentResponseHeader)) {
    auto s = x402::decodePaymentResponseHeader(*h);
    if (s.ok()) {
      settlement = s.value();
    } else {
      settlementNote = "unreadable PAYMENT-RESPONSE: " + s.error().message;
    }
  }
  // The merchant's reason, from the settlement, its x-payment-error header or a fresh challenge.
  std::string reason = settlement && settlement->errorReason ? *settlement->errorReason : std::string();
  std::string message = settlement && settlement->errorMessage ? *settlement->errorMessage : std::string();
  if (reason.empty()) reason = second.header(x402::kPaymentErrorHeader).value_or(std::string());
  if (auto again = second.header(x402::kPaymentRequiredHeader)) {
    auto c = x402::decodePaymentRequiredHeader(*again);
    if (c.ok() && c->error && reason.empty()) reason = *c->error;
  }
  const bool merchantSaysPaid = second.status >= 200 && second.status < 300 && (!settlement || settlement->success);
  const int i = find(g->requestId);
  const std::string txHash = i >= 0 && requests_[static_cast<std::size_t>(i)].credential
                                 ? requests_[static_cast<std::size_t>(i)].credential->tx_hash
                                 : std::string();
  // A receipt is a claim by the merchant: before `succeeded`, the transaction it names must be
  // this credential's transfer and be included on chain (receiptConfirmed).
  if (!merchantSaysPaid || reason == x402::toString(x402::Reason::SettlementPending) || txHash.empty()) {
    return finishPayment(g, second, settlement, settlementNote, reason, message, std::string());
  }
  auto held = std::make_shared<lezpay::http::HttpResponse>(std::move(second));
  receiptProblem(txHash, settlement, [this, g, held, settlement, settlementNote, reason, message](std::string unconfirmed) {
    if (g->reply.done()) return;
    finishPayment(g, *held, settlement, settlementNote, reason, message, std::move(unconfirmed));
  });
}

void Agent::finishPayment(const std::shared_ptr<HttpGetFlow>& g, const lezpay::http::HttpResponse& second,
                          std::optional<x402::SettlementResponse> settlement, std::string settlementNote, std::string reason,
                          std::string message, std::string unconfirmed) {
  const auto& reply = g->reply;
  Json out = describe(second);
  out["spend_request_id"] = g->requestId;
  out["payment_signature"] = g->signature;
  out["settlement"] = settlement ? x402::toJson(*settlement) : Json(nullptr);
  if (auto again = second.header(x402::kPaymentRequiredHeader)) {
    auto c = x402::decodePaymentRequiredHeader(*again);
    if (c.ok() && c->error) out["payment_required"] = x402::toJson(c.value());
  }
  const int i = find(g->requestId);
  if (i < 0) return reply.answer(logos::errorEnvelope(x402::toString(x402::SpendError::NotFound), "no spend request with id '" + g->requestId + "'"));
  const x402::SpendRequest r = requests_[static_cast<std::size_t>(i)];
  if (!r.credential) {
    return reply.answer(logos::errorEnvelope(x402::toString(x402::SpendError::InvalidTransition), "spend request " + r.id + " lost its credential"));
  }
  const std::int64_t t2 = now();
  if (reason == x402::toString(x402::Reason::SettlementPending)) {
    out["payment"] = "settlement_pending";
    out["payment_error"] = Json{{"reason", reason}, {"message", message}};
    (void)audit_.append("payment_settlement_pending", Json{{"spend_request_id", r.id}, {"tx_hash", r.credential->tx_hash}}, t2);
    return reply.ok(out);
  }
  const bool merchantSaysPaid = second.status >= 200 && second.status < 300 && (!settlement || settlement->success);
  const bool success = merchantSaysPaid && unconfirmed.empty();
  const std::string settlementText = settlement ? x402::dumpJson(x402::toJson(*settlement)) : std::string();
  if (!unconfirmed.empty()) {
    reason = std::string(x402::kSettlementUnconfirmed);
    message = unconfirmed + "; the signed transfer " + r.credential->tx_hash +
              " is still outstanding (whoever holds it can broadcast it until the payer's nonce moves on)";
  }
  const std::string details = success ? settlementNote
                                      : (reason.empty() ? "merchant answered " + std::to_string(second.status) + " without settling" : reason) +
                                            (message.empty() ? "" : ": " + message);
  const std::int64_t t3 = now();
  auto done = x402::settle(r, success, settlementText, details, t3);
  if (!done.ok()) return reply.answer(spendError(done.error()));
  Json fields{{"http_status", second.status}, {"tx_hash", settlement ? settlement->transaction : std::string()}};
  if (!success) fields["reason"] = details;
  if (!unconfirmed.empty()) fields["outstanding_tx_hash"] = r.credential->tx_hash;
  if (auto e = commit(done.value(), success ? "payment_succeeded" : "payment_failed", fields, t3)) return reply.answer(*e);
  emitUpdated(done.value());
  out["payment"] = success ? "paid" : (unconfirmed.empty() ? "refused" : "settlement_unconfirmed");
  if (!success) out["payment_error"] = Json{{"reason", reason}, {"message", message.empty() ? details : message}};
  if (!unconfirmed.empty()) out["payment_error"]["outstanding_tx_hash"] = r.credential->tx_hash;
  out["spend_request"] = x402::publicView(done.value());
  reply.ok(out);
}

}  // namespace x402mod
