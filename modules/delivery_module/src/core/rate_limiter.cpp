#include "delivery/rate_limiter.h"

#include <algorithm>

namespace delivery {

bool RateLimiter::tryAcquire(std::int64_t nowMs) {
  if (rate_ == 0) return true;
  const std::uint64_t capacity = rate_ * kScale;
  if (!started_) {
    started_ = true;
    lastMs_ = nowMs;
  }
  if (nowMs > lastMs_) {
    // rate tokens per second = rate thousandths per millisecond.
    const auto elapsed = static_cast<std::uint64_t>(nowMs - lastMs_);
    tokens_ = std::min(capacity, tokens_ + std::min(elapsed, std::uint64_t{1000}) * rate_);
    lastMs_ = nowMs;
  }
  if (tokens_ < kScale) return false;
  tokens_ -= kScale;
  return true;
}

}  // namespace delivery
