#include "lezpay/sqlstore/store_connection.h"

#include "lezpay/sqlstore/transaction.h"

namespace lezpay::sqlstore {

StoreConnection::StoreConnection(std::string prefix, std::string code, SqliteOptions sqlite, Setup setup)
    : prefix_(std::move(prefix)), code_(std::move(code)), sqlite_(std::move(sqlite)), setup_(std::move(setup)),
      lastError_(util::makeError(code_, "the store is not open")) {}

StoreConnection::~StoreConnection() { close(); }

void StoreConnection::close() {
  db_.reset();
  configured_ = false;
}

util::Error StoreConnection::fail(const util::Error& e) {
  if (url_.postgresql) failed_ = true;
  lastError_ = util::makeError(code_, display_ + ": " + e.message);
  return lastError_;
}

void StoreConnection::markFailed() {
  if (url_.postgresql) failed_ = true;
}

util::Status StoreConnection::open(std::string_view location) {
  close();
  display_ = redactDatabaseUrl(location);
  auto parsed = parseDatabaseLocation(location, code_, "the store location");
  if (!parsed.ok()) {
    lastError_ = parsed.error();
    return parsed.error();
  }
  url_ = std::move(parsed).value();
  configured_ = true;
  return connect();
}

util::Status StoreConnection::ensure() {
  if (db_ && !failed_) return util::okStatus();
  if (!configured_) {
    lastError_ = util::makeError(code_, "the store is not open");
    return lastError_;
  }
  if (!url_.postgresql && db_) return util::okStatus();
  return connect();
}

util::Status StoreConnection::connect() {
  db_.reset();
  failed_ = true;
  util::Result<Database> opened = util::Error{};
  if (!url_.postgresql) {
    SqliteOptions o = sqlite_;
    o.path = url_.sqlitePath;
    opened = Database::openSqlite(prefix_, o);
  } else {
    opened = Database::openPostgres(prefix_, {.host = url_.host,
                                              .port = url_.port,
                                              .user = url_.user,
                                              .password = url_.password,
                                              .dbname = url_.dbname,
                                              .connectOptions = "connect_timeout=5;application_name=lezpay-" + prefix_ +
                                                                ";keepalives=1;keepalives_idle=30;keepalives_interval=10;"
                                                                "keepalives_count=3"});
  }
  if (!opened.ok()) return fail(opened.error());
  auto db = std::make_unique<Database>(std::move(opened).value());
  if (url_.postgresql) {
    // "relation already exists, skipping" notices would otherwise reach stderr on every open.
    if (auto st = db->exec("SET client_min_messages TO WARNING", "SET client_min_messages"); !st.ok()) return fail(st.error());
    auto tx = Transaction::begin(*db);
    if (!tx.ok()) return fail(tx.error());
    if (auto st = db->exec("SELECT pg_advisory_xact_lock(" + std::to_string(kPgSchemaLockKey) + ")", "taking the schema lock"); !st.ok()) {
      return fail(st.error());
    }
    if (!url_.schema.empty()) {
      // A checked plain identifier (database_url.h). SET (not SET LOCAL) outlives the
      // transaction: the whole session works in that schema.
      if (auto st = db->exec("CREATE SCHEMA IF NOT EXISTS " + url_.schema, "creating the schema namespace"); !st.ok()) return fail(st.error());
      if (auto st = db->exec("SET search_path TO " + url_.schema, "SET search_path"); !st.ok()) return fail(st.error());
    }
    if (setup_) {
      if (auto st = setup_(*db); !st.ok()) return fail(st.error());
    }
    if (auto st = tx.value().commit(); !st.ok()) return fail(st.error());
  } else if (setup_) {
    if (auto st = setup_(*db); !st.ok()) return fail(st.error());
  }
  db_ = std::move(db);
  failed_ = false;
  ++generation_;
  return util::okStatus();
}

}  // namespace lezpay::sqlstore
