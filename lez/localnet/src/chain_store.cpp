#include "chain_store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "lez/core/account_codec.h"
#include "lez/core/hashing.h"
#include "lez/core/transaction_codec.h"
#include "lezpay/sqlstore/transaction.h"

namespace lez::localnet {
namespace {

QByteArray blob(const Hash32& h) { return QByteArray(reinterpret_cast<const char*>(h.data()), static_cast<int>(h.size())); }
QByteArray blob(const AccountId& id) { return QByteArray(reinterpret_cast<const char*>(id.bytes().data()), 32); }
QByteArray blob(const std::vector<std::uint8_t>& v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<int>(v.size()));
}
std::vector<std::uint8_t> bytesOf(const QVariant& v) {
  QByteArray b = v.toByteArray();
  return std::vector<std::uint8_t>(b.begin(), b.end());
}

constexpr const char* kStoreError = "STORE_ERROR";

}  // namespace

lezpay::util::Result<std::unique_ptr<ChainStore>> ChainStore::open(const std::string& path) {
  auto opened = lezpay::sqlstore::Database::openSqlite(
      "lezchain", {.path = path, .synchronous = lezpay::sqlstore::Synchronous::Full, .pragmas = {"foreign_keys=ON"}});
  if (!opened.ok()) return lezpay::sqlstore::recode(opened.error(), kStoreError);
  std::unique_ptr<ChainStore> store(new ChainStore(std::move(opened).value()));
  const char* schema[] = {
      "CREATE TABLE IF NOT EXISTS accounts (id BLOB PRIMARY KEY, account BLOB NOT NULL) WITHOUT ROWID",
      "CREATE TABLE IF NOT EXISTS blocks (id INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, block BLOB NOT NULL)",
      "CREATE TABLE IF NOT EXISTS transactions (hash BLOB PRIMARY KEY, block_id INTEGER NOT NULL, position INTEGER NOT NULL,"
      " tx BLOB NOT NULL) WITHOUT ROWID",
      "CREATE TABLE IF NOT EXISTS mempool (seq INTEGER PRIMARY KEY AUTOINCREMENT, hash BLOB NOT NULL UNIQUE, tx BLOB NOT NULL)",
      "CREATE TABLE IF NOT EXISTS rejected (hash BLOB PRIMARY KEY, code TEXT NOT NULL, message TEXT NOT NULL,"
      " guest_code INTEGER, guest_name TEXT NOT NULL DEFAULT '', at_ms INTEGER NOT NULL) WITHOUT ROWID",
      "CREATE TABLE IF NOT EXISTS account_history (id BLOB NOT NULL, block_id INTEGER NOT NULL, timestamp_ms INTEGER NOT NULL,"
      " account BLOB NOT NULL, PRIMARY KEY (id, block_id)) WITHOUT ROWID",
  };
  for (const char* s : schema) {
    if (auto st = store->db_.exec(s, s); !st.ok()) return lezpay::sqlstore::recode(st.error(), kStoreError);
  }
  return store;
}

ChainStore::ChainStore(lezpay::sqlstore::Database db) : db_(std::move(db)) {}

ChainStore::~ChainStore() = default;

QSqlDatabase ChainStore::db() const { return db_.handle(); }

lezpay::util::Error ChainStore::failure(const char* what, const QSqlError& e) const {
  return lezpay::sqlstore::recode(db_.error(what, e), kStoreError);
}

std::uint64_t ChainStore::lastBlockId() const {
  QSqlQuery q(db());
  q.exec(QStringLiteral("SELECT MAX(id) FROM blocks"));
  return q.next() && !q.value(0).isNull() ? q.value(0).toULongLong() : 0;
}

std::optional<std::vector<std::uint8_t>> ChainStore::blockBytes(std::uint64_t id) const {
  QSqlQuery q(db());
  q.prepare(QStringLiteral("SELECT block FROM blocks WHERE id = ?"));
  q.addBindValue(static_cast<qulonglong>(id));
  if (!q.exec() || !q.next()) return std::nullopt;
  return bytesOf(q.value(0));
}

std::map<AccountId, Account> ChainStore::loadAccounts() const {
  std::map<AccountId, Account> out;
  QSqlQuery q(db());
  q.exec(QStringLiteral("SELECT id, account FROM accounts"));
  while (q.next()) {
    auto id = AccountId::fromBytes(bytesOf(q.value(0)));
    auto account = core::decodeAccount(bytesOf(q.value(1)));
    if (id.ok() && account.ok()) out[id.value()] = account.value();
  }
  return out;
}

std::optional<std::pair<std::vector<std::uint8_t>, std::uint64_t>> ChainStore::includedTransaction(const Hash32& hash) const {
  QSqlQuery q(db());
  q.prepare(QStringLiteral("SELECT tx, block_id FROM transactions WHERE hash = ?"));
  q.addBindValue(blob(hash));
  if (!q.exec() || !q.next()) return std::nullopt;
  return std::make_pair(bytesOf(q.value(0)), q.value(1).toULongLong());
}

std::optional<RejectionRecord> ChainStore::rejection(const Hash32& hash) const {
  QSqlQuery q(db());
  q.prepare(QStringLiteral("SELECT code, message, guest_code, guest_name, at_ms FROM rejected WHERE hash = ?"));
  q.addBindValue(blob(hash));
  if (!q.exec() || !q.next()) return std::nullopt;
  RejectionRecord r;
  r.code = q.value(0).toString().toStdString();
  r.message = q.value(1).toString().toStdString();
  if (!q.value(2).isNull()) r.guestCode = q.value(2).toUInt();
  r.guestName = q.value(3).toString().toStdString();
  r.atMs = q.value(4).toULongLong();
  return r;
}

std::vector<AccountChange> ChainStore::accountHistory(const AccountId& id, std::uint64_t sinceBlock, std::size_t limit) const {
  std::vector<AccountChange> out;
  QSqlQuery q(db());
  q.prepare(QStringLiteral("SELECT block_id, timestamp_ms, account FROM account_history WHERE id = ? AND block_id >= ? ORDER BY block_id LIMIT ?"));
  q.addBindValue(blob(id));
  q.addBindValue(static_cast<qulonglong>(sinceBlock));
  q.addBindValue(static_cast<qulonglong>(std::min(limit, kMaxHistoryLimit)));
  q.exec();
  while (q.next()) {
    auto account = core::decodeAccount(bytesOf(q.value(2)));
    if (!account.ok()) continue;
    out.push_back(AccountChange{q.value(0).toULongLong(), q.value(1).toULongLong(), account.value()});
  }
  return out;
}

bool ChainStore::inMempool(const Hash32& hash) const {
  QSqlQuery q(db());
  q.prepare(QStringLiteral("SELECT 1 FROM mempool WHERE hash = ?"));
  q.addBindValue(blob(hash));
  return q.exec() && q.next();
}

std::size_t ChainStore::mempoolSize() const {
  QSqlQuery q(db());
  q.exec(QStringLiteral("SELECT COUNT(*) FROM mempool"));
  return q.next() ? q.value(0).toULongLong() : 0;
}

std::vector<MempoolEntry> ChainStore::mempool(std::size_t limit) const {
  std::vector<MempoolEntry> out;
  QSqlQuery q(db());
  q.prepare(QStringLiteral("SELECT hash, tx FROM mempool ORDER BY seq LIMIT ?"));
  q.addBindValue(static_cast<qulonglong>(limit));
  q.exec();
  while (q.next()) {
    MempoolEntry e;
    auto h = bytesOf(q.value(0));
    std::copy_n(h.begin(), std::min<std::size_t>(32, h.size()), e.hash.begin());
    e.bytes = bytesOf(q.value(1));
    out.push_back(std::move(e));
  }
  return out;
}

lezpay::util::Status ChainStore::addToMempool(const MempoolEntry& entry) {
  auto tx = lezpay::sqlstore::Transaction::begin(db_);
  if (!tx.ok()) return lezpay::sqlstore::recode(tx.error(), kStoreError);
  QSqlQuery q(db());
  q.prepare(QStringLiteral("DELETE FROM rejected WHERE hash = ?"));
  q.addBindValue(blob(entry.hash));
  bool ok = q.exec();
  if (ok) {
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO mempool (hash, tx) VALUES (?, ?)"));
    q.addBindValue(blob(entry.hash));
    q.addBindValue(blob(entry.bytes));
    ok = q.exec();
  }
  if (!ok) return failure("accepting a transaction", q.lastError());
  q.finish();
  if (auto st = tx.value().commit(); !st.ok()) return lezpay::sqlstore::recode(st.error(), kStoreError);
  return lezpay::util::okStatus();
}

lezpay::util::Status ChainStore::writeAccounts(const std::map<AccountId, Account>& accounts) {
  auto tx = lezpay::sqlstore::Transaction::begin(db_);
  if (!tx.ok()) return lezpay::sqlstore::recode(tx.error(), kStoreError);
  QSqlQuery q(db());
  for (const auto& [id, a] : accounts) {
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO accounts (id, account) VALUES (?, ?)"));
    q.addBindValue(blob(id));
    q.addBindValue(blob(core::encode(a)));
    if (!q.exec()) return failure("writing accounts", q.lastError());
    // Genesis states are the history's block 0.
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO account_history (id, block_id, timestamp_ms, account) VALUES (?, 0, 0, ?)"));
    q.addBindValue(blob(id));
    q.addBindValue(blob(core::encode(a)));
    if (!q.exec()) return failure("recording genesis history", q.lastError());
  }
  q.finish();
  if (auto st = tx.value().commit(); !st.ok()) return lezpay::sqlstore::recode(st.error(), kStoreError);
  return lezpay::util::okStatus();
}

lezpay::util::Status ChainStore::commitBlock(const core::Block& block, const std::vector<std::uint8_t>& bytes,
                                             const chain::StateDiff& diff, const std::vector<chain::TransactionOutcome>& outcomes,
                                             std::uint64_t nowMs) {
  // Every early return below leaves through the transaction's destructor: nothing half-applied.
  auto tx = lezpay::sqlstore::Transaction::begin(db_);
  if (!tx.ok()) return lezpay::sqlstore::recode(tx.error(), kStoreError);
  QSqlQuery q(db());
  auto fail = [&](const char* what) { return failure(what, q.lastError()); };
  q.prepare(QStringLiteral("INSERT INTO blocks (id, hash, block) VALUES (?, ?, ?)"));
  q.addBindValue(static_cast<qulonglong>(block.header.blockId));
  q.addBindValue(blob(block.header.hash));
  q.addBindValue(blob(bytes));
  if (!q.exec()) return fail("inserting the block");
  int position = 0;
  for (const auto& tx : block.body.transactions) {
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO transactions (hash, block_id, position, tx) VALUES (?, ?, ?, ?)"));
    q.addBindValue(blob(core::transactionHash(tx)));
    q.addBindValue(static_cast<qulonglong>(block.header.blockId));
    q.addBindValue(position++);
    q.addBindValue(blob(core::encode(tx)));
    if (!q.exec()) return fail("recording a transaction");
  }
  for (const auto& [id, account] : diff.writes) {
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO accounts (id, account) VALUES (?, ?)"));
    q.addBindValue(blob(id));
    q.addBindValue(blob(core::encode(account)));
    if (!q.exec()) return fail("writing an account");
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO account_history (id, block_id, timestamp_ms, account) VALUES (?, ?, ?, ?)"));
    q.addBindValue(blob(id));
    q.addBindValue(static_cast<qulonglong>(block.header.blockId));
    q.addBindValue(static_cast<qulonglong>(block.header.timestamp));
    q.addBindValue(blob(core::encode(account)));
    if (!q.exec()) return fail("recording an account's history");
  }
  for (const auto& o : outcomes) {
    if (o.kind == chain::TransactionOutcome::Kind::Deferred) continue;
    if (o.kind == chain::TransactionOutcome::Kind::Rejected) {
      q.prepare(QStringLiteral("INSERT OR REPLACE INTO rejected (hash, code, message, guest_code, guest_name, at_ms) VALUES (?, ?, ?, ?, ?, ?)"));
      q.addBindValue(blob(o.hash));
      q.addBindValue(QString::fromUtf8(chain::toString(o.rejection.code).data()));
      q.addBindValue(QString::fromStdString(o.rejection.message));
      q.addBindValue(o.rejection.guestCode ? QVariant(static_cast<uint>(*o.rejection.guestCode)) : QVariant());
      q.addBindValue(QString::fromStdString(o.rejection.guestName));
      q.addBindValue(static_cast<qulonglong>(nowMs));
      if (!q.exec()) return fail("recording a rejection");
    }
    q.prepare(QStringLiteral("DELETE FROM mempool WHERE hash = ?"));
    q.addBindValue(blob(o.hash));
    if (!q.exec()) return fail("updating the mempool");
  }
  q.finish();
  if (auto st = tx.value().commit(); !st.ok()) return lezpay::sqlstore::recode(st.error(), kStoreError);
  return lezpay::util::okStatus();
}

}  // namespace lez::localnet
