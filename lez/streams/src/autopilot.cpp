#include "lez/streams/autopilot.h"

#include <algorithm>

namespace lez::streams::autopilot {

const char* toString(ClaimReason r) {
  switch (r) {
    case ClaimReason::Threshold: return "threshold";
    case ClaimReason::Schedule: return "schedule";
    case ClaimReason::None: break;
  }
  return "none";
}

const char* toString(TopUpVerdict v) {
  switch (v) {
    case TopUpVerdict::Go: return "go";
    case TopUpVerdict::Disabled: return "disabled";
    case TopUpVerdict::DailyCapReached: return "daily_cap_reached";
    case TopUpVerdict::InsufficientUnallocated: return "insufficient_unallocated";
  }
  return "disabled";
}

ClaimDecision decideClaim(const ClaimPolicy& policy, const FoldedStream& folded, Timestamp now, const ClaimMemory& memory) {
  ClaimDecision d;
  d.amount = folded.accrued;
  if (!policy.enabled || folded.accrued.isZero()) return d;
  if (now < memory.retryAfter) return d;
  if (memory.failedAmount && *memory.failedAmount == folded.accrued) return d;
  if (!policy.threshold.isZero() && !(folded.accrued < policy.threshold)) {
    d.reason = ClaimReason::Threshold;
  } else if (policy.intervalSeconds > 0 && now >= memory.lastClaimAt && now - memory.lastClaimAt >= policy.intervalSeconds) {
    d.reason = ClaimReason::Schedule;
  }
  return d;
}

ClaimMemory afterClaimSucceeded(ClaimMemory memory, Timestamp now) {
  memory.lastClaimAt = now;
  memory.failedAmount.reset();
  memory.failures = 0;
  memory.retryAfter = 0;
  return memory;
}

std::uint64_t claimBackoffSeconds(std::uint32_t failures) {
  if (failures == 0) return 0;
  const std::uint32_t shift = std::min<std::uint32_t>(failures - 1, 20);
  return std::min<std::uint64_t>(kClaimBackoffBaseSeconds << shift, kClaimBackoffMaxSeconds);
}

ClaimMemory afterClaimFailed(ClaimMemory memory, const U128& amount, Timestamp now) {
  memory.failedAmount = amount;
  memory.failures = memory.failures == UINT32_MAX ? memory.failures : memory.failures + 1;
  memory.retryAfter = now + claimBackoffSeconds(memory.failures);
  return memory;
}

std::optional<Timestamp> depletesAt(const FoldedStream& folded) {
  const StreamConfig& s = folded.stream;
  if (s.state != StreamState::Active || s.rate == 0 || folded.unaccrued.isZero()) return std::nullopt;
  const U128 rate(s.rate);
  U128 seconds = *folded.unaccrued.checkedDiv(rate);
  if (!folded.unaccrued.checkedRem(rate)->isZero()) seconds = seconds.checkedAdd(U128(1)).value_or(seconds);
  const auto secs = seconds.toU64();
  if (!secs || *secs > UINT64_MAX - folded.asOf) return std::nullopt;  // beyond any horizon
  return folded.asOf + *secs;
}

bool depletingSoon(const AlertPolicy& policy, const FoldedStream& folded, Timestamp now) {
  if (policy.depletionHorizonSeconds == 0) return false;
  const auto at = depletesAt(folded);
  if (!at) return false;
  return *at <= now || *at - now <= policy.depletionHorizonSeconds;
}

bool vaultLow(const AlertPolicy& policy, const U128& unallocatedFunds) {
  return !policy.vaultLowThreshold.isZero() && unallocatedFunds < policy.vaultLowThreshold;
}

bool risingEdge(bool& raised, bool holds) {
  const bool fire = holds && !raised;
  raised = holds;
  return fire;
}

U128 spentToday(const TopUpLedger& ledger, Timestamp now) { return ledger.day == now / kSecondsPerDay ? ledger.spent : U128{}; }

TopUpVerdict decideTopUp(const TopUpPolicy& policy, const TopUpLedger& ledger, Timestamp now, const U128& unallocatedFunds) {
  if (!policy.enabled || policy.amountPerTopUp.isZero()) return TopUpVerdict::Disabled;
  const auto after = spentToday(ledger, now).checkedAdd(policy.amountPerTopUp);
  if (!after || policy.maxPerDay < *after) return TopUpVerdict::DailyCapReached;
  if (unallocatedFunds < policy.amountPerTopUp) return TopUpVerdict::InsufficientUnallocated;
  return TopUpVerdict::Go;
}

TopUpLedger afterTopUp(const TopUpLedger& ledger, Timestamp now, const U128& amount) {
  TopUpLedger next{now / kSecondsPerDay, spentToday(ledger, now)};
  next.spent = next.spent.checkedAdd(amount).value_or(next.spent);
  return next;
}

}  // namespace lez::streams::autopilot
