#include "lezpay/sqlstore/transaction.h"

#include <QSqlQuery>

namespace lezpay::sqlstore {

util::Result<Transaction> Transaction::begin(Database& db) {
  const char* sql = db.backend() == Backend::Sqlite ? "BEGIN IMMEDIATE" : "BEGIN";
  if (auto st = db.exec(sql, "starting a transaction"); !st.ok()) return st.error();
  return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }

Transaction::~Transaction() { rollback(); }

util::Status Transaction::commit() {
  if (db_ == nullptr) {
    return util::Error{std::string(toString(StoreError::Failed)), "committing failed: the transaction is no longer active"};
  }
  if (auto st = db_->exec("COMMIT", "committing"); !st.ok()) {
    rollback();
    return st;
  }
  db_ = nullptr;
  return util::okStatus();
}

void Transaction::rollback() {
  if (db_ == nullptr) return;
  QSqlQuery q(db_->handle());
  q.exec(QStringLiteral("ROLLBACK"));
  db_ = nullptr;
}

}  // namespace lezpay::sqlstore
