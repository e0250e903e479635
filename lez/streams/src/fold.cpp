#include "lez/streams/fold.h"

#include <limits>
#include <string>

namespace lez::streams {

U128 unaccrued(const StreamConfig& stream) { return stream.allocation.checkedSub(stream.accrued).value_or(U128{}); }

U128 unallocated(U128 holdingBalance, U128 totalAllocated) { return holdingBalance.checkedSub(totalAllocated).value_or(U128{}); }

StreamConfig loadedStream(StreamConfig stored) {
  stored.accruedAsOf = foldSeconds(stored.accruedAsOf);
  return stored;
}

Status validateInvariants(const StreamConfig& stream) {
  if (stream.accrued > stream.allocation) {
    return makeError(StreamError::StreamExceedsAllocation,
                     "accrued " + stream.accrued.toDecimal() + " exceeds allocation " + stream.allocation.toDecimal());
  }
  if (stream.allocation.isZero()) {
    // accrued <= allocation already holds, so accrued is zero too.
    if (stream.state == StreamState::Active) {
      return makeError(StreamError::ZeroStreamAllocation, "an Active stream has zero allocation");
    }
    return lezpay::util::okStatus();
  }
  if (stream.rate == 0) return makeError(StreamError::ZeroStreamRate, "stream rate is zero");
  return lezpay::util::okStatus();
}

Result<StreamConfig> atTime(const StreamConfig& stream, Timestamp t) {
  if (auto valid = validateInvariants(stream); !valid.ok()) return valid.error();
  if (stream.state != StreamState::Active) return stream;
  if (t < stream.accruedAsOf) {
    return makeError(StreamError::TimeRegression, "fold time " + std::to_string(t) + " is before accrued_as_of " +
                                                      std::to_string(stream.accruedAsOf));
  }
  if (t == stream.accruedAsOf) return stream;

  // rate * elapsed < 2^128 always (two u64 factors); only the addition can saturate.
  const U128 earned = U128::fromNative(static_cast<U128::Native>(stream.rate) * (t - stream.accruedAsOf));
  const U128 sum = stream.accrued.checkedAdd(earned).value_or(U128::max());
  StreamConfig out = stream;
  out.accrued = sum < stream.allocation ? sum : stream.allocation;
  if (!unaccrued(out).isZero()) {
    out.accruedAsOf = t;
    return out;
  }
  // Depleted inside (accrued_as_of, t]: stop at the first whole second with accrued == allocation.
  out.state = StreamState::Paused;
  const U128 remaining = unaccrued(stream);
  const U128 rate(stream.rate);  // non-zero: validateInvariants with a non-zero allocation
  U128 seconds = remaining.checkedDiv(rate).value();
  if (!remaining.checkedRem(rate).value().isZero()) seconds = seconds.checkedAdd(U128(1)).value();
  const auto secondsU64 = seconds.toU64();
  if (!secondsU64 || *secondsU64 > std::numeric_limits<std::uint64_t>::max() - stream.accruedAsOf) {
    return makeError(StreamError::ArithmeticOverflow, "depletion instant does not fit in u64 (accrued_as_of " +
                                                          std::to_string(stream.accruedAsOf) + " + " + seconds.toDecimal() + " s)");
  }
  out.accruedAsOf = stream.accruedAsOf + *secondsU64;
  return out;
}

Result<StreamConfig> resumeAt(const StreamConfig& stream, Timestamp now) {
  if (stream.state != StreamState::Paused) return makeError(StreamError::StreamNotPaused, "the stream is not Paused");
  if (unaccrued(stream).isZero()) {
    return makeError(StreamError::ResumeZeroUnaccrued, "the stream has nothing left to accrue (depleted)");
  }
  StreamConfig out = stream;
  out.state = StreamState::Active;
  out.accruedAsOf = now;
  return out;
}

Result<StreamRelease> closeAt(const StreamConfig& stream, Timestamp now) {
  auto folded = atTime(stream, now);
  if (!folded.ok()) return folded.error();
  StreamConfig out = folded.value();
  if (out.state == StreamState::Closed) return makeError(StreamError::StreamClosed, "the stream is already Closed");
  const U128 released = unaccrued(out);
  out.allocation = out.accrued;
  out.state = StreamState::Closed;
  return StreamRelease{released, out};
}

Result<StreamRelease> claimAt(const StreamConfig& stream, Timestamp now) {
  auto folded = atTime(stream, now);
  if (!folded.ok()) return folded.error();
  StreamConfig out = folded.value();
  const U128 payout = out.accrued;
  if (payout.isZero()) return makeError(StreamError::ZeroClaimAmount, "nothing has accrued");
  out.allocation = out.allocation.checkedSub(payout).value();  // accrued <= allocation (validated)
  out.accrued = U128{};
  if (auto valid = validateInvariants(out); !valid.ok()) return valid.error();
  return StreamRelease{payout, out};
}

Result<U128> totalAllocatedAfterAdd(U128 holdingBalance, U128 totalAllocated, U128 increase) {
  const U128 free = unallocated(holdingBalance, totalAllocated);
  if (increase > free) {
    return makeError(StreamError::AllocationExceedsUnallocated,
                     "allocation " + increase.toDecimal() + " exceeds unallocated " + free.toDecimal());
  }
  auto sum = totalAllocated.checkedAdd(increase);
  if (!sum) return makeError(StreamError::TotalAllocatedOverflow, "total_allocated would overflow u128");
  return *sum;
}

Result<U128> totalAllocatedAfterRelease(U128 totalAllocated, U128 decrease) {
  auto rest = totalAllocated.checkedSub(decrease);
  if (!rest) {
    return makeError(StreamError::TotalAllocatedUnderflow,
                     "releasing " + decrease.toDecimal() + " from total_allocated " + totalAllocated.toDecimal());
  }
  return *rest;
}

Result<FoldedStream> foldStoredStream(const StreamConfig& stored, std::uint64_t clockTimestamp) {
  const Timestamp asOf = foldSeconds(clockTimestamp);
  auto folded = atTime(loadedStream(stored), asOf);
  if (!folded.ok()) return folded.error();
  return FoldedStream{folded.value(), folded.value().accrued, unaccrued(folded.value()), asOf};
}

Result<FoldedStream> foldStoredStream(const StreamConfig& stored, const core::ClockAccountData& clock) {
  return foldStoredStream(stored, clock.timestamp);
}

}  // namespace lez::streams
