#pragma once
// The spend request of the paying agent (x402.md §8, modelled on Stripe Link spend requests): one
// purchase intent that the owner approves before the agent receives a one-time credential scoped
// to it. Plain values only; transitions live in spend_machine.h, policy checks in spend_policy.h,
// the JSON form (persistence and answers) in spend_request_json.h.
//
// Times are Unix seconds passed in by the caller; nothing here reads a clock.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lezpay/util/u128.h"

namespace x402 {

// x402.md §8 statuses (requires_action is not used: the owner's wallet is local, so no account
// ever needs outside attention).
enum class SpendStatus {
  Created,          // approval not yet requested
  PendingApproval,  // waiting for the owner
  Approved,         // credential issued, not yet used
  Denied,           // owner refused
  Expired,          // approval window or credential lifetime elapsed
  Canceled,         // canceled by the agent or the owner
  Succeeded,        // the payment made with the credential settled
  Failed,           // the payment made with the credential was refused or did not settle
};

std::string_view toString(SpendStatus s);
std::optional<SpendStatus> spendStatusFromString(std::string_view s);
// Terminal for pollers (x402.md §8): approved, denied, expired, canceled; plus the outcomes.
bool isTerminalForPolling(SpendStatus s);
// No transition leaves these.
bool isFinal(SpendStatus s);

// Stable error codes of the spend-request domain (answered as their string).
enum class SpendError {
  InvalidRequest,         // a field is missing or malformed (the message names it)
  ReasonTooShort,         // context below the configured minimum after stripping controls
  ReasonTooLong,          // context above the configured maximum
  AmountZero,             // amount must be > 0
  UnsupportedNetwork,     // network not in the allowed list
  UnsupportedAsset,       // asset not in the allowed list
  PerRequestCapExceeded,  // amount above the per-request cap
  DailyCapExceeded,       // approved + succeeded in the last 24 h + amount above the daily cap
  MonthlyCapExceeded,     // same over 30 days
  NotFound,               // no spend request with that id
  InvalidTransition,      // the operation is not allowed from the current status
  ApprovalWindowElapsed,  // approval attempted after the window; the request is now expired
  CredentialExpired,      // the credential's lifetime elapsed; the request is now expired
  CredentialUsed,         // the credential was already used for a payment
  ScopeMismatch,          // amount, payee, network, asset or merchant origin differ from the approval
};

std::string_view toString(SpendError e);

// What the owner's approval produced: the scheme payload pieces signed by the owner's wallet
// (never the key). `payload` is the JSON text of the scheme's `payload` object, kept opaque here so
// that the scheme alone defines its shape.
struct SpendCredential {
  std::string payload_json;        // PaymentPayload.payload (scheme exact on LEZ)
  std::string tx_hash;             // hash of the signed, unbroadcast transfer
  std::string payer;               // owner account id (base58)
  std::string nonce;               // sender nonce the transfer was signed with (decimal)
  std::int64_t valid_after = 0;    // authorization not-before (Unix s)
  std::int64_t valid_before = 0;   // authorization deadline (Unix s), never after the request's valid_until
  std::int64_t issued_at = 0;
  // The window length the owner chose at approval (seconds), or 0: fitted to the challenge's
  // maxTimeoutSeconds (docs/protocol.md "Credential lifetime").
  std::int64_t owner_valid_seconds = 0;

  bool operator==(const SpendCredential&) const = default;
};

struct SpendRequest {
  std::string id;                  // "lsrq_" + 24 lowercase hex
  std::string merchant_name;
  std::string merchant_url;        // http(s) URL; its origin scopes the credential
  std::string pay_to;              // recipient account id (base58, canonical)
  lezpay::util::U128 amount;          // native units, > 0
  std::string asset;               // "native"
  std::string network;             // CAIP-2, e.g. "logos:lez-localnet"
  std::string reason;              // x402.md §8 `context`, control characters stripped
  std::string resource_url;        // optional: the resource the purchase is for
  std::uint64_t max_timeout_seconds = 0;  // optional: the merchant's maxTimeoutSeconds (0 = none)

  SpendStatus status = SpendStatus::Created;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t approval_requested_at = 0;  // 0 while created
  std::int64_t approval_expires_at = 0;    // approval_requested_at + window (0 while created)
  std::int64_t valid_until = 0;            // created_at + credential lifetime (x402.md §8)
  std::int64_t decided_at = 0;             // approve / decline time (0 = none)
  std::int64_t payment_attempted_at = 0;   // first time the credential was sent (0 = never)
  std::string status_details;              // why denied / expired / canceled / failed
  std::string decline_reason;              // owner's words on decline (optional)

  std::optional<SpendCredential> credential;  // present from approval on
  std::string settlement_json;                // SettlementResponse JSON after use ("" = none)

  bool operator==(const SpendRequest&) const = default;
};

// A payment the owner made directly (user-side Store proof_of_payment), counted in the caps.
struct DirectSpend {
  std::string kind;          // "store_query"
  std::string pay_to;
  lezpay::util::U128 amount;
  std::int64_t at = 0;
  std::string tx_hash;

  bool operator==(const DirectSpend&) const = default;
};

}  // namespace x402
