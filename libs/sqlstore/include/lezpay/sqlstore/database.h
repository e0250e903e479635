#pragma once
// The one place that opens a database for lez-pay's stores (STYLE.md "Storage"): the chain store,
// the Store archive, the payment-streams replay record, the x402 settlement journal and the
// merchant's served payments all open through here, so each gets the same durability settings,
// file modes and busy handling.
//
// SQLite (openSqlite):
// - the file and its -wal/-shm/-journal sidecars are made 0600 before SQLite touches them
//   (fileio::preparePrivateFile), so no database file is ever readable by others;
// - journal_mode=WAL (checked: a database that refuses WAL is an error, except ":memory:"), then
//   synchronous as the store chose (FULL: a commit survives power loss; NORMAL: a commit is atomic
//   and the file consistent after a crash, the last commits may be lost on power failure), then
//   the store's own pragmas in order;
// - a busy timeout: a connection waits that long for another's lock before SQLITE_BUSY.
// PostgreSQL (openPostgres): the connection options of libpq are the caller's (timeouts,
// keepalives, application name).
//
// Every open registers a Qt Sql connection under a name no other open in the process uses
// (`<prefix>_<n>`), and the Database removes it when it is closed or destroyed.
//
// Thread affinity (Qt Sql): a Database and every query on it are used only from the thread that
// opened it.
//
// Failures: util::Error with code DATABASE_BUSY when another connection held a lock for longer
// than the busy timeout (SQLITE_BUSY / SQLITE_LOCKED; worth retrying later), DATABASE_FAILED for
// anything else (driver missing, file not openable, a statement refused). The message reads
// "<what> failed: <reason>". Stores keep their own stable code on the wire and carry this
// sentence as the message (recode()).

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"

namespace lezpay::sqlstore {

enum class StoreError {
  Busy,    // DATABASE_BUSY
  Failed,  // DATABASE_FAILED
};
std::string_view toString(StoreError e);

// How long a connection waits for another connection's lock (SQLite's busy handler).
inline constexpr int kDefaultBusyTimeoutMs = 5000;

enum class Synchronous { Normal, Full };

struct SqliteOptions {
  std::string path{};                        // a file path, or ":memory:"
  Synchronous synchronous = Synchronous::Full;
  int busyTimeoutMs = kDefaultBusyTimeoutMs;
  std::vector<std::string> pragmas{};        // "name=value", run after the durability pragmas
};

struct PostgresOptions {
  std::string host{};
  std::uint16_t port = 5432;
  std::string user{};      // empty: libpq's default
  std::string password{};  // never logged
  std::string dbname{};
  std::string connectOptions{};  // QPSQL connect options ("connect_timeout=5;keepalives=1;...")
};

enum class Backend { Sqlite, Postgresql };

// One open connection. Move-only; closing (or destroying) it closes the connection and frees the
// connection name.
class Database {
 public:
  // `prefix` names the store in the connection name (e.g. "lezchain").
  static util::Result<Database> openSqlite(std::string_view prefix, const SqliteOptions& options);
  static util::Result<Database> openPostgres(std::string_view prefix, const PostgresOptions& options);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  void close();
  bool isOpen() const;
  Backend backend() const { return backend_; }
  const QString& connectionName() const { return name_; }
  // The Qt handle for QSqlQuery; valid while open.
  QSqlDatabase handle() const { return db_; }

  // Runs one statement without parameters.
  util::Status exec(std::string_view sql, std::string_view what);
  // The Error of a failed statement or open: DATABASE_BUSY or DATABASE_FAILED.
  util::Error error(std::string_view what, const QSqlError& e) const;

 private:
  Database(QString name, Backend backend, int busyTimeoutMs);

  QString name_;
  Backend backend_ = Backend::Sqlite;
  int busyTimeoutMs_ = kDefaultBusyTimeoutMs;
  QSqlDatabase db_;
};

// `e` with the store's stable code in place of DATABASE_*; the sentence is kept.
util::Error recode(util::Error e, std::string code);

}  // namespace lezpay::sqlstore
