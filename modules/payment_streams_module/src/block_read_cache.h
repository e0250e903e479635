#pragma once
// Accounts read at one block height, for reads that may be reused while the chain stays at that
// height (the provider's proof check: StreamConfig and clock per Store query).
//
// Safety: a LEZ account changes only when a block is applied, and the block height grows with
// every block, so an account read after the chain was seen at height H equals the chain's
// account for as long as the chain's last block is still H. The reader reads the height first
// and tags the accounts it reads afterwards with it; an account read after a newer block arrived
// is newer than its tag, never older, and it is only served to a caller that saw the same
// height. A height other than the cached one (a new block, or a restarted chain) drops every
// entry. Memory is bounded: at most kMaxAccounts per height (further reads pass through uncached).
//
// Module-thread only; no I/O.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

#include "module_types.h"

namespace payment_streams {

template <typename Snapshot>
class BlockReadCache {
 public:
  static constexpr std::size_t kMaxAccounts = 4096;

  // The account read at `height`, if held; a height other than the cached one drops every entry.
  std::optional<Snapshot> find(std::uint64_t height, const AccountId& id) {
    if (!at(height)) return std::nullopt;
    auto it = accounts_.find(id);
    if (it == accounts_.end()) {
      ++misses_;
      return std::nullopt;
    }
    ++hits_;
    return it->second;
  }

  // Keeps `snapshot`, read after the chain was seen at `height`. A read tagged with another
  // height than the cached one (a slower caller that saw an older block) is not kept.
  void store(std::uint64_t height, const AccountId& id, const Snapshot& snapshot) {
    if (height_ != height || accounts_.size() >= kMaxAccounts) return;
    accounts_.insert_or_assign(id, snapshot);
  }

  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }
  std::size_t size() const { return accounts_.size(); }

 private:
  // Moves the cache to `height` if it is another one; false when it had to (nothing held).
  bool at(std::uint64_t height) {
    if (height_ == height) return true;
    height_ = height;
    accounts_.clear();
    ++misses_;
    return false;
  }

  std::optional<std::uint64_t> height_;
  std::map<AccountId, Snapshot> accounts_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace payment_streams
