#pragma once
// Decisions of the payment-streams autopilot (issue "money on autopilot"): when a provider claims
// on its own, when a user is told a stream depletes soon or a vault runs low, and whether an
// automatic top-up fits inside the limits the owner set. Pure: folded stream state, the chain's
// time in fold seconds and the policies come in as values, decisions come out; the module's timer
// reads the chain, calls these and performs what they decide.

#include <cstdint>
#include <optional>

#include "lez/streams/accounts.h"
#include "lez/streams/fold.h"

namespace lez::streams::autopilot {

inline constexpr std::uint64_t kSecondsPerDay = 86400;
// Backoff after a failed claim: 2^(failures-1) * base seconds, capped.
inline constexpr std::uint64_t kClaimBackoffBaseSeconds = 2;
inline constexpr std::uint64_t kClaimBackoffMaxSeconds = 300;

// ---------------------------------------------------------------- provider auto-claim

struct ClaimPolicy {
  bool enabled = false;
  std::uint64_t intervalSeconds = 0;  // 0: no schedule
  U128 threshold;                     // 0: no threshold
};

// What the autopilot remembers about one stream it claims from.
struct ClaimMemory {
  Timestamp lastClaimAt = 0;         // the schedule counts from here (first sight, or the last claim)
  std::optional<U128> failedAmount;  // a claim of exactly this amount failed: never tried again
  std::uint32_t failures = 0;        // consecutive failures
  Timestamp retryAfter = 0;          // no attempt before this
};

enum class ClaimReason { None, Threshold, Schedule };
const char* toString(ClaimReason r);

struct ClaimDecision {
  ClaimReason reason = ClaimReason::None;
  U128 amount;  // the claimable amount the decision saw (what a claim moves)
  bool claim() const { return reason != ClaimReason::None; }
};

// Claim when enabled, something is claimable, the backoff has passed, the amount is not one whose
// claim already failed, and either the threshold is reached (threshold > 0 and accrued >= it) or
// the schedule is due (interval > 0 and now >= lastClaimAt + interval). `folded` is the stream
// folded at `now`.
ClaimDecision decideClaim(const ClaimPolicy& policy, const FoldedStream& folded, Timestamp now, const ClaimMemory& memory);
ClaimMemory afterClaimSucceeded(ClaimMemory memory, Timestamp now);
// Remembers the failed amount and pushes retryAfter by the backoff.
ClaimMemory afterClaimFailed(ClaimMemory memory, const U128& amount, Timestamp now);
std::uint64_t claimBackoffSeconds(std::uint32_t failures);

// ---------------------------------------------------------------- user alerts

struct AlertPolicy {
  std::uint64_t depletionHorizonSeconds = 0;  // 0: no depletion alerts
  U128 vaultLowThreshold;                     // 0: no vault alerts
};

// The instant (fold seconds) an Active stream runs out: asOf + ceil(unaccrued / rate); nullopt for
// a Paused or Closed stream, a zero rate, or one with nothing left (already depleted).
std::optional<Timestamp> depletesAt(const FoldedStream& folded);
// True when the stream depletes within the horizon from `now`.
bool depletingSoon(const AlertPolicy& policy, const FoldedStream& folded, Timestamp now);
// True when the vault's unallocated funds are below the threshold.
bool vaultLow(const AlertPolicy& policy, const U128& unallocatedFunds);

// Once per condition: true exactly when the condition starts holding; it can fire again after it
// stopped holding once. `raised` is the latch's memory.
bool risingEdge(bool& raised, bool holds);

// ---------------------------------------------------------------- automatic top-up

struct TopUpPolicy {
  bool enabled = false;
  U128 amountPerTopUp;
  U128 maxPerDay;
};

// Top-ups of one UTC day (chain time): the day number and the sum already spent on it.
struct TopUpLedger {
  std::uint64_t day = 0;
  U128 spent;
};

enum class TopUpVerdict { Go, Disabled, DailyCapReached, InsufficientUnallocated };
const char* toString(TopUpVerdict v);

// What was spent on `now`'s day (zero when the ledger is of another day).
U128 spentToday(const TopUpLedger& ledger, Timestamp now);
// Go when enabled with a non-zero amount, spentToday + amount <= maxPerDay, and the vault's
// unallocated funds cover the amount.
TopUpVerdict decideTopUp(const TopUpPolicy& policy, const TopUpLedger& ledger, Timestamp now, const U128& unallocatedFunds);
TopUpLedger afterTopUp(const TopUpLedger& ledger, Timestamp now, const U128& amount);

}  // namespace lez::streams::autopilot
