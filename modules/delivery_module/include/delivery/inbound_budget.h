#pragma once
// The node-wide budget of bytes that inbound libp2p streams may hold as partial requests
// (docs/decisions.md "A node-wide budget for inbound stream buffers"). Without it the per-stream
// limits multiply: 256 connections x 256 streams x a 128 KiB Store request (256 KiB for Lightpush)
// is about 8 GiB a peer could make us hold. Pure: no I/O, single-threaded (the module's thread).
//
// Each stream holds a Lease. Before buffering more bytes it asks the lease to grow; a growth that
// would take the node's total above the limit is refused (the stream is then reset by its owner,
// and refused() counts it), so one hostile stream never takes bytes from the others. A lease gives
// its bytes back when the request is complete, when the stream ends, and when it is destroyed.
// Leases share ownership of the budget, so a stream that outlives its listener releases safely.

#include <cstdint>
#include <memory>

namespace delivery {

inline constexpr std::uint64_t kDefaultMaxInboundBufferedBytes = 64ull << 20;  // 64 MiB
// At least one largest legal request frame (Lightpush 256 KiB) must always fit.
inline constexpr std::uint64_t kMinInboundBufferedBytes = 1ull << 20;           // 1 MiB
inline constexpr std::uint64_t kMaxInboundBufferedBytesLimit = 1ull << 36;     // 64 GiB

class InboundBudget {
 public:
  explicit InboundBudget(std::uint64_t limitBytes) : limit_(limitBytes) {}

  // Takes `bytes` more if the total stays within the limit; false (nothing taken) otherwise.
  bool tryTake(std::uint64_t bytes);
  // Gives back `bytes` taken before (never more than is held).
  void give(std::uint64_t bytes);
  // Counts one stream reset for want of budget.
  void countRefused() { ++refused_; }

  std::uint64_t limit() const { return limit_; }
  std::uint64_t used() const { return used_; }
  std::uint64_t peak() const { return peak_; }
  std::uint64_t refused() const { return refused_; }

  class Lease {
   public:
    Lease() = default;
    explicit Lease(std::shared_ptr<InboundBudget> budget) : budget_(std::move(budget)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { release(); }

    // Grows this lease by `bytes`; false when the budget refuses (the lease is unchanged). A lease
    // without a budget always grows (no limit configured).
    bool grow(std::uint64_t bytes);
    // Gives every byte of this lease back.
    void release();
    std::uint64_t held() const { return held_; }

   private:
    std::shared_ptr<InboundBudget> budget_;
    std::uint64_t held_ = 0;
  };

 private:
  std::uint64_t limit_;
  std::uint64_t used_ = 0;
  std::uint64_t peak_ = 0;
  std::uint64_t refused_ = 0;
};

}  // namespace delivery
