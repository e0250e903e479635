#pragma once
// The RAII write transaction of lezpay::sqlstore (database.h).

#include "lezpay/sqlstore/database.h"

namespace lezpay::sqlstore {

// A write transaction: BEGIN IMMEDIATE on SQLite (the write lock is taken up front, so a
// transaction that reads before it writes cannot hit SQLITE_BUSY halfway; the busy timeout
// covers the wait), BEGIN on PostgreSQL. commit() makes it durable; a Transaction that leaves
// scope without a successful commit() rolls back, so an early return can never leave half a
// change behind. The Database must outlive it.
class Transaction {
 public:
  static util::Result<Transaction> begin(Database& db);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // On failure the transaction is rolled back and the error returned.
  util::Status commit();
  // Idempotent; best effort (after a dropped connection ROLLBACK fails too).
  void rollback();
  bool active() const { return db_ != nullptr; }

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_ = nullptr;
};

}  // namespace lezpay::sqlstore
