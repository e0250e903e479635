#pragma once
// The paying agent of x402_module (x402.md §8): the owner's policy, spend requests and
// their credentials, the audit log, the paying HTTP client and the user-side Store
// proof_of_payment arm. One Agent lives on the module's thread (calls arrive one at a time), so
// it needs no locks. Decisions run through the pure state machine in libs/x402 (spend_*.h); this
// class adds time, randomness, the wallet (through ModuleContext), HTTP and disk.
//
// Persistence, under the module's persistence directory:
//   agent_state.json  config + spend requests + direct spends, replaced atomically (0600) on
//                     every change (it holds signed but unbroadcast transfers, never keys)
//   audit_log.jsonl   append-only, fsync'ed (audit_log.h)
// Every change is appended to the audit log first, then the state file is replaced; when the
// state write fails the change is undone in memory, a `state_write_failed` record follows, and
// the operation answers IO_ERROR.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <QLoggingCategory>

#include "agent_state_file.h"
#include "audit_log.h"
#include "logos/json.h"
#include "module_shell.h"
#include "lez/core/u128.h"
#include "x402/spend_machine.h"
#include "x402/types.h"

namespace x402mod {

// lezpay.x402.agent: one line per decision (event, spend request id, status); never payloads.
Q_DECLARE_LOGGING_CATEGORY(lcX402Agent)

class Agent {
 public:
  explicit Agent(ModuleShell shell) : shell_(std::move(shell)) {}

  // Loads agent_state.json (a missing file means defaults) and opens the audit log.
  logos::Json open(const std::string& dir);
  void close() { audit_.close(); }

  logos::Json configure(const logos::Json& params);
  logos::Json config() const;

  logos::Json createSpendRequest(const logos::Json& params);
  logos::Json requestApproval(const std::string& id);
  // `validSeconds` 0: the credential's window is the request's max_timeout_seconds (when known).
  logos::Json approve(const std::string& id, std::uint64_t validSeconds = 0);
  logos::Json decline(const std::string& id, const std::string& reason);
  logos::Json cancel(const std::string& id);
  logos::Json get(const std::string& id);
  logos::Json list(const std::string& status, std::uint64_t limit);
  logos::Json auditLog(std::uint64_t afterSeq, std::uint64_t limit) const;

  logos::Json httpGet(const std::string& url, const logos::Json& options);
  logos::Json prepareStorePayment(const std::string& canonicalRequestHex, const std::string& providerPeerId,
                                  const logos::Json& options);

 private:
  // Now in Unix seconds (system clock).
  static std::int64_t now();
  static std::string newId();

  // Index of the request with `id`, or -1.
  int find(const std::string& id) const;
  // Applies lazy expiry to every request (recording each change); answers IO_ERROR on failure.
  std::optional<logos::Json> refreshAll(std::int64_t t);
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
  };
  lezpay::util::Result<Signed> signExactPayment(const std::string& payer, const std::string& payTo,
                                                const lez::core::U128& amount, const std::string& resourceUrl,
                                                std::uint64_t validAfter, std::uint64_t validBefore);
  lezpay::util::Result<lez::core::U128> chainNonce(const std::string& account);
  logos::Json wallet(const std::string& op, const logos::Json& params);

  // The resource URL the credential of `r` binds (resource_url, else merchant_url).
  static const std::string& boundResource(const x402::SpendRequest& r);
  // Re-signs an approved, never-sent credential whose nonce was consumed by another transaction,
  // whose window is about to close, or whose window is longer than the challenge's
  // `maxTimeoutSeconds` allows (unless the owner chose it).
  std::optional<logos::Json> refreshStaleCredential(int index, std::int64_t t, std::uint64_t maxTimeoutSeconds);
  // The end of a credential window starting at `t` for `r` (owner's choice or `maxTimeoutSeconds`).
  static std::int64_t credentialDeadline(const x402::SpendRequest& r, std::int64_t t, std::int64_t ownerSeconds,
                                         std::uint64_t maxTimeoutSeconds);

  void emitUpdated(const x402::SpendRequest& r);

  // Why a merchant's success receipt cannot be believed, or "" when it can: its transaction must
  // be `credentialTxHash` and be included on chain (wallet_module.wait_for_transaction, at most
  // kReceiptWaitMs). A missing receipt is judged by the chain alone.
  std::string receiptProblem(const std::string& credentialTxHash, const std::optional<x402::SettlementResponse>& settlement);
  static constexpr int kReceiptWaitMs = 10000;

  ModuleShell shell_;
  std::string dir_;
  AgentConfig config_;
  std::vector<x402::SpendRequest> requests_;
  std::vector<x402::DirectSpend> direct_;
  AuditLog audit_;
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
