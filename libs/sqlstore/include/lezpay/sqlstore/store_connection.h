#pragma once
// One store's connection, opened from a DatabaseUrl (database_url.h) and opened again after a
// failure on PostgreSQL: the replay memory, the settlement journal and the served payments hold
// one each, so a PostgreSQL server that restarts, or a TCP connection that drops, costs the
// statements that ran while it was away (each answers its store's stable error code) and never a
// daemon restart.
//
// Opening: SQLite through Database::openSqlite with the store's options (path from the URL);
// PostgreSQL through Database::openPostgres with a bounded connect (connect_timeout=5), TCP
// keepalives (a vanished server is noticed in about a minute, not two hours) and
// application_name=lezpay-<prefix> (pg_stat_activity tells the stores apart), notices quieted,
// and with ?schema= the schema created (if missing) and the session's search_path set to it.
// Then `setup` runs (the store's CREATE ... IF NOT EXISTS): on PostgreSQL inside one transaction
// holding an advisory lock shared by every lez-pay store, because CREATE TABLE IF NOT EXISTS
// alone races between two processes opening the same database at once.
//
// After a failed statement the store calls markFailed(): on PostgreSQL the next ensure() closes
// the connection and opens it again (generation() then changes, so a store re-prepares its cached
// statements); on SQLite a failed statement says nothing about the connection and it is kept.
//
// Thread affinity: as Database (the thread that opened it). Errors: the Database's
// DATABASE_BUSY / DATABASE_FAILED sentence under the store's code (`code`), prefixed with the
// redacted location, never the password.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "lezpay/sqlstore/database.h"
#include "lezpay/sqlstore/database_url.h"

namespace lezpay::sqlstore {

class StoreConnection {
 public:
  using Setup = std::function<util::Status(Database&)>;

  StoreConnection(std::string prefix, std::string code, SqliteOptions sqlite, Setup setup);
  ~StoreConnection();
  StoreConnection(const StoreConnection&) = delete;
  StoreConnection& operator=(const StoreConnection&) = delete;

  // Parses `location` (a path or a URL) and opens it. Error under `code`.
  util::Status open(std::string_view location);
  void close();
  // Open and usable: reconnects first when a PostgreSQL statement failed since the last open.
  util::Status ensure();
  void markFailed();
  // ensure() would close and open the connection: statements prepared on it must go first.
  bool needsReconnect() const { return db_ == nullptr || failed_; }
  bool isOpen() const { return db_ != nullptr && db_->isOpen(); }
  bool postgresql() const { return url_.postgresql; }
  // The SQLite file of the open location ("" for PostgreSQL).
  const std::string& sqlitePath() const { return url_.sqlitePath; }
  std::uint64_t generation() const { return generation_; }
  Database* db() { return db_.get(); }
  const Database* db() const { return db_.get(); }
  // The location as given, password redacted.
  const std::string& display() const { return display_; }

  // `e` (a Database error) under the store's code; on PostgreSQL also marks the connection failed.
  util::Error fail(const util::Error& e);
  // Why the last open or ensure() failed (under the store's code); "the store is not open" before.
  const util::Error& lastError() const { return lastError_; }

 private:
  util::Status connect();

  std::string prefix_;
  std::string code_;
  SqliteOptions sqlite_;
  Setup setup_;
  DatabaseUrl url_;
  std::string display_;
  std::unique_ptr<Database> db_;
  bool configured_ = false;  // open() parsed a location; close() forgets it
  bool failed_ = false;
  util::Error lastError_;
  std::uint64_t generation_ = 0;
};

// The lock key every lez-pay store takes while creating its tables on PostgreSQL.
inline constexpr std::int64_t kPgSchemaLockKey = 0x6c657a7061790002;  // "lezpay" + 2

}  // namespace lezpay::sqlstore
