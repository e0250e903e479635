#pragma once
// The paying agent of x402_module (x402.md §8): the owner's policy, spend requests and
// their credentials, the audit log, the paying HTTP client and the user-side Store
// proof_of_payment arm. One Agent lives on the module's thread, so it needs no locks. Decisions
// run through the pure state machine in libs/x402 (spend_*.h); this class adds time,
// randomness, the wallet (through ModuleContext), HTTP and disk.
//
// Threading: nothing here blocks the module's thread. Operations that talk to wallet_module or
// to a merchant (httpGet, approve, prepareStorePayment) are continuations over
// ModuleContext::callAsync and lezpay::net::AsyncHttpRequest and answer their sdk::Reply when
// the last step ends; other operations run in between. Each continuation therefore finds its
// spend request again by id and checks it again before changing it (it may have been
// cancelled, approved or paid meanwhile). Callbacks hold a weak reference to the agent and do
// nothing once it is gone; its HTTP exchanges die with it.
//
// Persistence, under the module's persistence directory:
//   agent_state.json  config + spend requests + direct spends, replaced atomically (0600) on
//                     every change (it holds signed but unbroadcast transfers, never keys)
//   audit_log.jsonl   append-only, fsync'ed (audit_log.h)
// Every change is appended to the audit log first, then the state file is replaced; when the
// state write fails the change is undone in memory, a `state_write_failed` record follows, and
// the operation answers IO_ERROR.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <QLoggingCategory>

#include "agent_state_file.h"
#include "audit_log.h"
#include "logos/json.h"
#include "logos/sdk/args.h"
#include "logos/sdk/reply.h"
#include "lezpay/http/http_message.h"
#include "lezpay/net/async_http_client.h"
#include "module_shell.h"
#include "lez/core/u128.h"
#include "x402/spend_machine.h"
#include "x402/spend_policy.h"
#include "x402/types.h"

namespace x402mod {

// lezpay.x402.agent: one line per decision (event, spend request id, status); never payloads.
Q_DECLARE_LOGGING_CATEGORY(lcX402Agent)

class Agent {
 public:
  explicit Agent(ModuleShell shell);
  ~Agent();

  // Loads agent_state.json (a missing file means defaults) and opens the audit log.
  logos::Json open(const std::string& dir);
  // Drops the HTTP exchanges in flight and every pending continuation, then closes the log.
  void close() {
    http_.clear();
    life_ = std::make_shared<int>(0);
    audit_.close();
  }

  // configureAgent: changes only the parameters given; the policy is checked as a whole before
  // anything is recorded.
  logos::Json configure(const logos::sdk::Args& args);
  logos::Json config() const;

  // createSpendRequest: `args` as declared in agent_operations.cpp, as a draft for openSpendRequest.
  logos::Json createSpendRequest(const logos::sdk::Args& args);
  logos::Json requestApproval(const std::string& id);
  // `validSeconds` 0: the credential's window is the request's max_timeout_seconds (when known).
  // Answers `reply` once the wallet signed (or refused).
  // `caller`: the host's stamp of who decided (agent_caller.h), recorded in the audit log.
  void approve(const std::string& id, std::uint64_t validSeconds, const logos::Json& caller, logos::sdk::Reply reply);
  logos::Json decline(const std::string& id, const std::string& reason, const logos::Json& caller);
  logos::Json cancel(const std::string& id, const logos::Json& caller);
  logos::Json get(const std::string& id);
  logos::Json list(const std::string& status, std::uint64_t limit);
  logos::Json auditLog(std::uint64_t afterSeq, std::uint64_t limit) const;

  // Cancelling `reply` aborts the HTTP exchange in flight.
  void httpGet(const std::string& url, const logos::Json& options, logos::sdk::Reply reply);
  // callPaidTool (agent_paid_tool.cpp): calls `tool` on the MCP server at `serverUrl` (Streamable
  // HTTP); a tool paid with the x402 MCP transport (mcp.md §9.3) is paid like an httpGet 402:
  // with an approved spend request's credential for exactly that price, payee, server and tool,
  // or a spend request is opened for the owner. Cancelling `reply` aborts the exchange in flight.
  void callPaidTool(const std::string& serverUrl, const std::string& tool, const logos::Json& arguments, const logos::Json& options,
                    logos::sdk::Reply reply);
  // `n8`: the canonical Store request bytes (refused when empty or above 128 KiB).
  void prepareStorePayment(const std::vector<std::uint8_t>& n8, const std::string& providerPeerId, const logos::Json& options,
                           logos::sdk::Reply reply);

 private:
  // Now in Unix seconds (system clock).
  static std::int64_t now();
  static std::string newId();

  // Checks `draft` against the policy and the caps (a refusal is audited), then records the new
  // request: pending_approval when `requestApproval`, else created. Used by createSpendRequest and
  // by httpGet when no credential covers a 402.
  logos::Json openSpendRequest(const x402::SpendRequestDraft& draft, bool requestApproval);
  // Index of the request with `id`, or -1.
  int find(const std::string& id) const;
  // Applies lazy expiry to every request (recording each change); answers IO_ERROR on failure.
  std::optional<logos::Json> refreshAll(std::int64_t t);
  // Why request `id` cannot be approved at `t` (not found, its status or window, the caps), audited
  // as approval_refused; nullopt when it can.
  std::optional<logos::Json> approvalRefusal(const std::string& id, std::int64_t t);
  // Audit first, then replace the request (or append it when new) and save; see the file comment.
  std::optional<logos::Json> commit(const x402::SpendRequest& updated, const std::string& event, logos::Json fields,
                                    std::int64_t t);
  std::optional<logos::Json> saveState();
  logos::Json stateJson() const;

  // Signs the scoped transfer and the scheme authorization with the owner's wallet (exact LEZ).
  struct Signed {
    std::string payloadJson;  // ExactLezPayload as compact JSON
    std::string txHash;
    std::string nonce;
    std::uint64_t validAfter = 0;
    std::uint64_t validBefore = 0;
  };
  using SignedDone = std::function<void(lezpay::util::Result<Signed>)>;
  void signExactPayment(const std::string& payer, const std::string& payTo, const lez::core::U128& amount,
                        const std::string& resourceUrl, std::uint64_t validAfter, std::uint64_t validBefore, SignedDone done);
  void chainNonce(const std::string& account, std::function<void(lezpay::util::Result<lez::core::U128>)> done);
  // wallet_module.`op` through callAsync; `done` runs on this thread while the agent lives.
  void wallet(const std::string& op, const logos::Json& params, std::function<void(logos::Json)> done, int extraTimeoutMs = 0);

  // One GET through AsyncHttpRequest, owned by the agent under the returned key until it ends.
  using FetchDone = std::function<void(lezpay::util::Result<lezpay::http::HttpResponse>)>;
  std::uint64_t fetch(const std::string& url, const lezpay::http::Headers& headers, const lezpay::net::HttpClientOptions& options,
                      FetchDone done);
  void abortFetch(std::uint64_t key);

  // The steps of httpGet (agent_http_get.cpp), each a continuation of the one before.
  struct HttpGetFlow;
  void onUnpaidAnswer(const std::shared_ptr<HttpGetFlow>& g, lezpay::http::HttpResponse first);
  void sendPayment(const std::shared_ptr<HttpGetFlow>& g);
  void onPaidAnswer(const std::shared_ptr<HttpGetFlow>& g, lezpay::http::HttpResponse second);
  void finishPayment(const std::shared_ptr<HttpGetFlow>& g, const lezpay::http::HttpResponse& second,
                     std::optional<x402::SettlementResponse> settlement, std::string settlementNote, std::string reason,
                     std::string message, std::string unconfirmed);
  // The steps of callPaidTool (agent_paid_tool.cpp).
  struct PaidToolFlow;
  void onToolChallenge(const std::shared_ptr<PaidToolFlow>& f, x402::PaymentRequired challenge);
  void sendToolPayment(const std::shared_ptr<PaidToolFlow>& f);
  void onPaidToolAnswer(const std::shared_ptr<PaidToolFlow>& f, logos::Json result);
  void finishToolPayment(const std::shared_ptr<PaidToolFlow>& f, const logos::Json& result, std::string unconfirmed);
  // What both paid flows send once the owner approved: the approved request `requestId` and its
  // signed credential inside a PaymentPayload for `challenge`/`option` (agent_payment_payload.cpp).
  // An error envelope when the request is gone, no longer approved or its credential unreadable.
  struct ApprovedPayment {
    x402::SpendRequest request;
    x402::PaymentPayload payment;
  };
  std::variant<ApprovedPayment, logos::Json> approvedPayment(const std::string& requestId, const x402::PaymentRequired& challenge,
                                                             const x402::PaymentRequirements& option) const;
  // The approve step after the wallet signed (agent_spend.cpp).
  void finishApprove(const std::string& id, std::int64_t t, std::int64_t ownerSeconds, const logos::Json& decidedBy,
                     lezpay::util::Result<Signed> signedPayment, const logos::sdk::Reply& reply);

  // The resource URL the credential of `r` binds (resource_url, else merchant_url).
  static const std::string& boundResource(const x402::SpendRequest& r);
  // Re-signs an approved, never-sent credential whose nonce was consumed by another transaction,
  // whose window is about to close, or whose window is longer than the challenge's
  // `maxTimeoutSeconds` allows (unless the owner chose it).
  // `done` gets an error envelope, or nullopt when the credential is fresh (again).
  void refreshStaleCredential(const std::string& id, std::int64_t t, std::uint64_t maxTimeoutSeconds,
                              std::function<void(std::optional<logos::Json>)> done);
  // The end of a credential window starting at `t` for `r` (owner's choice or `maxTimeoutSeconds`).
  static std::int64_t credentialDeadline(const x402::SpendRequest& r, std::int64_t t, std::int64_t ownerSeconds,
                                         std::uint64_t maxTimeoutSeconds);

  void emitUpdated(const x402::SpendRequest& r);

  // Why a merchant's success receipt cannot be believed, or "" when it can: its transaction must
  // be `credentialTxHash` and be included on chain (wallet_module.wait_for_transaction, at most
  // kReceiptWaitMs). A missing receipt is judged by the chain alone.
  void receiptProblem(const std::string& credentialTxHash, const std::optional<x402::SettlementResponse>& settlement,
                      std::function<void(std::string)> done);
  static constexpr int kReceiptWaitMs = 10000;

  ModuleShell shell_;
  std::string dir_;
  AgentConfig config_;
  std::vector<x402::SpendRequest> requests_;
  std::vector<x402::DirectSpend> direct_;
  AuditLog audit_;
  std::map<std::uint64_t, std::unique_ptr<lezpay::net::AsyncHttpRequest>> http_;
  std::uint64_t httpSerial_ = 0;
  // Callbacks of wallet calls and HTTP exchanges hold a weak reference to it.
  std::shared_ptr<int> life_ = std::make_shared<int>(0);
};

// Stable agent error codes beyond the spend domain (x402/spend_request.h SpendError).
inline constexpr const char* kOwnerNotConfigured = "OWNER_NOT_CONFIGURED";
inline constexpr const char* kWalletError = "WALLET_ERROR";
inline constexpr const char* kIoError = "IO_ERROR";
inline constexpr const char* kHttpError = "HTTP_ERROR";
inline constexpr const char* kInvalidChallenge = "INVALID_CHALLENGE";
inline constexpr const char* kNoAcceptableOption = "NO_ACCEPTABLE_OPTION";
inline constexpr const char* kInvalidArgument = "INVALID_ARGUMENT";

}  // namespace x402mod
