#include "lezpay/sqlstore/database.h"

#include <QSqlQuery>
#include <QVariant>

#include <atomic>

#include "lezpay/fileio/atomic_file.h"

namespace lezpay::sqlstore {
namespace {

// SQLite primary result codes as QSQLITE reports them in QSqlError::nativeErrorCode().
constexpr std::string_view kSqliteBusy = "5";
constexpr std::string_view kSqliteLocked = "6";

QString uniqueName(std::string_view prefix) {
  static std::atomic<unsigned long long> next{1};
  return QString::fromUtf8(prefix.data(), static_cast<qsizetype>(prefix.size())) + QStringLiteral("_%1").arg(next.fetch_add(1));
}

util::Error failed(std::string_view what, const std::string& reason) {
  return util::Error{std::string(toString(StoreError::Failed)), std::string(what) + " failed: " + reason};
}

util::Result<QSqlDatabase> addConnection(const QString& driver, const QString& name, const char* package) {
  if (!QSqlDatabase::isDriverAvailable(driver)) {
    return failed("loading the Qt Sql driver " + driver.toStdString(), std::string("not installed (Debian package ") + package + ")");
  }
  return QSqlDatabase::addDatabase(driver, name);
}

}  // namespace

std::string_view toString(StoreError e) {
  switch (e) {
    case StoreError::Busy: return "DATABASE_BUSY";
    case StoreError::Failed: return "DATABASE_FAILED";
  }
  return "DATABASE_FAILED";
}

Database::Database(QString name, Backend backend, int busyTimeoutMs)
    : name_(std::move(name)), backend_(backend), busyTimeoutMs_(busyTimeoutMs) {}

Database::Database(Database&& other) noexcept
    : name_(std::move(other.name_)), backend_(other.backend_), busyTimeoutMs_(other.busyTimeoutMs_), db_(std::move(other.db_)) {
  other.name_.clear();
  other.db_ = QSqlDatabase();
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    name_ = std::move(other.name_);
    backend_ = other.backend_;
    busyTimeoutMs_ = other.busyTimeoutMs_;
    db_ = std::move(other.db_);
    other.name_.clear();
    other.db_ = QSqlDatabase();
  }
  return *this;
}

Database::~Database() { close(); }

void Database::close() {
  if (name_.isEmpty()) return;
  if (db_.isValid()) db_.close();
  // Every handle must be gone before the name is removed, or Qt warns and keeps the connection.
  db_ = QSqlDatabase();
  if (QSqlDatabase::contains(name_)) QSqlDatabase::removeDatabase(name_);
  name_.clear();
}

bool Database::isOpen() const { return !name_.isEmpty() && db_.isOpen(); }

util::Error Database::error(std::string_view what, const QSqlError& e) const {
  const std::string code = e.nativeErrorCode().toStdString();
  if (backend_ == Backend::Sqlite && (code == kSqliteBusy || code == kSqliteLocked)) {
    return util::Error{std::string(toString(StoreError::Busy)),
                       std::string(what) + " failed: the database is busy: another connection held its lock for more than " +
                           std::to_string(busyTimeoutMs_) + " ms (" + e.text().toStdString() + ")"};
  }
  return failed(what, e.text().toStdString());
}

util::Status Database::exec(std::string_view sql, std::string_view what) {
  QSqlQuery q(db_);
  if (!q.exec(QString::fromUtf8(sql.data(), static_cast<qsizetype>(sql.size())))) return error(what, q.lastError());
  return util::okStatus();
}

util::Result<Database> Database::openSqlite(std::string_view prefix, const SqliteOptions& options) {
  const bool memory = options.path == ":memory:";
  if (!memory) {
    if (auto st = fileio::preparePrivateFile(options.path); !st.ok()) {
      return failed("making the database file private", st.error().message);
    }
  }
  Database d(uniqueName(prefix), Backend::Sqlite, options.busyTimeoutMs);
  auto added = addConnection(QStringLiteral("QSQLITE"), d.name_, "libqt6sql6-sqlite");
  if (!added.ok()) return added.error();
  d.db_ = added.value();
  d.db_.setDatabaseName(QString::fromStdString(options.path));
  d.db_.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs));
  if (!d.db_.open()) return d.error("opening the database " + options.path, d.db_.lastError());
  {
    QSqlQuery q(d.db_);
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next()) return d.error("PRAGMA journal_mode=WAL", q.lastError());
    const QString mode = q.value(0).toString().toLower();
    if (mode != QLatin1String("wal") && !memory) {
      return failed("PRAGMA journal_mode=WAL", "the database answered journal mode " + mode.toStdString());
    }
  }
  const char* sync = options.synchronous == Synchronous::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
  if (auto st = d.exec(sync, sync); !st.ok()) return st.error();
  for (const auto& pragma : options.pragmas) {
    const std::string sql = "PRAGMA " + pragma;
    if (auto st = d.exec(sql, sql); !st.ok()) return st.error();
  }
  return d;
}

util::Result<Database> Database::openPostgres(std::string_view prefix, const PostgresOptions& options) {
  Database d(uniqueName(prefix), Backend::Postgresql, kDefaultBusyTimeoutMs);
  auto added = addConnection(QStringLiteral("QPSQL"), d.name_, "libqt6sql6-psql");
  if (!added.ok()) return added.error();
  d.db_ = added.value();
  d.db_.setHostName(QString::fromStdString(options.host));
  d.db_.setPort(options.port);
  if (!options.user.empty()) d.db_.setUserName(QString::fromStdString(options.user));
  if (!options.password.empty()) d.db_.setPassword(QString::fromStdString(options.password));
  d.db_.setDatabaseName(QString::fromStdString(options.dbname));
  if (!options.connectOptions.empty()) d.db_.setConnectOptions(QString::fromStdString(options.connectOptions));
  if (!d.db_.open()) return d.error("opening the database", d.db_.lastError());
  return d;
}

util::Error recode(util::Error e, std::string code) {
  e.code = std::move(code);
  return e;
}

}  // namespace lezpay::sqlstore
