#pragma once
// Stream accrual and vault accounting (payment-streams.md §1, §2, §6), pure and total over
// their inputs. Every failure is an Error whose code is a StreamError name (error_codes.h).
//
// Time: the chain's clocks are Unix milliseconds, streams fold in seconds. foldSeconds(ts) is
// the reference chain_timestamp_to_fold_seconds: ts >= 1e12 ? ts / 1000 : ts. It applies to the
// clock value and to a stored accrued_as_of when a stream is loaded (loadedStream); this program
// always writes seconds.
//
// atTime(s, t) is the reference StreamConfig::at_time:
//   1. validateInvariants(s) (6014 accrued > allocation or zero allocation with accrued,
//      6008 zero allocation while Active, 6007 zero rate with a non-zero allocation);
//      Paused or Closed => s unchanged (whatever t is).
//   2. t < accrued_as_of => 6013; t == accrued_as_of => s unchanged.
//   3. accrued' = min(allocation, accrued + rate * (t - accrued_as_of)), saturating u128.
//   4. unaccrued' == 0 => Paused, accrued_as_of += ceil((allocation - accrued) / rate) (the
//      depletion instant, may be before t; 6005 when it leaves u64); else accrued_as_of = t.
// Paused time never accrues: resumeAt() restarts the clock at `now`, keeping `accrued`.

#include <cstdint>

#include "lez/core/clock_data.h"
#include "lez/streams/accounts.h"
#include "lez/streams/error_codes.h"

namespace lez::streams {

// Clock values at or above this are milliseconds.
inline constexpr std::uint64_t kMillisecondsThreshold = 1'000'000'000'000ULL;

constexpr Timestamp foldSeconds(std::uint64_t ts) { return ts >= kMillisecondsThreshold ? ts / 1000 : ts; }

// allocation - accrued, floored at zero.
U128 unaccrued(const StreamConfig& stream);
// Vault funds not committed to streams: holding balance - total_allocated, floored at zero.
U128 unallocated(U128 holdingBalance, U128 totalAllocated);

// The stream as the program sees it after loading: accrued_as_of normalised with foldSeconds.
StreamConfig loadedStream(StreamConfig stored);

// §6 step 6 (see above), in the reference order.
Status validateInvariants(const StreamConfig& stream);
// §2 fold to `t` seconds.
Result<StreamConfig> atTime(const StreamConfig& stream, Timestamp t);
// Paused -> Active at `now` (accrued unchanged, accrued_as_of = now). 6017 when not Paused,
// 6018 when nothing is left to accrue. Call on a folded stream.
Result<StreamConfig> resumeAt(const StreamConfig& stream, Timestamp now);

// A stream after an operation that hands funds back: `amount` is what leaves `allocation`.
struct StreamRelease {
  U128 amount;
  StreamConfig stream;
};
// Fold to `now`, then close: 6019 when already Closed; amount = unaccrued, allocation := accrued.
Result<StreamRelease> closeAt(const StreamConfig& stream, Timestamp now);
// Fold to `now`, then pay out all accrued: 6023 when zero; allocation -= payout, accrued := 0,
// state unchanged.
Result<StreamRelease> claimAt(const StreamConfig& stream, Timestamp now);

// total_allocated after committing `increase` more: 6011 when increase > unallocated, 6010 when
// the sum leaves u128 (unreachable after the 6011 check, kept as the reference does).
Result<U128> totalAllocatedAfterAdd(U128 holdingBalance, U128 totalAllocated, U128 increase);
// total_allocated after releasing `decrease`: 6021 on underflow (zero is always fine).
Result<U128> totalAllocatedAfterRelease(U128 totalAllocated, U128 decrease);

// Off-chain view of a stream at a clock value (reference policy::fold_stream): `stored` is the
// decoded StreamConfig as read from the chain, `clockTimestamp` the raw clock value (ms or s).
// Both are normalised with foldSeconds before atTime; errors as atTime (6013 when the clock is
// behind the stream, e.g. a lagging CLOCK_50).
struct FoldedStream {
  StreamConfig stream;  // folded
  U128 accrued;
  U128 unaccrued;
  Timestamp asOf = 0;  // the fold time in seconds (may be after stream.accruedAsOf on depletion)
};
Result<FoldedStream> foldStoredStream(const StreamConfig& stored, std::uint64_t clockTimestamp);
// The same at a decoded clock account.
Result<FoldedStream> foldStoredStream(const StreamConfig& stored, const core::ClockAccountData& clock);

}  // namespace lez::streams
