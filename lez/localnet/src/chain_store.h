#pragma once
// Durable chain state of lez-localnet in SQLite, opened through libs/sqlstore (WAL,
// synchronous=FULL, 0600): accounts, blocks, included transactions, the mempool of
// accepted-but-not-included transactions, and the rejection record of every transaction that
// was accepted and later failed. A block and all its effects commit in one SQL transaction, so
// after kill -9 the chain resumes from the last committed block with nothing half-applied, and
// every accepted transaction is still either in the mempool, included, or rejected with its
// reason. Every account write is also kept per block (account_history), so a reader can fold an
// account's past states (getAccountHistory) after any restart.

#include <QSqlDatabase>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lez/chain/block_producer.h"
#include "lez/core/block.h"
#include "lezpay/sqlstore/database.h"
#include "lezpay/util/result.h"

namespace lez::localnet {

using chain::Rejection;
using core::Account;
using core::AccountId;
using core::Hash32;

struct MempoolEntry {
  Hash32 hash;
  std::vector<std::uint8_t> bytes;  // borsh LeeTransaction
};

// One state of an account, as written by the block that changed it.
struct AccountChange {
  std::uint64_t blockId = 0;
  std::uint64_t timestampMs = 0;  // the block's timestamp
  Account account;
};

// Most changes answered by one accountHistory call.
inline constexpr std::size_t kMaxHistoryLimit = 1000;

struct RejectionRecord {
  std::string code;
  std::string message;
  std::optional<std::uint32_t> guestCode;
  std::string guestName;
  std::uint64_t atMs = 0;
};

class ChainStore {
 public:
  // Opens (creating) `<path>`. Error code STORE_ERROR.
  static lezpay::util::Result<std::unique_ptr<ChainStore>> open(const std::string& path);
  ~ChainStore();

  std::uint64_t lastBlockId() const;  // 0 before genesis
  std::optional<std::vector<std::uint8_t>> blockBytes(std::uint64_t id) const;
  std::map<AccountId, Account> loadAccounts() const;

  // (LeeTransaction bytes, block id) of an included transaction.
  std::optional<std::pair<std::vector<std::uint8_t>, std::uint64_t>> includedTransaction(const Hash32& hash) const;
  std::optional<RejectionRecord> rejection(const Hash32& hash) const;
  bool inMempool(const Hash32& hash) const;
  std::size_t mempoolSize() const;
  std::vector<MempoolEntry> mempool(std::size_t limit) const;  // FIFO order

  // The account's states at each block from `sinceBlock` (inclusive) where it changed, oldest
  // first, at most min(limit, kMaxHistoryLimit). Blocks committed before this store kept
  // history (an older chain file) have no entries.
  std::vector<AccountChange> accountHistory(const AccountId& id, std::uint64_t sinceBlock, std::size_t limit) const;

  // Durably accepts a transaction (a rejection record of the same hash is cleared: a retry).
  lezpay::util::Status addToMempool(const MempoolEntry& entry);

  // Commits a block: block row, included transactions, account writes, rejections, mempool
  // removals; all or nothing.
  lezpay::util::Status commitBlock(const core::Block& block, const std::vector<std::uint8_t>& blockBytes,
                                   const chain::StateDiff& diff, const std::vector<chain::TransactionOutcome>& outcomes,
                                   std::uint64_t nowMs);

  // Genesis: initial accounts (before block 1 is committed), kept as history block 0.
  lezpay::util::Status writeAccounts(const std::map<AccountId, Account>& accounts);

 private:
  explicit ChainStore(lezpay::sqlstore::Database db);
  QSqlDatabase db() const;
  // The store's error for a failed statement (STORE_ERROR, or its busy sentence).
  lezpay::util::Error failure(const char* what, const QSqlError& e) const;
  lezpay::sqlstore::Database db_;
};

}  // namespace lez::localnet
