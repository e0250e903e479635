#pragma once
// The console's live feed: module events turned into named console events with a sequence
// number, kept in a bounded ring, and the text of one Server-Sent Events answer.
//
// /api/events is one open stream per browser tab (docs/decisions.md "Console events"): a hello
// (or, when the request names the last event it saw with Last-Event-ID or ?after=, the events
// after it), then each event as it is pushed (each with its `id:`), and a comment line every
// 15 s. A stream holds one waiter that re-registers after each wake; when the browser's
// EventSource reconnects (after `retry` ms, with Last-Event-ID) nothing is lost while the ring
// holds it. Pure apart from the waiters' callbacks.

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "logos/json.h"

namespace console {

struct FeedEvent {
  std::uint64_t seq = 0;
  std::string name;
  logos::Json data;
};

class EventFeed {
 public:
  static constexpr std::size_t kCapacity = 1000;
  static constexpr std::size_t kMaxWaiters = 64;
  using Waiter = std::function<void()>;

  // Appends and wakes every waiter (each exactly once).
  void push(std::string name, logos::Json data);
  std::vector<FeedEvent> since(std::uint64_t after) const;
  std::uint64_t lastSeq() const { return next_ - 1; }
  // False when kMaxWaiters are waiting already. The id cancels it (removeWaiter).
  bool addWaiter(std::uint64_t id, Waiter w);
  void removeWaiter(std::uint64_t id);
  std::size_t waiterCount() const { return waiters_.size(); }
  // Wakes every waiter (the server stops).
  void wakeAll();

 private:
  std::deque<FeedEvent> ring_;
  std::uint64_t next_ = 1;
  std::vector<std::pair<std::uint64_t, Waiter>> waiters_;
};

// `event: <name>`, `id: <seq>`, `data: <json>` blocks; `retryMs` > 0 adds a `retry:` line first.
std::string sseText(const std::vector<FeedEvent>& events, int retryMs);

}  // namespace console
