#include "lezpay/sqlstore/wal_checkpointer.h"

#include <QSqlQuery>
#include <QtGlobal>

#include <chrono>
#include <optional>
#include <utility>

#include "lezpay/sqlstore/database.h"

namespace lezpay::sqlstore {

WalCheckpointer::WalCheckpointer(std::string path, int intervalMs) : path_(std::move(path)), intervalMs_(intervalMs) {}

WalCheckpointer::~WalCheckpointer() { stop(); }

void WalCheckpointer::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void WalCheckpointer::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool WalCheckpointer::checkpointOnce(void* handle) {
  auto* db = static_cast<Database*>(handle);
  QSqlQuery q(db->handle());
  if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))) {
    if (failed_.fetch_add(1) == 0) qWarning("%s: WAL checkpoint failed: %s", path_.c_str(), q.lastError().text().toUtf8().constData());
    return false;
  }
  done_.fetch_add(1);
  return true;
}

void WalCheckpointer::run() {
  // The connection lives and dies on this thread (Qt Sql's thread affinity).
  std::optional<Database> db;
  auto checkpointIfWritten = [&] {
    if (pending_.load(std::memory_order_relaxed) == 0) return;
    if (!db) {
      auto opened = Database::openSqlite("wal_checkpointer", SqliteOptions{path_, Synchronous::Normal, kDefaultBusyTimeoutMs, {"wal_autocheckpoint=0"}});
      if (!opened.ok()) {
        if (failed_.fetch_add(1) == 0) qWarning("%s: WAL checkpointer cannot open the database: %s", path_.c_str(), opened.error().message.c_str());
        return;
      }
      db.emplace(std::move(opened).value());
    }
    // Writes noted from here on wait for the next turn; those before are in the WAL already.
    const std::uint64_t seen = pending_.exchange(0, std::memory_order_relaxed);
    if (!checkpointOnce(&*db)) pending_.fetch_add(seen, std::memory_order_relaxed);
  };
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(intervalMs_), [this] { return stopping_; });
    lock.unlock();
    checkpointIfWritten();
    lock.lock();
  }
  lock.unlock();
  db.reset();
}

}  // namespace lezpay::sqlstore
