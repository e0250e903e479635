// The paid tools of the provider's MCP endpoint (mcp_paid_tools.h): descriptors, the Store
// query from tool arguments, and the verify -> run -> settle -> record -> answer path. Every step
// is asynchronous on the module thread; a callback arriving after the object died is dropped.
#include "mcp_paid_tools.h"

#include <QLoggingCategory>

#include <limits>

#include "facilitator_client.h"
#include "lez/core/sha256.h"
#include "lez/x402_exact/exact_lez.h"
#include "lezpay/mcp/mcp_common.h"
#include "lezpay/sqlstore/database_url.h"
#include "lezpay/util/hex.h"
#include "x402/json_codec.h"
#include "x402/mcp_payment.h"
#include "x402/payment_identifier.h"
#include "x402/reason.h"

Q_LOGGING_CATEGORY(lcMcpPaid, "lezpay.x402.mcp")

namespace x402mod {

using lezpay::util::Error;
using lezpay::util::Result;
using x402::Json;
using x402::Reason;
namespace mcp = lezpay::mcp;

namespace {

constexpr std::uint64_t kMaxStorePageSize = 100;

Json storeInputSchema() {
  const Json nanos{{"type", "integer"}, {"minimum", 0}, {"description", "Unix time in nanoseconds (Waku timestamps)"}};
  return Json{{"type", "object"},
              {"properties",
               {{"contentTopics", {{"type", "array"}, {"items", {{"type", "string"}}}, {"description", "content topics to match (any of)"}}},
                {"pubsubTopic", {{"type", "string"}, {"minLength", 1}, {"description", "the pubsub topic"}}},
                {"pageSize", {{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxStorePageSize}, {"description", "messages per page"}}},
                {"cursor", {{"type", "string"}, {"minLength", 64}, {"maxLength", 64}, {"description", "paginationCursor of the previous page"}}},
                {"startTime", nanos},
                {"endTime", nanos},
                {"ascending", {{"type", "boolean"}, {"description", "oldest first (default true)"}}},
                {"includeData", {{"type", "boolean"}, {"description", "include message payloads (default true)"}}}}},
              {"additionalProperties", false}};
}

mcp::ToolDescriptor descriptorOf(const McpPaidTool& t) {
  mcp::ToolDescriptor d;
  d.name = t.name;
  std::string what = t.description;
  if (what.empty()) what = t.kind == "store" ? "Messages from this provider's Waku Store archive." : "A fixed answer of this provider.";
  if (t.price) {
    what += " Costs " + t.price->amount + " " + t.price->asset + " units on " + t.price->network +
            " per call, paid with the x402 MCP transport: an unpaid call returns the payment requirements; retry with "
            "_meta[\"x402/payment\"].";
  } else {
    what += " Free.";
  }
  d.description = what;
  d.inputSchema = t.kind == "store" ? storeInputSchema() : Json{{"type", "object"}};
  // Paid tools declare no outputSchema (mcp.md §8: the SDK would validate the challenge against it).
  d.annotations = Json{{"readOnlyHint", true}, {"destructiveHint", false}, {"idempotentHint", true}, {"openWorldHint", false}};
  return d;
}

std::string sha256Hex(const std::string& s) {
  return lezpay::util::toHex(lez::core::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size())));
}

std::optional<std::string> txHashOfPayload(const x402::PaymentPayload& p) {
  auto lp = x402::parseExactLezPayload(p.payload);
  if (!lp.ok()) return std::nullopt;
  auto h = x402::transactionHashOfBase64(lp.value().transaction);
  if (!h.ok()) return std::nullopt;
  return lez::core::hashToHex(h.value());
}

Json toolError(const std::string& code, const std::string& message) { return mcp::encodeToolResult(mcp::errorResult(code, message)); }

constexpr const char* kAlreadyUsed =
    "this payment was already used for another call; a client whose answer was lost retries with the same payment-identifier id";

}  // namespace

Result<Json> storeQueryFromToolArguments(const Json& args, const std::string& requestId) {
  const auto bad = [](const std::string& m) { return Error{"invalid_query", m}; };
  Json q{{"requestId", requestId}, {"includeData", true}, {"paginationForward", true}};
  if (args.is_null()) return q;
  if (!args.is_object()) return bad("arguments: must be an object");
  for (auto it = args.begin(); it != args.end(); ++it) {
    const std::string& k = it.key();
    const Json& v = it.value();
    if (k == "contentTopics") {
      if (!v.is_array()) return bad("contentTopics: must be an array of content topics");
      Json topics = Json::array();
      for (const auto& t : v) {
        if (!t.is_string() || t.get<std::string>().empty()) return bad("contentTopics: every content topic must be a non-empty string");
        topics.push_back(t);
      }
      if (!topics.empty()) q["contentTopics"] = topics;
    } else if (k == "pubsubTopic") {
      if (!v.is_string() || v.get<std::string>().empty()) return bad("pubsubTopic: must be a non-empty string");
      q["pubsubTopic"] = v;
    } else if (k == "pageSize") {
      if (!v.is_number_unsigned() || v.get<std::uint64_t>() > kMaxStorePageSize) return bad("pageSize: must be an integer 0..100");
      q["paginationLimit"] = v.get<std::uint64_t>();
    } else if (k == "cursor") {
      if (!v.is_string() || !lezpay::util::fromHexExact(v.get<std::string>(), 32).ok()) return bad("cursor: must be 64 hex digits");
      q["paginationCursor"] = v;
    } else if (k == "startTime" || k == "endTime") {
      if (!v.is_number_unsigned() || v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return bad(k + ": must be an integer 0..9223372036854775807");
      }
      q[k == "startTime" ? "timeStart" : "timeEnd"] = static_cast<std::int64_t>(v.get<std::uint64_t>());
    } else if (k == "ascending" || k == "includeData") {
      if (!v.is_boolean()) return bad(k + ": must be true or false");
      q[k == "ascending" ? "paginationForward" : "includeData"] = v;
    } else {
      return bad(k + ": unknown argument (contentTopics, pubsubTopic, pageSize, cursor, startTime, endTime, ascending, includeData)");
    }
  }
  return q;
}

// One tools/call on its way.
struct McpPaidTools::Call {
  const McpPaidTool* tool = nullptr;
  Json arguments;
  std::string resourceUrl;
  std::uint64_t seq = 0;
  x402::FacilitatorRequest request;
  PaymentKey key;
  std::int64_t validBefore = 0;
  bool holdsInflight = false;
  std::function<void(Answer)> done;
};

McpPaidTools::McpPaidTools(McpEndpointConfig config, std::function<Facilitator*()> localFacilitator, StoreQueryFn store, QObject* anchor,
                           MerchantClock clock)
    : config_(std::move(config)), store_(std::move(store)), anchor_(anchor), clock_(std::move(clock)) {
  for (const auto& t : config_.tools) descriptors_.emplace(t.name, descriptorOf(t));
  facilitator_ = std::make_unique<FacilitatorClient>(config_.facilitatorUrl, std::move(localFacilitator), anchor, config_.facilitatorTimeoutMs,
                                                     config_.facilitatorToken);
}

McpPaidTools::~McpPaidTools() {
  alive_.reset();
  facilitator_.reset();  // drains in-flight facilitator exchanges
  payments_.reset();
}

lezpay::util::Status McpPaidTools::openPayments() {
  auto store = std::make_unique<PaymentIdCache>(clock_);
  if (auto st = store->open(config_.paymentsPath); !st.ok()) return st.error();
  payments_ = std::move(store);
  return lezpay::util::okStatus();
}

const McpPaidTool* McpPaidTools::find(const std::string& name) const {
  for (const auto& t : config_.tools) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::vector<mcp::ToolDescriptor> McpPaidTools::descriptors() const {
  std::vector<mcp::ToolDescriptor> tools;
  for (const auto& t : config_.tools) tools.push_back(descriptors_.at(t.name));
  return tools;
}

Json McpPaidTools::listTools() const { return mcp::encodeToolList(descriptors()); }

Json McpPaidTools::describe() const {
  Json tools = Json::array();
  for (const auto& t : config_.tools) {
    Json d{{"name", t.name}, {"kind", t.kind}, {"url", x402::mcpToolResourceUrl(t.name)}, {"paid", t.price.has_value()}};
    if (t.price) d["requirements"] = x402::toJson(*t.price);
    tools.push_back(d);
  }
  Json counters = Json::object();
  for (const auto& [k, v] : counters_) counters[k] = v;
  return Json{{"tools", tools}, {"counters", counters}, {"payments_path", lezpay::sqlstore::redactDatabaseUrl(config_.paymentsPath)},
              {"served_payments", payments_ ? payments_->count() : 0}};
}

void McpPaidTools::finish(const CallPtr& c, Json result) {
  if (c->holdsInflight && c->key.txHash) inflight_.erase(*c->key.txHash);
  c->holdsInflight = false;
  auto done = std::move(c->done);
  if (done) done(Answer{std::nullopt, std::move(result)});
}

void McpPaidTools::challenge(const CallPtr& c, const std::string& error, const std::string& why,
                             const std::optional<x402::SettlementResponse>& failed) {
  count(error);
  x402::PaymentRequired pr;
  pr.error = error;
  pr.resource.url = c->resourceUrl;
  if (!c->tool->description.empty()) pr.resource.description = c->tool->description;
  pr.accepts = {*c->tool->price};
  if (c->tool->paymentIdentifier != "off") {
    pr.extensions = Json{{std::string(x402::kPaymentIdentifierExtension),
                          x402::makePaymentIdentifierExtension(c->tool->paymentIdentifier == "required")}};
  }
  qCInfo(lcMcpPaid) << "call" << c->seq << QString::fromStdString(c->tool->name) << "payment required:" << QString::fromStdString(error);
  finish(c, x402::mcpPaymentRequiredResult(pr, failed, why));
}

void McpPaidTools::call(const Json& params, std::function<void(Answer)> done) {
  const auto rpcError = [&](mcp::McpError code, const std::string& message) {
    done(Answer{mcp::makeRpcError(code, message), Json()});
  };
  if (!params.is_object()) return rpcError(mcp::McpError::InvalidParams, "tools/call needs params {name, arguments?}");
  auto name = params.find("name");
  if (name == params.end() || !name->is_string()) return rpcError(mcp::McpError::InvalidParams, "params.name: must be a tool name");
  const McpPaidTool* tool = find(name->get<std::string>());
  if (!tool) return rpcError(mcp::McpError::UnknownTool, "no tool named '" + name->get<std::string>().substr(0, 128) + "' (see tools/list)");
  Json arguments = params.value("arguments", Json());
  if (!arguments.is_null() && !arguments.is_object()) return rpcError(mcp::McpError::InvalidParams, "params.arguments: must be an object");
  if (auto m = params.find("_meta"); m != params.end() && !m->is_object()) {
    return rpcError(mcp::McpError::InvalidParams, "params._meta: must be an object");
  }

  auto c = std::make_shared<Call>();
  c->tool = tool;
  c->arguments = arguments.is_null() ? Json::object() : arguments;
  c->resourceUrl = x402::mcpToolResourceUrl(tool->name);
  c->seq = ++seq_;
  c->done = std::move(done);
  count("calls");

  // Malformed arguments are refused before anyone pays for them.
  if (auto st = mcp::checkArguments(descriptors_.at(tool->name), c->arguments); !st.ok()) {
    return finish(c, toolError(st.error().code, st.error().message));
  }
  if (tool->kind == "store") {
    if (auto q = storeQueryFromToolArguments(c->arguments, "check"); !q.ok()) return finish(c, toolError(q.error().code, q.error().message));
  }
  if (!tool->price) {
    std::weak_ptr<int> alive = alive_;
    return run(c, [this, alive, c](Json result) {
      if (!alive.lock()) return;
      count("free");
      finish(c, std::move(result));
    });
  }

  const auto meta = x402::mcpPaymentFromParams(params);
  if (meta.kind == x402::McpPaymentMeta::Kind::Absent) {
    return challenge(c, std::string(x402::kMcpPaymentRequiredError),
                     tool->name + " costs " + tool->price->amount + " native units on " + tool->price->network +
                         " per call; retry the same call with _meta[\"x402/payment\"] = an x402 v2 PaymentPayload");
  }
  if (meta.kind == x402::McpPaymentMeta::Kind::Malformed) return challenge(c, meta.error->code, "_meta[\"x402/payment\"]: " + meta.error->message);
  const x402::PaymentPayload& payload = *meta.payload;
  if (!(payload.accepted == *tool->price)) {
    return challenge(c, std::string(x402::kMcpNoMatchingRequirementsError), "the payment's `accepted` is not this tool's current offer");
  }
  if (!payload.resource || payload.resource->url != c->resourceUrl) {
    return challenge(c, std::string(x402::toString(Reason::LezResourceMismatch)), "the payment is not for " + c->resourceUrl);
  }
  auto paymentId = x402::paymentIdOf(payload);
  if (!paymentId.ok()) return challenge(c, paymentId.error().code, paymentId.error().message);
  if (!paymentId.value() && tool->paymentIdentifier == "required") {
    return challenge(c, "payment_identifier_required", "this tool requires extensions.payment-identifier.info.id (x402 payment-identifier)");
  }
  if (!payments_) {
    count("storage_unavailable");
    return finish(c, toolError("merchant_storage_unavailable",
                               "this provider cannot record served payments right now; nothing was charged, try again later"));
  }
  c->request = x402::FacilitatorRequest{payload, *tool->price};
  c->key.txHash = txHashOfPayload(payload);
  c->key.paymentId = paymentId.value();
  // The arguments are part of what a payment-identifier replay may answer again.
  c->key.fingerprint = sha256Hex(x402::dumpJson(Json{{"resource", c->resourceUrl}, {"accepted", x402::toJson(payload.accepted)},
                                                     {"payload", payload.payload}, {"arguments", c->arguments}}));
  if (auto lp = x402::parseExactLezPayload(payload.payload); lp.ok()) c->validBefore = static_cast<std::int64_t>(lp.value().validBefore);
  paid(c);
}

void McpPaidTools::paid(const CallPtr& c) {
  const PriorUse prior = payments_->lookup(c->key);
  switch (prior.kind) {
    case PriorUse::Kind::IdConflict:
      return challenge(c, "payment_identifier_conflict", "this payment-identifier id was used with another payment or other arguments");
    case PriorUse::Kind::SamePayment:
      return replayServed(c, *prior.row);
    case PriorUse::Kind::AlreadyServed:
      return challenge(c, std::string(x402::toString(Reason::NonceReplayed)), kAlreadyUsed);
    case PriorUse::Kind::Unavailable:
      return challenge(c, "merchant_storage_unavailable",
                       "this server cannot read its served-payments record right now; nothing was charged, try again later");
    case PriorUse::Kind::None:
      break;
  }
  if (c->key.txHash) {
    if (inflight_.count(*c->key.txHash)) {
      return challenge(c, std::string(x402::toString(Reason::NonceReplayed)), "this payment is being used by another call right now");
    }
    inflight_.insert(*c->key.txHash);
    c->holdsInflight = true;
  }
  qCInfo(lcMcpPaid) << "call" << c->seq << QString::fromStdString(c->tool->name) << "verify";
  std::weak_ptr<int> alive = alive_;
  facilitator_->verify(c->request, c->resourceUrl, [this, alive, c](Result<x402::VerifyResponse> v) {
    if (!alive.lock()) return;
    if (!v.ok()) {
      return challenge(c, std::string(x402::toString(Reason::FacilitatorUnavailable)),
                       "the facilitator could not be reached (nothing was charged): " + v.error().message);
    }
    if (!v.value().isValid) {
      const std::string code = v.value().invalidReason.value_or(std::string(x402::toString(Reason::UnexpectedVerifyError)));
      const std::string why = v.value().invalidMessage.value_or("the payment is not valid");
      if (code == x402::toString(Reason::NonceReplayed)) return recoverSettled(c, code, why);
      return challenge(c, code, why);
    }
    settleAndServe(c);
  });
}

void McpPaidTools::settleAndServe(const CallPtr& c) {
  std::weak_ptr<int> alive = alive_;
  run(c, [this, alive, c](Json result) {
    if (!alive.lock()) return;
    if (result.value("isError", false)) {
      count("tool_error");
      return finish(c, std::move(result));  // nothing is settled for a failed tool
    }
    qCInfo(lcMcpPaid) << "call" << c->seq << "settle";
    facilitator_->settle(c->request, c->resourceUrl, [this, alive, c, result = std::move(result)](Result<x402::SettlementResponse> s) mutable {
      if (!alive.lock()) return;
      x402::SettlementResponse sr;
      if (!s.ok()) {
        sr.success = false;
        sr.errorReason = std::string(x402::toString(Reason::FacilitatorUnavailable));
        sr.errorMessage = s.error().message;
        sr.network = c->tool->price->network;
      } else {
        sr = s.value();
      }
      if (!sr.success) {
        // The output is withheld (mcp.md §9.2.6, §9.4 R1): only a settled payment releases it.
        const std::string reason = sr.errorReason.value_or(std::string(x402::toString(Reason::UnexpectedSettleError)));
        // Settled between verify and settle (a front-run, or a concurrent request elsewhere): the
        // chain decides whether this payment is still ours to serve.
        const std::string why = sr.errorMessage.value_or("the settlement failed") + "; the result is withheld";
        if (reason == x402::toString(Reason::NonceReplayed)) return recoverSettled(c, reason, why);
        count("settlement_failed");
        return challenge(c, std::string(x402::kMcpSettlementFailedPrefix) + reason, why, sr);
      }
      serve(c, sr, std::move(result));
    });
  });
}

void McpPaidTools::serve(const CallPtr& c, const x402::SettlementResponse& receipt, Json result) {
  const std::string txHash = c->key.txHash.value_or(receipt.transaction);
  // Committed before the answer leaves: a retry with the same payment-identifier id finds it.
  auto recorded = payments_->record(c->key, txHash, c->resourceUrl, x402::dumpJson(x402::toJson(receipt)), c->validBefore);
  if (!recorded.ok()) {
    qCWarning(lcMcpPaid) << "call" << c->seq << "could not record the served payment:" << QString::fromStdString(recorded.error().message);
    return finish(c, toolError("merchant_storage_unavailable", "the payment settled (transaction " + txHash +
                                                                   ") but this provider could not record it; retry the same payment to "
                                                                   "receive the result"));
  }
  if (!recorded->recorded) {
    const auto& first = recorded->row;
    if (first && c->key.paymentId && first->paymentId == *c->key.paymentId && first->fingerprint == c->key.fingerprint) {
      return replayServed(c, *first);
    }
    return challenge(c, std::string(x402::toString(Reason::NonceReplayed)), kAlreadyUsed);
  }
  count("paid");
  qCInfo(lcMcpPaid) << "call" << c->seq << "paid";
  finish(c, x402::mcpPaidResult(std::move(result), receipt));
}

void McpPaidTools::replayServed(const CallPtr& c, const ServedPayment& row) {
  auto j = x402::parseJsonText(row.settlementJson);
  auto receipt = j.ok() ? x402::parseSettlementResponse(j.value()) : Result<x402::SettlementResponse>(j.error());
  if (!receipt.ok()) return finish(c, toolError(std::string(x402::toString(Reason::UnexpectedSettleError)),
                                                "the recorded receipt of this payment is unreadable"));
  std::weak_ptr<int> alive = alive_;
  run(c, [this, alive, c, sr = receipt.value()](Json result) {
    if (!alive.lock()) return;
    if (result.value("isError", false)) return finish(c, std::move(result));
    count("idempotent_replay");
    qCInfo(lcMcpPaid) << "call" << c->seq << "answered again from the served-payments record";
    finish(c, x402::mcpPaidResult(std::move(result), sr));
  });
}

void McpPaidTools::recoverSettled(const CallPtr& c, const std::string& code, const std::string& why) {
  auto lp = x402::parseExactLezPayload(c->request.paymentPayload.payload);
  // Past the record's lifetime "never served" and "served and pruned" look the same: refused.
  if (!c->key.txHash || !chainStatus_ || !lp.ok() || !payments_->mayRecover(static_cast<std::int64_t>(lp.value().validBefore))) {
    return challenge(c, code, why);
  }
  auto charged = chargedReceipt(c->request.paymentPayload, *c->tool->price, c->resourceUrl, *c->key.txHash, payments_->nowSeconds());
  if (!charged) return challenge(c, code, why);
  qCInfo(lcMcpPaid) << "call" << c->seq << "already settled elsewhere; reading the chain";
  std::weak_ptr<int> alive = alive_;
  waitIncluded(anchor_, chainStatus_, [clock = clock_]() { return clock(); }, *c->key.txHash, clock_() + kRecoveryWaitMs,
               [this, alive, c, sr = *charged, code, why](Result<TxStatus> s) {
                 if (!alive.lock()) return;
                 if (!s.ok()) {
                   return challenge(c, std::string(x402::toString(Reason::FacilitatorUnavailable)),
                                    "this payment was settled before and the chain could not be read to confirm it: " + s.error().message);
                 }
                 if (s.value().kind != TxStatus::Kind::Included) return challenge(c, code, why);
                 run(c, [this, alive, c, sr](Json result) {
                   if (!alive.lock()) return;
                   if (result.value("isError", false)) return finish(c, std::move(result));
                   count("recovered");
                   serve(c, sr, std::move(result));
                 });
               });
}

void McpPaidTools::run(const CallPtr& c, std::function<void(Json)> done) {
  const McpPaidTool& t = *c->tool;
  if (t.kind == "static") {
    return done(mcp::encodeToolResult(t.body.is_object() ? mcp::structuredResult(t.body)
                                                         : mcp::textResult(t.body.is_string() ? t.body.get<std::string>() : x402::dumpJson(t.body))));
  }
  const std::string requestId = "mcp-" + std::to_string(c->seq);
  auto q = storeQueryFromToolArguments(c->arguments, requestId);
  if (!q.ok()) return done(toolError(q.error().code, q.error().message));
  if (!store_) return done(toolError("store_unavailable", "no Store archive is reachable from this provider"));
  store_(q.value(), [done = std::move(done), requestId](Json e) {
    if (e.value("status", std::string()) != "ok") {
      const std::string code = e.value("code", std::string("store_unavailable"));
      const bool bad = code == "INVALID_QUERY";
      return done(toolError(bad ? "invalid_query" : "store_unavailable", e.value("message", std::string("the archive did not answer"))));
    }
    const std::int64_t sc = e.value("statusCode", std::int64_t{500});
    if (sc != 200) return done(toolError("store_query_failed", std::to_string(sc) + " " + e.value("statusDesc", std::string())));
    Json body{{"requestId", requestId}, {"statusCode", sc}, {"statusDesc", e.value("statusDesc", std::string("OK"))},
              {"messages", e.value("messages", Json::array())}};
    if (e.contains("paginationCursor") && !e["paginationCursor"].is_null()) body["paginationCursor"] = e["paginationCursor"];
    done(mcp::encodeToolResult(mcp::structuredResult(std::move(body))));
  });
}

}  // namespace x402mod
