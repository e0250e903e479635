#include "lez/stream_eligibility/provider_session.h"

namespace lez::stream_eligibility {

void ReplayWindow::insert(const std::string& requestId) {
  if (!seen_.insert(requestId).second) return;
  order_.push_back(requestId);
  while (order_.size() > capacity_) {
    seen_.erase(order_.front());
    order_.pop_front();
  }
}

void ReplayWindow::setCapacity(std::size_t capacity) {
  capacity_ = capacity == 0 ? 1 : capacity;
  while (order_.size() > capacity_) {
    seen_.erase(order_.front());
    order_.pop_front();
  }
}

}  // namespace lez::stream_eligibility
