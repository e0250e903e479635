// callPaidTool: the agent as a paying MCP client (mcp.md §9.3). It connects to an MCP server over
// Streamable HTTP, calls the tool unpaid, and on an x402 challenge pays exactly as httpGet pays a
// 402 (agent_http_get.cpp): with an approved spend request's credential scoped to this price,
// payee, network, server origin and tool (resource mcp://tool/<name>), retrying once with
// _meta["x402/payment"]; without one it opens a spend request for the owner and answers
// approval_pending. Paid iff the retry is not an error and its receipt (when present) says
// success and names this credential's transfer, included on chain. A challenge again is reported,
// never paid again automatically. Every step is a continuation on the module thread.
#include <algorithm>

#include "agent.h"
#include "lez/x402_exact/exact_lez.h"
#include "logos/envelope.h"
#include "mcp_http_client.h"
#include "x402/json_codec.h"
#include "x402/mcp_payment.h"
#include "x402/payment_identifier.h"
#include "x402/spend_machine.h"
#include "x402/spend_policy.h"
#include "x402/spend_request_json.h"

namespace x402mod {

using logos::Json;
using lez::core::U128;

namespace {

constexpr const char* kOptionKeys[] = {"reason", "max_amount", "merchant_name", "request_approval", "timeout_ms", "spend_request_id"};
constexpr const char* kAmountAboveMax = "AMOUNT_ABOVE_MAX";
constexpr const char* kMcpRpcError = "MCP_RPC_ERROR";

Json spendError(const lezpay::util::Error& e) { return logos::errorEnvelope(e.code, e.message); }

// The stable reason inside a challenge's `error` ("Payment settlement failed: <reason>" or a code).
std::string reasonOf(const x402::PaymentRequired& pr) {
  std::string e = pr.error.value_or("");
  const std::string prefix(x402::kMcpSettlementFailedPrefix);
  if (e.rfind(prefix, 0) == 0) e.erase(0, prefix.size());
  return e;
}

// The sentence a server put after the challenge JSON (content[1], "<error>: <sentence>"), or "".
std::string explanationOf(const Json& result, const x402::PaymentRequired& pr) {
  auto content = result.find("content");
  if (content == result.end() || !content->is_array() || content->size() < 2) return {};
  const Json& second = (*content)[1];
  if (!second.is_object() || !second.contains("text") || !second["text"].is_string()) return {};
  std::string text = second["text"].get<std::string>();
  const std::string prefix = pr.error.value_or("") + ": ";
  if (text.rfind(prefix, 0) == 0) text.erase(0, prefix.size());
  return text.substr(0, 500);
}

}  // namespace

struct Agent::PaidToolFlow {
  explicit PaidToolFlow(logos::sdk::Reply r) : reply(std::move(r)) {}
  logos::sdk::Reply reply;
  std::string serverUrl;
  std::string origin;
  std::string tool;
  Json arguments;
  std::string reason;
  std::optional<U128> maxAmount;
  Json options;
  std::unique_ptr<McpHttpClient> client;
  Json out = Json::object();
  x402::PaymentRequired challenge;
  x402::PaymentRequirements option;
  std::int64_t t = 0;
  std::string requestId;
  bool paymentSent = false;  // the paid call is in flight: its outcome is unknown until it answers
};

void Agent::callPaidTool(const std::string& serverUrl, const std::string& tool, const Json& arguments, const Json& options,
                         logos::sdk::Reply reply) {
  for (auto it = options.begin(); it != options.end(); ++it) {
    if (std::find(std::begin(kOptionKeys), std::end(kOptionKeys), it.key()) == std::end(kOptionKeys)) {
      return reply.answer(logos::errorEnvelope(kInvalidArgument, "options." + it.key() + " is not a callPaidTool option"));
    }
  }
  for (const char* k : {"merchant_name", "spend_request_id"}) {
    if (options.contains(k) && !options[k].is_null() && !options[k].is_string()) {
      return reply.answer(logos::errorEnvelope(kInvalidArgument, std::string("options.") + k + " must be a string"));
    }
  }
  if (options.contains("request_approval") && !options["request_approval"].is_boolean()) {
    return reply.answer(logos::errorEnvelope(kInvalidArgument, "options.request_approval must be a boolean"));
  }
  if (!x402::isMcpToolResource(x402::mcpToolResourceUrl(tool))) {
    return reply.answer(logos::errorEnvelope(kInvalidArgument, "tool: must be an MCP tool name (1..128 of [A-Za-z0-9_.-])"));
  }
  if (!arguments.is_object()) return reply.answer(logos::errorEnvelope(kInvalidArgument, "arguments: must be an object"));
  auto origin = x402::urlOrigin(serverUrl);
  if (!origin.ok()) return reply.answer(logos::errorEnvelope(kInvalidArgument, "server_url: " + origin.error().message));

  auto f = std::make_shared<PaidToolFlow>(reply);
  f->serverUrl = serverUrl;
  f->origin = origin.value();
  f->tool = tool;
  f->arguments = arguments;
  f->options = options;
  if (auto r = options.find("reason"); r != options.end() && !r->is_null()) {
    if (!r->is_string()) return reply.answer(logos::errorEnvelope(kInvalidArgument, "reason must be a string"));
    f->reason = r->get<std::string>();
  }
  if (auto m = options.find("max_amount"); m != options.end() && !m->is_null() && !(m->is_string() && m->get<std::string>().empty())) {
    auto amount = m->is_string() ? U128::parseDecimal(m->get<std::string>()) : lezpay::util::Result<U128>(lezpay::util::Error{"", ""});
    if (!amount.ok()) return reply.answer(logos::errorEnvelope(kInvalidArgument, "max_amount must be a decimal amount of native units"));
    f->maxAmount = amount.value();
  }
  lezpay::net::HttpClientOptions http;
  http.timeoutMs = static_cast<int>(config_.http_timeout_ms);
  if (options.contains("timeout_ms")) {
    if (!options["timeout_ms"].is_number_unsigned()) return reply.answer(logos::errorEnvelope(kInvalidArgument, "options.timeout_ms must be a positive integer"));
    http.timeoutMs = static_cast<int>(std::clamp<std::uint64_t>(options["timeout_ms"].get<std::uint64_t>(), 100, 600000));
  }
  f->client = std::make_unique<McpHttpClient>(serverUrl, http);

  std::weak_ptr<int> alive = life_;
  std::weak_ptr<PaidToolFlow> weak = f;
  reply.onCancel([this, alive, weak]() {
    auto flow = weak.lock();
    if (!alive.lock() || !flow) return;
    flow->client->cancel();
    if (flow->paymentSent) {
      (void)audit_.append("payment_outcome_unknown", Json{{"spend_request_id", flow->requestId}, {"message", "the caller cancelled callPaidTool"}}, now());
    }
  });

  // 1. initialize, then the unpaid call.
  f->client->connect([this, alive, f](lezpay::util::Result<Json> init) {
    if (!alive.lock() || f->reply.done()) return;
    if (!init.ok()) return f->reply.answer(logos::errorEnvelope(init.error().code, init.error().message));
    f->client->request("tools/call", Json{{"name", f->tool}, {"arguments", f->arguments}},
                       [this, alive, f](lezpay::util::Result<McpHttpClient::Response> first) {
                         if (!alive.lock() || f->reply.done()) return;
                         if (!first.ok()) return f->reply.answer(logos::errorEnvelope(first.error().code, first.error().message));
                         if (first->error) {
                           if (auto pr = x402::mcpChallengeOfError(*first->error)) return onToolChallenge(f, *pr);
                           Json e = logos::errorEnvelope(kMcpRpcError, "the MCP server answered an error: " +
                                                                           first->error->value("message", std::string()));
                           e["rpc_error"] = *first->error;
                           return f->reply.answer(e);
                         }
                         const Json& result = *first->result;
                         f->out["result"] = result;
                         auto pr = x402::mcpChallengeOfResult(result);
                         if (!pr) {
                           f->out["payment"] = "none";
                           return f->reply.ok(f->out);
                         }
                         onToolChallenge(f, *pr);
                       });
  });
}

void Agent::onToolChallenge(const std::shared_ptr<PaidToolFlow>& f, x402::PaymentRequired challenge) {
  const auto& reply = f->reply;
  const Json& options = f->options;
  const auto str = [&](const char* k) -> std::optional<std::string> {
    if (!options.contains(k) || !options[k].is_string()) return std::nullopt;
    return options[k].get<std::string>();
  };
  f->out["payment_required"] = x402::toJson(challenge);
  const std::string resource = x402::mcpToolResourceUrl(f->tool);
  // The authorization binds the resource URL: a server may only ask payment for the tool called.
  if (challenge.resource.url != resource) {
    Json e = logos::errorEnvelope(kInvalidChallenge, "the server asks payment for '" + challenge.resource.url.substr(0, 120) + "', not " + resource);
    e["payment_required"] = f->out["payment_required"];
    return reply.answer(e);
  }
  // 2. The option we can pay: exact, our network, native asset.
  const x402::PaymentRequirements* option = nullptr;
  Json offered = Json::array();
  for (const auto& a : challenge.accepts) {
    offered.push_back(a.scheme + "/" + a.network + "/" + a.asset);
    if (!option && a.scheme == x402::kSchemeExact && a.network == config_.network && a.asset == x402::kAssetNative) option = &a;
  }
  if (!option) {
    Json e = logos::errorEnvelope(kNoAcceptableOption, "the tool offers no exact/" + config_.network + "/native option");
    e["offered"] = offered;
    return reply.answer(e);
  }
  auto amount = U128::parseDecimal(option->amount);
  auto payTo = x402::parseLezAddress(option->payTo);
  if (!amount.ok() || !payTo) return reply.answer(logos::errorEnvelope(kInvalidChallenge, "the chosen option has a malformed amount or payTo"));
  if (f->maxAmount && *f->maxAmount < amount.value()) {
    Json e = logos::errorEnvelope(kAmountAboveMax, "the tool costs " + amount->toDecimal() + " native units, above max_amount " +
                                                       f->maxAmount->toDecimal() + "; nothing was paid or requested");
    e["payment_required"] = f->out["payment_required"];
    return reply.answer(e);
  }
  const std::string payToText = payTo->toBase58();
  const std::int64_t t = now();
  if (auto e = refreshAll(t)) return reply.answer(*e);

  // 3. An approved credential for exactly this scope.
  const auto usable = [&](const x402::SpendRequest& stored) {
    x402::SpendRequest r = stored;
    if (r.credential && r.payment_attempted_at == 0 && r.status == x402::SpendStatus::Approved) r.credential->valid_before = r.valid_until;
    auto st = x402::canUse(r, amount.value(), payToText, option->network, option->asset, f->origin,
                           t + static_cast<std::int64_t>(x402::kExpiryMarginSeconds));
    if (st.ok() && boundResource(r) != resource) {
      return lezpay::util::Status(lezpay::util::Error{std::string(x402::toString(x402::SpendError::ScopeMismatch)),
                                                      "the approval is for resource " + boundResource(r) + ", not " + resource});
    }
    return st;
  };
  int chosen = -1;
  if (auto wanted = str("spend_request_id")) {
    chosen = find(*wanted);
    if (chosen < 0) return reply.answer(logos::errorEnvelope(x402::toString(x402::SpendError::NotFound), "no spend request with id '" + *wanted + "'"));
    if (auto st = usable(requests_[static_cast<std::size_t>(chosen)]); !st.ok()) {
      (void)audit_.append("payment_refused_by_agent", Json{{"spend_request_id", *wanted}, {"code", st.error().code}, {"message", st.error().message},
                                                            {"server_url", f->serverUrl}, {"tool", f->tool}}, t);
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
      const auto& r = *it;
      if (r.status != x402::SpendStatus::Created && r.status != x402::SpendStatus::PendingApproval) continue;
      auto o = x402::urlOrigin(r.merchant_url);
      if (r.amount == amount.value() && r.pay_to == payToText && r.network == option->network && r.asset == x402::kAssetNative && o.ok() &&
          o.value() == f->origin && boundResource(r) == resource) {
        f->out["payment"] = "approval_pending";
        f->out["spend_request_id"] = r.id;
        f->out["spend_request"] = x402::publicView(r);
        return reply.ok(f->out);
      }
    }
    x402::SpendRequestDraft create;
    create.merchant_name = str("merchant_name").value_or(f->origin + " " + f->tool);
    create.merchant_url = f->serverUrl;
    create.pay_to = payToText;
    create.amount = amount->toDecimal();
    create.asset = option->asset;
    create.network = option->network;
    create.reason = f->reason;
    create.resource_url = resource;
    create.max_timeout_seconds = option->maxTimeoutSeconds;
    Json created = openSpendRequest(create, options.value("request_approval", true));
    if (!logos::isOk(created)) return reply.answer(created);
    f->out["payment"] = "approval_pending";
    f->out["spend_request_id"] = created["spend_request"]["id"];
    f->out["spend_request"] = created["spend_request"];
    return reply.ok(f->out);
  }

  // 5. Pay, after re-signing a stale credential.
  f->challenge = std::move(challenge);
  f->option = *option;
  f->t = t;
  f->requestId = requests_[static_cast<std::size_t>(chosen)].id;
  std::weak_ptr<int> alive = life_;
  refreshStaleCredential(f->requestId, t, option->maxTimeoutSeconds, [this, alive, f](std::optional<Json> e) {
    if (!alive.lock() || f->reply.done()) return;
    if (e) return f->reply.answer(*e);
    sendToolPayment(f);
  });
}

void Agent::sendToolPayment(const std::shared_ptr<PaidToolFlow>& f) {
  const auto& reply = f->reply;
  const std::int64_t t = f->t;
  auto prepared = approvedPayment(f->requestId, f->challenge, f->option);
  if (auto* e = std::get_if<Json>(&prepared)) return reply.answer(*e);
  auto& [r, payment] = std::get<ApprovedPayment>(prepared);
  r = x402::markAttempted(r, t);
  if (auto e = commit(r, "payment_sent", Json{{"server_url", f->serverUrl}, {"tool", f->tool}, {"amount", r.amount.toDecimal()},
                                             {"pay_to", r.pay_to}, {"tx_hash", r.credential->tx_hash}}, t)) {
    return reply.answer(*e);
  }
  f->paymentSent = true;
  const Json params = x402::mcpParamsWithPayment(Json{{"name", f->tool}, {"arguments", f->arguments}}, payment);
  std::weak_ptr<int> alive = life_;
  f->client->request("tools/call", params, [this, alive, f](lezpay::util::Result<McpHttpClient::Response> second) {
    if (!alive.lock() || f->reply.done()) return;
    f->paymentSent = false;
    if (!second.ok()) {
      // The outcome is unknown; the request stays approved and a retry resends the same signed
      // transfer, which the LEZ nonce lets settle at most once.
      (void)audit_.append("payment_outcome_unknown", Json{{"spend_request_id", f->requestId}, {"message", second.error().message}}, now());
      Json e = logos::errorEnvelope(second.error().code, second.error().message +
                                                             " (the payment may be retried with callPaidTool; it cannot settle twice)");
      e["spend_request_id"] = f->requestId;
      return f->reply.answer(e);
    }
    Json result;
    if (second->error) {
      // A refusal as a JSON-RPC error: a challenge in its data, or a plain error; never paid.
      auto pr = x402::mcpChallengeOfError(*second->error);
      result = pr ? x402::mcpPaymentRequiredResult(*pr) : Json{{"isError", true}, {"content", Json::array()}, {"rpc_error", *second->error}};
    } else {
      result = *second->result;
    }
    onPaidToolAnswer(f, std::move(result));
  });
}

void Agent::onPaidToolAnswer(const std::shared_ptr<PaidToolFlow>& f, Json result) {
  const auto receipt = x402::mcpReceiptOfResult(result);
  const bool serverSaysPaid = !result.value("isError", false) && (!receipt || receipt->success);
  const int i = find(f->requestId);
  const std::string txHash = i >= 0 && requests_[static_cast<std::size_t>(i)].credential ? requests_[static_cast<std::size_t>(i)].credential->tx_hash
                                                                                         : std::string();
  if (!serverSaysPaid || txHash.empty()) return finishToolPayment(f, result, std::string());
  std::weak_ptr<int> alive = life_;
  receiptProblem(txHash, receipt, [this, alive, f, result](std::string unconfirmed) {
    if (!alive.lock() || f->reply.done()) return;
    finishToolPayment(f, result, std::move(unconfirmed));
  });
}

void Agent::finishToolPayment(const std::shared_ptr<PaidToolFlow>& f, const Json& result, std::string unconfirmed) {
  const auto& reply = f->reply;
  const auto receipt = x402::mcpReceiptOfResult(result);
  const auto again = x402::mcpChallengeOfResult(result);
  Json out = f->out;
  out["result"] = result;
  out["spend_request_id"] = f->requestId;
  out["settlement"] = receipt ? x402::toJson(*receipt) : Json(nullptr);
  if (again) out["payment_required"] = x402::toJson(*again);
  std::string reason = receipt && receipt->errorReason ? *receipt->errorReason : (again ? reasonOf(*again) : std::string());
  std::string message = receipt && receipt->errorMessage ? *receipt->errorMessage : std::string();
  if (message.empty() && again) message = explanationOf(result, *again);
  const int i = find(f->requestId);
  if (i < 0) return reply.answer(logos::errorEnvelope(x402::toString(x402::SpendError::NotFound), "no spend request with id '" + f->requestId + "'"));
  const x402::SpendRequest r = requests_[static_cast<std::size_t>(i)];
  if (!r.credential) {
    return reply.answer(logos::errorEnvelope(x402::toString(x402::SpendError::InvalidTransition), "spend request " + r.id + " lost its credential"));
  }
  const std::int64_t t = now();
  if (reason == x402::toString(x402::Reason::SettlementPending)) {
    // Broadcast, not yet included: the request stays approved; the same call again resumes it.
    out["payment"] = "settlement_pending";
    out["payment_error"] = Json{{"reason", reason}, {"message", message}};
    (void)audit_.append("payment_settlement_pending", Json{{"spend_request_id", r.id}, {"tx_hash", r.credential->tx_hash}}, t);
    return reply.ok(out);
  }
  const bool serverSaysPaid = !result.value("isError", false) && (!receipt || receipt->success);
  const bool success = serverSaysPaid && unconfirmed.empty();
  if (!unconfirmed.empty()) {
    reason = std::string(x402::kSettlementUnconfirmed);
    message = unconfirmed + "; the signed transfer " + r.credential->tx_hash +
              " is still outstanding (whoever holds it can broadcast it until the payer's nonce moves on)";
  }
  const std::string details = success ? std::string()
                                      : (reason.empty() ? std::string("the tool answered an error without settling") : reason) +
                                            (message.empty() ? "" : ": " + message);
  auto done = x402::settle(r, success, receipt ? x402::dumpJson(x402::toJson(*receipt)) : std::string(), details, t);
  if (!done.ok()) return reply.answer(spendError(done.error()));
  Json fields{{"server_url", f->serverUrl}, {"tool", f->tool}, {"tx_hash", receipt ? receipt->transaction : std::string()}};
  if (!success) fields["reason"] = details;
  if (!unconfirmed.empty()) fields["outstanding_tx_hash"] = r.credential->tx_hash;
  if (auto e = commit(done.value(), success ? "payment_succeeded" : "payment_failed", fields, t)) return reply.answer(*e);
  emitUpdated(done.value());
  out["payment"] = success ? "paid" : (unconfirmed.empty() ? "refused" : "settlement_unconfirmed");
  if (!success) out["payment_error"] = Json{{"reason", reason}, {"message", message.empty() ? details : message}};
  if (!unconfirmed.empty()) out["payment_error"]["outstanding_tx_hash"] = r.credential->tx_hash;
  out["spend_request"] = x402::publicView(done.value());
  reply.ok(out);
}

}  // namespace x402mod
