#pragma once
// Transitions of a spend request (x402.md §8):
//
//   created --requestApproval--> pending_approval --approve--> approved --use--> succeeded | failed
//      |                             |                           |
//      +--approve (owner acts)-------+                           +--cancel--> canceled
//      +--decline / cancel-----------+--decline--> denied        +--lifetime--> expired
//      +--lifetime--> expired        +--window--> expired
//
// Expiry is evaluated lazily: every read or use first calls refreshExpiry(now). Each function
// returns the updated request or a SpendError (as its string code) and leaves the input alone.
// Pure: the caller passes `now`, the credential and persists the result.

#include <cstdint>
#include <optional>
#include <string>

#include "lezpay/util/result.h"
#include "x402/spend_policy.h"
#include "x402/spend_request.h"

namespace x402 {

// Builds a new request from a checked one: id, times, status created or pending_approval.
SpendRequest openSpendRequest(SpendRequest checked, std::string id, std::int64_t now, const SpendPolicy& policy,
                              bool requestApproval);

// Applies lazy expiry: pending_approval past its window, created or approved past valid_until,
// become expired (status_details says which). Returns true when the status changed.
bool refreshExpiry(SpendRequest& request, std::int64_t now);

// created -> pending_approval (starts the approval window).
lezpay::util::Result<SpendRequest> requestApproval(const SpendRequest& request, std::int64_t now, const SpendPolicy& policy);

// May the owner approve now? (created or pending_approval, inside the window, not expired.)
// Callers check this before asking the wallet to sign, then call approve() with the credential.
lezpay::util::Status canApprove(const SpendRequest& request, std::int64_t now);

// created | pending_approval -> approved with the credential (its valid_before must not exceed
// the request's valid_until).
lezpay::util::Result<SpendRequest> approve(const SpendRequest& request, SpendCredential credential, std::int64_t now);

// created | pending_approval -> denied.
lezpay::util::Result<SpendRequest> decline(const SpendRequest& request, std::string reason, std::int64_t now);

// created | pending_approval | approved -> canceled.
lezpay::util::Result<SpendRequest> cancel(const SpendRequest& request, std::int64_t now);

// May the credential pay `amount` to `payTo` at `merchantOrigin` on `network`/`asset` now?
// (approved, unexpired, amount and payee exactly equal, same origin.) Errors name the mismatch.
lezpay::util::Status canUse(const SpendRequest& request, const lezpay::util::U128& amount, const std::string& payTo,
                            const std::string& network, const std::string& asset, const std::string& merchantOrigin,
                            std::int64_t now);

// Records that the credential is being sent (kept approved until the outcome is known; resending
// the same signed transfer cannot pay twice because the LEZ nonce makes it single-use).
SpendRequest markAttempted(const SpendRequest& request, std::int64_t now);

// approved -> succeeded | failed with the SettlementResponse JSON (and the reason on failure).
lezpay::util::Result<SpendRequest> settle(const SpendRequest& request, bool success, std::string settlementJson,
                                          std::string details, std::int64_t now);

}  // namespace x402
