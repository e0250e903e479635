#pragma once
// The chain's last block height as the provider's proof checks see it, kept current by a watch
// instead of one height read per Store query (docs/decisions.md "The paid path without a chain
// read per query").
//
// While proofs are being checked, the watch reads the height through wallet_module every
// kPollMs (one small JSON-RPC round trip, never two in flight) and remembers the latest answer
// with the time its read STARTED. A check may use that height without a read of its own while
// the read that produced it started at most `maxAgeMs` ago (fresh()); otherwise the check reads
// the height itself, as every check did before, and hands the answer to the watch (observe()).
// The watch stops polling kIdleStopMs after the last check, so an idle provider sends nothing.
//
// Guarantee: a check uses height H only if a read that started at most maxAgeMs before the
// check answered H, and every block applied before that read started is at or below H. So a
// block N that pauses, closes or depletes a stream (depletion: the clock N carries) is seen by
// every check that starts more than maxAgeMs after N was applied; with the poll running, by
// every check that starts one poll interval plus one round trip after it. The accounts a check
// reads at H are reused only at H (block_read_cache.h), so learning of N drops them.
// maxAgeMs = 0 turns the watch off: every check reads the height itself.
//
// Module-thread only (the timer and the continuations run there).

#include <QTimer>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "chain_reader.h"

namespace payment_streams {

class ChainHeadWatch {
 public:
  static constexpr int kPollMs = 5;
  static constexpr int kIdleStopMs = 2000;
  using TimePoint = std::chrono::steady_clock::time_point;
  // One height read (ChainReader::blockHeight through the module's current reader).
  using ReadHeight = std::function<void(Then<std::uint64_t>)>;

  explicit ChainHeadWatch(ReadHeight read);
  ~ChainHeadWatch();
  ChainHeadWatch(const ChainHeadWatch&) = delete;
  ChainHeadWatch& operator=(const ChainHeadWatch&) = delete;

  // The height a check starting now may use without reading, if a read that started at most
  // `maxAgeMs` ago answered it; keeps the poll running (or starts it). nullopt: read it.
  std::optional<std::uint64_t> fresh(int maxAgeMs);
  // A height answered by a read that started at `started` (a check's own read).
  void observe(std::uint64_t height, TimePoint started);

  // Latest height and how long ago its read started (getChainView); nullopt before any.
  struct View {
    std::uint64_t height = 0;
    std::int64_t ageMs = 0;
    bool polling = false;
  };
  std::optional<View> view() const;
  std::uint64_t polls() const { return polls_; }

 private:
  void poll();

  ReadHeight read_;
  QTimer timer_;
  std::optional<std::uint64_t> height_;
  TimePoint started_{};           // when the read that answered height_ started
  TimePoint lastUse_{};           // the last check that asked
  bool inFlight_ = false;
  std::uint64_t polls_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace payment_streams
