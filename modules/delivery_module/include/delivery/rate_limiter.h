#pragma once
// Token bucket for inbound Store requests (429 TOO_MANY_REQUESTS, waku-store.md §5). Pure: the
// caller passes the time. A rate of 0 disables the limit. The bucket holds one second's worth
// of requests, so a burst up to the rate is served at once.

#include <cstdint>

namespace delivery {

class RateLimiter {
 public:
  explicit RateLimiter(std::uint64_t perSecond = 0) : rate_(perSecond), tokens_(perSecond * kScale) {}
  // True if a request arriving at `nowMs` (monotonic milliseconds) may be served.
  bool tryAcquire(std::int64_t nowMs);
  std::uint64_t rate() const { return rate_; }

 private:
  static constexpr std::uint64_t kScale = 1000;  // tokens in thousandths, refilled per millisecond
  std::uint64_t rate_;
  std::uint64_t tokens_;
  std::int64_t lastMs_ = 0;
  bool started_ = false;
};

}  // namespace delivery
