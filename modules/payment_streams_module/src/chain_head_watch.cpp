#include "chain_head_watch.h"

namespace payment_streams {
namespace {

std::int64_t msBetween(ChainHeadWatch::TimePoint from, ChainHeadWatch::TimePoint to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

}  // namespace

ChainHeadWatch::ChainHeadWatch(ReadHeight read) : read_(std::move(read)) {
  timer_.setInterval(kPollMs);
  QObject::connect(&timer_, &QTimer::timeout, [this] { poll(); });
}

ChainHeadWatch::~ChainHeadWatch() {
  *alive_ = false;
  timer_.stop();
}

std::optional<std::uint64_t> ChainHeadWatch::fresh(int maxAgeMs) {
  if (maxAgeMs <= 0) return std::nullopt;
  const TimePoint now = std::chrono::steady_clock::now();
  lastUse_ = now;
  if (!timer_.isActive()) {
    timer_.start();
    poll();
  }
  if (!height_ || msBetween(started_, now) > maxAgeMs) return std::nullopt;
  return height_;
}

void ChainHeadWatch::observe(std::uint64_t height, TimePoint started) {
  // A read that started earlier than the one held says nothing newer.
  if (height_ && started < started_) return;
  height_ = height;
  started_ = started;
}

std::optional<ChainHeadWatch::View> ChainHeadWatch::view() const {
  if (!height_) return std::nullopt;
  return View{*height_, msBetween(started_, std::chrono::steady_clock::now()), timer_.isActive()};
}

void ChainHeadWatch::poll() {
  const TimePoint now = std::chrono::steady_clock::now();
  if (msBetween(lastUse_, now) > kIdleStopMs) {
    timer_.stop();
    return;
  }
  if (inFlight_) return;
  inFlight_ = true;
  ++polls_;
  std::weak_ptr<bool> alive = alive_;
  read_([this, alive, now](Result<std::uint64_t> height) {
    if (alive.expired()) return;
    inFlight_ = false;
    if (height.ok()) observe(height.value(), now);
  });
}

}  // namespace payment_streams
