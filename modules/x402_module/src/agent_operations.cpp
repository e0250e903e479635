// The agent side's operation table (docs/protocol.md "x402_module agent side"). Handlers are
// thin: they unpack checked parameters and call Agent (agent.h), which does the work; the two
// operations with many optional parameters (configureAgent, createSpendRequest) hand Agent the
// typed Args themselves.
#include "agent_operations.h"

#include "agent.h"
#include "logos/eligibility.h"
#include "logos/envelope.h"

namespace x402mod {

using logos::Json;
using logos::ParamType;
using logos::sdk::Args;

struct AgentOperations::State {
  explicit State(ModuleShell shell) : agent(std::move(shell)) {}
  Agent agent;
};

namespace {

constexpr const char* kExampleId = "lsrq_0123456789abcdef01234567";
constexpr const char* kExamplePayTo = "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY";
const char* kExampleReason =
    "Buy one hourly weather forecast for Paris from Weather Co, needed to plan tomorrow's delivery route for the customer order 42.";

// An OperationSpec with its result shape (sdk/result_shape.h); `takesCaller` for the owner's
// decisions, whose audit records name who decided and from where (agent_caller.h).
logos::OperationSpec shaped(logos::OperationSpec spec, Json shape, bool takesCaller = false) {
  spec.resultShape = std::move(shape);
  spec.takesCaller = takesCaller;
  return spec;
}

Json exampleView() {
  return Json{{"spend_request", Json{{"id", kExampleId}, {"status", "pending_approval"}, {"amount", "25"}, {"pay_to", kExamplePayTo}}}};
}

}  // namespace

AgentOperations::AgentOperations(ModuleShell shell) : shell_(std::move(shell)), state_(std::make_unique<State>(shell_)) {
  using PT = ParamType;
  Agent& a = state_->agent;
  const logos::ParamSpec id{"id", PT::String, true, nullptr, "spend request id (lsrq_...)"};
  const Json viewShape{{"spend_request", "object"}};
  const Json configShape{{"owner_account", "string"}, {"network", "string"}, {"http_timeout_ms", "u64"},
                         {"wallet_timeout_ms", "u64"}, {"policy", "object"}};

  shell_.addOperation(
      shaped({"configureAgent", "Sets the agent's owner account, network, HTTP timeout and spending policy (partial; persisted).",
       {{"owner_account", PT::String, false, nullptr, "the owner's (payer's) account id, held by this host's wallet_module"},
        {"network", PT::String, false, nullptr, "CAIP-2 network httpGet pays on (logos:lez-localnet)"},
        {"min_reason_chars", PT::U64, false, nullptr, "minimum reason length in characters (default 100)"},
        {"max_reason_chars", PT::U64, false, nullptr, "maximum reason length in characters (default and limit 2000)"},
        {"approval_window_seconds", PT::U64, false, nullptr, "time the owner has to approve (default 600)"},
        {"credential_lifetime_seconds", PT::U64, false, nullptr, "credential validity from creation (default 43200)"},
        {"per_request_cap", PT::Amount, false, nullptr, "largest amount of one spend request, native units"},
        {"daily_cap", PT::Amount, false, nullptr, "approved + spent within 24 h, native units"},
        {"monthly_cap", PT::Amount, false, nullptr, "approved + spent within 30 days, native units"},
        {"allowed_networks", PT::Array, false, nullptr, "networks spend requests may use"},
        {"allowed_assets", PT::Array, false, nullptr, "assets spend requests may use"},
        {"http_timeout_ms", PT::U64, false, nullptr, "timeout of one HTTP exchange of httpGet"},
        {"wallet_timeout_ms", PT::U64, false, nullptr, "timeout of one wallet_module call"}},
       Json{{"owner_account", kExamplePayTo}, {"network", "logos:lez-localnet"}, {"policy", Json::object()}},
       Json{{"owner_account", kExamplePayTo}, {"daily_cap", "50000"}}},
             configShape),
      [&a](const Args& x) { return a.configure(x); });
  shell_.addOperation(shaped({"getAgentConfig", "The agent's configuration and spending policy.", {},
                                   Json{{"owner_account", ""}, {"network", "logos:lez-localnet"}, {"policy", Json::object()}},
                                   Json::object()},
                                  configShape),
                      [&a](const Args&) { return logos::okEnvelope(a.config()); });
  shell_.addOperation(
      shaped({"createSpendRequest", "Opens a spend request the owner must approve (x402.md §8); checks the reason and the caps.",
       {{"merchant_name", PT::String, true, nullptr, "who is paid, as shown to the owner"},
        {"merchant_url", PT::String, true, nullptr, "http(s) URL of the merchant; its origin scopes the credential"},
        {"pay_to", PT::String, true, nullptr, "recipient account id (base58 or 64 hex)"},
        {"amount", PT::Amount, true, nullptr, "exact amount in native units"},
        {"asset", PT::String, false, "native", "asset (native)"},
        {"network", PT::String, false, nullptr, "CAIP-2 network (default: the configured one)"},
        {"reason", PT::String, true, nullptr, "what is bought and why, at least min_reason_chars characters"},
        {"resource_url", PT::String, false, "", "the resource paid for (the credential binds it; \"\" = merchant_url)"},
        {"max_timeout_seconds", PT::U64, false, 0, "the merchant's maxTimeoutSeconds, informational (0 = unknown)"},
        {"request_approval", PT::Bool, false, true, "ask the owner now (pending_approval) or later (created)"}},
       exampleView(),
       Json{{"merchant_name", "Weather Co"}, {"merchant_url", "http://127.0.0.1:8402/weather"}, {"pay_to", kExamplePayTo},
            {"amount", "25"}, {"reason", kExampleReason}}},
             viewShape),
      [&a](const Args& x) { return a.createSpendRequest(x); });
  shell_.addOperation(shaped({"requestSpendRequestApproval", "Asks the owner to approve a created request (starts the approval window).",
                                   {id}, exampleView(), Json{{"id", kExampleId}}},
                                  viewShape),
                           [&a](const Args& x) { return a.requestApproval(x.str("id")); });
  shell_.addAsyncOperation(shaped({"approveSpendRequest",
                       "The owner approves: the wallet signs the scoped one-time transfer and its time-bound authorization now.",
                       {id,
                        {"credential_valid_seconds", PT::U64, false, 0,
                         "the authorization window the owner allows (0 = the merchant's maxTimeoutSeconds); never past valid_until"}},
                       exampleView(), Json{{"id", kExampleId}}},
                                  viewShape, true),
                           [&a](const Args& x, logos::sdk::Reply reply) {
                             a.approve(x.str("id"), x.u64("credential_valid_seconds"), x.caller(), std::move(reply));
                           });
  shell_.addOperation(shaped({"declineSpendRequest", "The owner declines a created or pending request.",
                                   {id, {"reason", PT::String, false, "", "the owner's words, optional"}}, exampleView(),
                                   Json{{"id", kExampleId}}},
                                  viewShape, true),
                           [&a](const Args& x) { return a.decline(x.str("id"), x.str("reason"), x.caller()); });
  shell_.addOperation(shaped({"cancelSpendRequest", "Cancels a created, pending or approved (unsent) request; its credential is void.",
                                   {id}, exampleView(), Json{{"id", kExampleId}}},
                                  viewShape, true),
                           [&a](const Args& x) { return a.cancel(x.str("id"), x.caller()); });
  shell_.addOperation(shaped({"getSpendRequest", "One spend request (the credential shown by its transaction hash only).", {id},
                                   exampleView(), Json{{"id", kExampleId}}},
                                  viewShape),
                           [&a](const Args& x) { return a.get(x.str("id")); });
  shell_.addOperation(shaped({"listSpendRequests", "Spend requests, newest first, optionally of one status.",
                       {{"status", PT::String, false, "", "filter: created, pending_approval, approved, denied, expired, canceled, succeeded, failed"},
                        {"limit", PT::U64, false, 100, "at most this many"}},
                       Json{{"spend_requests", Json::array()}, {"count", 0}}, Json{{"status", "pending_approval"}}},
                                  Json{{"spend_requests", Json::array({"object"})}, {"count", "u64"}}),
                           [&a](const Args& x) { return a.list(x.str("status"), x.u64("limit")); });
  shell_.addOperation(shaped({"getAuditLog", "Records of the append-only audit log with seq > after_seq.",
                       {{"after_seq", PT::U64, false, 0, "return records after this sequence number"},
                        {"limit", PT::U64, false, 1000, "at most this many (≤ 10000)"}},
                       Json{{"entries", Json::array()}, {"next_seq", 1}, {"unreadable_lines", 0}, {"more", false}}, Json{{"after_seq", 0}}},
                                  Json{{"entries", Json::array({"object"})}, {"next_seq", "u64"}, {"unreadable_lines", "u64"}, {"more", "bool"}}),
                           [&a](const Args& x) { return a.auditLog(x.u64("after_seq"), x.u64("limit")); });
  shell_.addAsyncOperation(
      {"httpGet", "GET a URL, paying an x402 402 with an approved spend request's credential (or opening one).",
       {{"url", PT::String, true, nullptr, "http(s) URL"},
        {"options", PT::Object, false, Json::object(),
         "{reason, merchant_name, request_approval, headers, timeout_ms, spend_request_id}"}},
       Json{{"http_status", 200}, {"headers", Json::object()}, {"body", ""}, {"body_encoding", "utf8"}, {"payment", "paid"},
            {"settlement", Json::object()}, {"spend_request_id", kExampleId}, {"payment_signature", ""}},
       Json{{"url", "http://127.0.0.1:8402/weather"}, {"options", Json{{"reason", kExampleReason}}}}},
      [&a](const Args& x, logos::sdk::Reply reply) { a.httpGet(x.str("url"), x.value("options"), std::move(reply)); });
  shell_.addAsyncOperation(
      shaped({std::string(logos::eligibility::kPreparePaymentOperation),
       "User side of the Store proof_of_payment arm: pays the provider's Store requirements from the owner's account.",
       {{"canonical_request_hex", PT::Hex, true, nullptr, "N8 canonical Store request (prefix included)"},
        {"provider_peer_id", PT::String, true, nullptr, "the Store provider's peer id"},
        {"options", PT::Object, false, Json::object(), "{payment_requirements: PaymentRequirements, payer_account?}"}},
       Json{{"kind", "proof_of_payment"}, {"bytes_hex", ""}, {"tx_hash", ""}},
       Json{{"canonical_request_hex", "00"}, {"provider_peer_id", "16Uiu2HAm-provider"},
            {"options", Json{{"payment_requirements", Json{{"scheme", "exact"}, {"network", "logos:lez-localnet"}, {"amount", "5"},
                                                           {"asset", "native"}, {"payTo", kExamplePayTo}, {"maxTimeoutSeconds", 60},
                                                           {"extra", Json::object()}}}}}}},
             Json{{"kind", "string"}, {"bytes_hex", "hex"}, {"tx_hash", "hex32"}, {"amount", "u128"}, {"pay_to", "string"},
                  {"payer", "string"}, {"resource_url", "string"}, {"valid_before", "u64"}}),
      [&a](const Args& x, logos::sdk::Reply reply) {
        a.prepareStorePayment(x.hex("canonical_request_hex"), x.str("provider_peer_id"), x.value("options"), std::move(reply));
      });

  shell_.addEvent({"spendRequestCreated", "A spend request was opened.", {"id", "status", "amount"}});
  shell_.addEvent({"spendRequestUpdated", "A spend request changed status.", {"id", "status"}});
}

AgentOperations::~AgentOperations() = default;

logos::Json AgentOperations::onInit() { return state_->agent.open(shell_.context()->persistencePath()); }
void AgentOperations::onShutdown() { state_->agent.close(); }

}  // namespace x402mod
