#include "delivery/inbound_budget.h"

#include <algorithm>

namespace delivery {

bool InboundBudget::tryTake(std::uint64_t bytes) {
  if (bytes > limit_ || used_ > limit_ - bytes) return false;
  used_ += bytes;
  peak_ = std::max(peak_, used_);
  return true;
}

void InboundBudget::give(std::uint64_t bytes) { used_ -= std::min(bytes, used_); }

bool InboundBudget::Lease::grow(std::uint64_t bytes) {
  if (budget_ && !budget_->tryTake(bytes)) return false;
  held_ += bytes;
  return true;
}

void InboundBudget::Lease::release() {
  if (budget_) budget_->give(held_);
  held_ = 0;
}

}  // namespace delivery
