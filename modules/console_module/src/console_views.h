#pragma once
// What the console's API answers, built from module answers (docs/protocol.md "console_module"):
// spend request items with their caps, stream views and stream history points. Pure: `now` is
// a parameter.

#include <cstdint>
#include <string>
#include <vector>

#include "logos/json.h"
#include "lezpay/util/u128.h"

namespace console {

// One spend request view of x402_module (getSpendRequest / listSpendRequests) as the console's
// item. `policy`: getAgentConfig's "policy"; `all`: every request (for the caps' used amounts).
logos::Json spendItem(const logos::Json& view, const logos::Json& policy, const logos::Json& all, std::int64_t now);

struct SpendFilter {
  std::string status;
  std::string merchant;   // substring of name or URL, case-insensitive
  std::int64_t from = 0;  // created_at bounds, 0 = open
  std::int64_t to = 0;
};
// Items of `views` that pass `filter`, pending_approval first (soonest expiry first), then
// newest first.
logos::Json spendItems(const logos::Json& views, const logos::Json& policy, const SpendFilter& filter, std::int64_t now);

// getStreamStatus's answer (or listMyStreams' "chain") as the console's stream view.
logos::Json streamView(const logos::Json& status);

// Remaining allocation over time for one stream: `observed` points the console saw
// ({"t","remaining"}), plus the fold of the stored state from its accrued_as_of to `now`
// (linear at the rate while active, ending at depletion). Sorted, one point per second.
logos::Json historyPoints(const logos::Json& status, const std::vector<std::pair<std::int64_t, std::string>>& observed, std::int64_t now);

// The remaining allocation at each stored state of a stream's chain history (payment_streams_module
// getStreamHistory entries: {block_id, timestamp_ms, stored}), as (accrued_as_of, remaining),
// with the depletion second between two states when an active stream ran out before the next
// write. Entries without a stored state are skipped.
std::vector<std::pair<std::int64_t, std::string>> chainStatePoints(const logos::Json& entries);

// What the provider claimed from a stream, summed over its chain history (getStreamHistory
// entries): a claim is a write that zeroes accrued and lowers the allocation by the payout
// without closing the stream (closing sets allocation = accrued and pays nothing).
lezpay::util::U128 claimedFromHistory(const logos::Json& entries);

// Case-insensitive substring test.
bool containsText(const std::string& haystack, const std::string& needle);

}  // namespace console
