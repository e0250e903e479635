#pragma once
// The owner's spending policy for the paying agent (x402.md §8 limits, adapted to native LEZ
// units) and the checks a new spend request must pass. Pure: the caller passes time and the
// requests already known; nothing is read or written here.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"
#include "x402/spend_request.h"

namespace x402 {

// Reason (`context`) limits. The minimum is the spec's 100 characters; the maximum is ours
// (docs/decisions.md): long enough for a paragraph, short enough to show on one approval screen.
inline constexpr std::size_t kDefaultMinReasonChars = 100;
inline constexpr std::size_t kMaxReasonCharsLimit = 2000;
inline constexpr std::size_t kMaxMerchantNameBytes = 200;
inline constexpr std::size_t kMaxUrlBytes = 2048;
inline constexpr std::int64_t kDefaultApprovalWindowSeconds = 600;       // 10 minutes
inline constexpr std::int64_t kDefaultCredentialLifetimeSeconds = 43200; // 12 hours
inline constexpr std::int64_t kDaySeconds = 86400;
// x402.md §8: credentials live at most 7 days (allow-listed clients); so does an approval window.
inline constexpr std::int64_t kMaxLifetimeSeconds = 7 * kDaySeconds;
inline constexpr std::int64_t kThirtyDaysSeconds = 30 * kDaySeconds;

struct SpendPolicy {
  std::size_t min_reason_chars = kDefaultMinReasonChars;
  std::size_t max_reason_chars = kMaxReasonCharsLimit;
  std::int64_t approval_window_seconds = kDefaultApprovalWindowSeconds;
  std::int64_t credential_lifetime_seconds = kDefaultCredentialLifetimeSeconds;
  // Caps in native units; the defaults mirror the spec's numbers in minor units (500.00 per
  // request and per day, 20,000.00 per 30 days).
  lezpay::util::U128 per_request_cap{50000};
  lezpay::util::U128 daily_cap{50000};
  lezpay::util::U128 monthly_cap{2000000};
  std::vector<std::string> allowed_networks{"logos:lez-localnet"};
  std::vector<std::string> allowed_assets{"native"};

  bool operator==(const SpendPolicy&) const = default;
};

// Checks the policy itself (0 < window and lifetime ≤ 7 days, min ≤ max ≤ kMaxReasonCharsLimit,
// lists non-empty).
lezpay::util::Status validatePolicy(const SpendPolicy& policy);

// Strips ASCII and Unicode C0/C1 control characters (x402.md §8) and surrounding whitespace.
// Invalid UTF-8 is an error (INVALID_REQUEST) rather than silently repaired.
lezpay::util::Result<std::string> sanitizeReason(std::string_view reason);

// Number of Unicode code points of valid UTF-8 text.
std::size_t utf8Length(std::string_view text);

// What the agent asks for; checked and normalised by checkNewRequest.
struct SpendRequestDraft {
  std::string merchant_name;
  std::string merchant_url;
  std::string pay_to;       // account id: base58 or 64 hex
  std::string amount;       // decimal u128
  std::string asset;
  std::string network;
  std::string reason;
  std::string resource_url;
  std::uint64_t max_timeout_seconds = 0;
};

// Validates and normalises a draft (reason sanitised, pay_to in base58, amount parsed) and checks
// the per-request cap. Caps over time are checked separately (checkCaps) because they depend on
// other requests. The result has status Created and no id or times.
lezpay::util::Result<SpendRequest> checkNewRequest(const SpendRequestDraft& draft, const SpendPolicy& policy);

// Sum of what counts against the time caps within (now - window, now]: requests approved (and
// not canceled/expired before use) or succeeded, by decision time, plus direct spends, except the
// request `excludeId`. Failed requests do not count (nothing moved) unless they failed with
// kSettlementUnconfirmed (the signed transfer is still outstanding); an approved credential counts
// because it can still be spent. Saturates at U128::max().
// The status_details prefix of a request that failed because the merchant's receipt could not be
// confirmed on chain.
inline constexpr std::string_view kSettlementUnconfirmed = "settlement_unconfirmed";

lezpay::util::U128 committedSpend(std::span<const SpendRequest> requests, std::span<const DirectSpend> direct,
                               std::int64_t now, std::int64_t window, std::string_view excludeId = {});

// Per-request, daily and 30-day caps for `amount` on top of what is already committed.
lezpay::util::Status checkCaps(const lezpay::util::U128& amount, std::span<const SpendRequest> requests,
                               std::span<const DirectSpend> direct, const SpendPolicy& policy, std::int64_t now,
                               std::string_view excludeId = {});

// The origin ("scheme://host:port", lower-case, default port filled) of an http(s) URL, or an
// error (INVALID_REQUEST) for anything else. Credentials are scoped to the merchant's origin.
lezpay::util::Result<std::string> urlOrigin(std::string_view url);

// True for the resource URL of a paid MCP tool, "mcp://tool/<name>" with a valid tool name
// (mcp.md §9.1, §7): a spend request's resource_url may name one (its merchant_url is the server).
bool isMcpToolResource(std::string_view url);

}  // namespace x402
