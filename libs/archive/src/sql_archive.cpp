#include "sql_archive.h"

#include <algorithm>

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QVariant>

#include "lezpay/util/hex.h"
#include "retention_rules.h"
#include "storable_message.h"
#include "waku/waku_message_codec.h"

Q_LOGGING_CATEGORY(lcArchive, "lezpay.archive")

namespace lezpay::archive {
namespace {

// Any constant shared by every lez-pay archive: serialises schema creation between processes
// that open the same PostgreSQL database at once (CREATE ... IF NOT EXISTS alone can race).
constexpr std::int64_t kPgSchemaLockKey = 0x6c657a7061790001;  // "lezpay" + 1
constexpr int kSqliteCacheKiB = 32 * 1024;
constexpr std::size_t kMaxCachedStatements = 64;

// Qt Sql binds a null QByteArray as SQL NULL; an empty topic must stay an empty (non-null) blob.
QByteArray blob(const std::uint8_t* data, std::size_t size) {
  static const char kEmpty[] = "";
  if (size == 0) return QByteArray(kEmpty, 0);
  return QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
}

QVariant toVariant(const SqlValue& value) {
  if (const auto* n = std::get_if<std::int64_t>(&value)) return QVariant::fromValue<qlonglong>(*n);
  const auto& bytes = std::get<std::vector<std::uint8_t>>(value);
  return QVariant(blob(bytes.data(), bytes.size()));
}

}  // namespace

SqlArchive::SqlArchive(ArchiveUrl url, Retention retention, std::string display_url)
    : url_(std::move(url)), retention_(retention), display_url_(std::move(display_url)) {}

SqlArchive::~SqlArchive() { disconnect(); }

util::Result<std::unique_ptr<Archive>> SqlArchive::open(const ArchiveUrl& url, const Retention& retention,
                                                         std::string display_url) {
  std::unique_ptr<SqlArchive> archive(new SqlArchive(url, retention, std::move(display_url)));
  if (auto st = archive->connect(); !st.ok()) return st.error();
  return std::unique_ptr<Archive>(std::move(archive));
}

std::string SqlArchive::backend() const { return url_.backend == Backend::Sqlite ? "sqlite" : "postgresql"; }

util::Error SqlArchive::unavailable(const std::string& what, const QString& detail) {
  return util::makeError(kArchiveUnavailable,
                         "archive " + backend() + " (" + display_url_ + "): " + what + " failed: " + detail.toStdString());
}

util::Error SqlArchive::unavailable(const util::Error& fromStore) {
  return util::makeError(kArchiveUnavailable, "archive " + backend() + " (" + display_url_ + "): " + fromStore.message);
}

util::Status SqlArchive::connect() {
  const bool sqlite = url_.backend == Backend::Sqlite;
  util::Result<sqlstore::Database> opened = util::Error{};
  if (sqlite) {
    const QString path = QString::fromStdString(url_.sqlite_path);
    if (path != QLatin1String(":memory:")) {
      const QString dir = QFileInfo(path).absolutePath();
      if (!QDir().mkpath(dir)) return unavailable("creating the directory " + dir.toStdString(), QStringLiteral("mkpath"));
    }
    // WAL: readers never block the writer; synchronous=NORMAL: a commit is atomic and the
    // database consistent after a crash, at most the last commits are lost on power failure
    // (docs/decisions.md "libs/archive"). The default 2 MiB page cache makes every insert into
    // three b-trees a read from the OS; the cache grows only as pages are used.
    opened = sqlstore::Database::openSqlite(
        "lezpay_archive", {.path = url_.sqlite_path,
                           .synchronous = sqlstore::Synchronous::Normal,
                           .pragmas = {"cache_size=-" + std::to_string(kSqliteCacheKiB)}});
  } else {
    // Bounded connect, and TCP keepalives so that a vanished server is noticed by the kernel.
    opened = sqlstore::Database::openPostgres(
        "lezpay_archive", {.host = url_.host,
                           .port = url_.port,
                           .user = url_.user,
                           .password = url_.password,
                           .dbname = url_.dbname,
                           .connectOptions = "connect_timeout=5;application_name=lezpay-archive;keepalives=1;"
                                             "keepalives_idle=30;keepalives_interval=10;keepalives_count=3"});
  }
  if (!opened.ok()) return unavailable(opened.error());
  db_ = std::make_unique<sqlstore::Database>(std::move(opened).value());
  if (!sqlite) {
    // "relation already exists, skipping" notices would otherwise reach stderr on every open.
    if (auto st = runSql("SET client_min_messages TO WARNING", "SET client_min_messages"); !st.ok()) {
      disconnect();
      return st;
    }
  }
  if (auto st = createSchema(); !st.ok()) {
    disconnect();
    return st;
  }
  broken_ = false;
  return util::okStatus();
}

void SqlArchive::disconnect() {
  statements_.clear();
  db_.reset();
}

QSqlDatabase SqlArchive::handle() const { return db_ ? db_->handle() : QSqlDatabase(); }

util::Status SqlArchive::ensureConnected() {
  if (!broken_ && db_ && db_->isOpen()) return util::okStatus();
  qCInfo(lcArchive) << "reconnecting to" << QString::fromStdString(display_url_);
  disconnect();
  auto st = connect();
  if (!st.ok()) {
    broken_ = true;
    qCWarning(lcArchive) << "reconnect failed:" << QString::fromStdString(st.error().message);
  }
  return st;
}

util::Status SqlArchive::createSchema() {
  // Every early return below rolls back (the transaction's destructor).
  auto tx = begin();
  if (!tx.ok()) return tx.error();
  if (url_.backend == Backend::Postgresql) {
    if (auto st = runSql("SELECT pg_advisory_xact_lock(" + std::to_string(kPgSchemaLockKey) + ")", "schema lock"); !st.ok()) {
      return st;
    }
  }
  if (!url_.schema.empty()) {
    // The name is a checked plain identifier (archive_url.h). SET (not SET LOCAL) outlives the
    // transaction: the whole session works in that schema.
    if (auto st = runSql("CREATE SCHEMA IF NOT EXISTS " + url_.schema, "creating the schema namespace"); !st.ok()) {
      return st;
    }
    if (auto st = runSql("SET search_path TO " + url_.schema, "SET search_path"); !st.ok()) return st;
  }
  for (const auto& sql : schemaStatements(url_.backend)) {
    if (auto st = runSql(sql, "creating the schema"); !st.ok()) return st;
  }
  QSqlQuery q(handle());
  q.setForwardOnly(true);
  if (!q.exec(QString::fromStdString(schemaVersionSelect()))) {
    broken_ = true;
    return unavailable("reading the schema version", q.lastError().text());
  }
  if (q.next()) {
    const qlonglong version = q.value(0).toLongLong();
    q.finish();
    if (version != kSchemaVersion) {
      return unavailable("checking the schema version",
                              QStringLiteral("the database has schema version %1, this build reads version %2")
                                  .arg(version)
                                  .arg(kSchemaVersion));
    }
  } else {
    q.finish();
    QSqlQuery ins(handle());
    ins.prepare(QString::fromStdString(schemaVersionInsert()));
    if (auto st = run(ins, {SqlValue{std::int64_t{kSchemaVersion}}}, "writing the schema version"); !st.ok()) {
      return st;
    }
  }
  return commit(tx.value());
}

util::Result<QSqlQuery*> SqlArchive::prepared(const std::string& sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return it->second.get();
  // Page queries vary with the number of topics and hashes; bound the cache, re-prepare on need.
  if (statements_.size() >= kMaxCachedStatements) statements_.clear();
  auto q = std::make_unique<QSqlQuery>(handle());
  q->setForwardOnly(true);
  if (!q->prepare(QString::fromStdString(sql))) {
    broken_ = true;
    return unavailable("preparing a statement", q->lastError().text());
  }
  QSqlQuery* raw = q.get();
  statements_.emplace(sql, std::move(q));
  return raw;
}

util::Status SqlArchive::run(QSqlQuery& q, const std::vector<SqlValue>& binds, const char* what) {
  for (std::size_t i = 0; i < binds.size(); ++i) q.bindValue(static_cast<int>(i), toVariant(binds[i]));
  if (!q.exec()) {
    broken_ = true;
    const QString detail = q.lastError().text();
    q.finish();
    return unavailable(what, detail);
  }
  return util::okStatus();
}

util::Status SqlArchive::runSql(const std::string& sql, const char* what) {
  QSqlQuery q(handle());
  if (!q.exec(QString::fromStdString(sql))) {
    broken_ = true;
    return unavailable(what, q.lastError().text());
  }
  return util::okStatus();
}

util::Result<sqlstore::Transaction> SqlArchive::begin() {
  auto tx = sqlstore::Transaction::begin(*db_);
  if (!tx.ok()) {
    broken_ = true;
    return unavailable(tx.error());
  }
  return tx;
}

util::Status SqlArchive::commit(sqlstore::Transaction& tx) {
  if (auto st = tx.commit(); !st.ok()) {
    broken_ = true;
    return unavailable(st.error());
  }
  return util::okStatus();
}

util::Result<std::int64_t> SqlArchive::insertRows(const std::vector<ArchivedMessage>& messages, std::size_t first,
                                                   std::size_t count) {
  auto q = prepared(insertSql(count));
  if (!q.ok()) return q.error();
  std::vector<SqlValue> binds;
  binds.reserve(count * 5);
  for (std::size_t i = first; i < first + count; ++i) {
    const ArchivedMessage& m = messages[i];
    binds.emplace_back(std::vector<std::uint8_t>(m.hash.begin(), m.hash.end()));
    binds.emplace_back(m.timestamp_ns);
    binds.emplace_back(std::vector<std::uint8_t>(m.pubsub_topic.begin(), m.pubsub_topic.end()));
    binds.emplace_back(std::vector<std::uint8_t>(m.message.content_topic.begin(), m.message.content_topic.end()));
    binds.emplace_back(waku::encodeWakuMessage(m.message));
  }
  if (auto st = run(*q.value(), binds, "inserting messages"); !st.ok()) return st.error();
  const int affected = q.value()->numRowsAffected();
  q.value()->finish();
  return static_cast<std::int64_t>(std::max(0, affected));
}

util::Result<bool> SqlArchive::insert(const ArchivedMessage& message) {
  if (auto st = checkStorable(message); !st.ok()) return st.error();
  if (auto st = ensureConnected(); !st.ok()) return st.error();
  const std::vector<ArchivedMessage> one{message};
  auto affected = insertRows(one, 0, 1);  // one statement: atomic on its own
  if (!affected.ok()) return affected.error();
  return affected.value() == 1;
}

util::Result<std::uint64_t> SqlArchive::insertBatch(const std::vector<ArchivedMessage>& messages) {
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (auto st = checkStorable(messages[i]); !st.ok()) {
      return util::makeError(st.error().code, "message " + std::to_string(i) + ": " + st.error().message);
    }
  }
  if (messages.empty()) return std::uint64_t{0};
  if (auto st = ensureConnected(); !st.ok()) return st.error();
  auto tx = begin();
  if (!tx.ok()) return tx.error();
  std::uint64_t added = 0;
  for (std::size_t first = 0; first < messages.size(); first += kMaxInsertRows) {
    auto affected = insertRows(messages, first, std::min(kMaxInsertRows, messages.size() - first));
    if (!affected.ok()) return affected.error();
    added += static_cast<std::uint64_t>(affected.value());
  }
  if (auto st = commit(tx.value()); !st.ok()) return st.error();
  return added;
}

util::Result<ArchivePage> SqlArchive::query(const ArchiveQuery& query) {
  if (auto st = ensureConnected(); !st.ok()) return st.error();
  std::optional<CursorPosition> position;
  if (query.cursor) {
    auto q = prepared(cursorPositionSql());
    if (!q.ok()) return q.error();
    if (auto st = run(*q.value(), {std::vector<std::uint8_t>(query.cursor->begin(), query.cursor->end())},
                      "resolving the cursor");
        !st.ok()) {
      return st.error();
    }
    if (!q.value()->next()) {
      q.value()->finish();
      return util::makeError(kCursorNotFound, "cursor " + util::toHex(*query.cursor) + " is not an archived message");
    }
    position = CursorPosition{q.value()->value(0).toLongLong(), *query.cursor};
    q.value()->finish();
  }

  const SqlStatement st = pageQuery(query, position);
  auto q = prepared(st.sql);
  if (!q.ok()) return q.error();
  QSqlQuery& rows = *q.value();
  if (auto run_st = run(rows, st.binds, "querying a page"); !run_st.ok()) return run_st.error();

  ArchivePage page;
  while (rows.next()) {
    ArchivedMessage m;
    const QByteArray hash = rows.value(0).toByteArray();
    if (hash.size() != static_cast<qsizetype>(m.hash.size())) {
      rows.finish();
      return util::makeError(kArchiveUnavailable, "archive " + backend() + ": a stored hash is " +
                                                      std::to_string(hash.size()) + " bytes, not 32 (corrupt row)");
    }
    std::copy(hash.begin(), hash.end(), m.hash.begin());
    m.timestamp_ns = rows.value(1).toLongLong();
    if (query.include_data) {
      const QByteArray topic = rows.value(2).toByteArray();
      m.pubsub_topic.assign(topic.constData(), static_cast<std::size_t>(topic.size()));
      const QByteArray encoded = rows.value(3).toByteArray();
      auto decoded = waku::decodeWakuMessage(std::span<const std::uint8_t>(
          reinterpret_cast<const std::uint8_t*>(encoded.constData()), static_cast<std::size_t>(encoded.size())));
      if (!decoded.ok()) {
        rows.finish();
        return util::makeError(kArchiveUnavailable, "archive " + backend() + ": stored message " + util::toHex(m.hash) +
                                                        " does not decode (corrupt row): " + decoded.error().message);
      }
      m.message = std::move(decoded).value();
    }
    page.messages.push_back(std::move(m));
  }
  rows.finish();

  // limit + 1 rows were asked for: one more than the page means more results follow.
  const std::uint64_t limit = effectiveLimit(query.limit);
  const bool more = page.messages.size() > limit;
  if (more) page.messages.pop_back();
  if (!query.forward) std::reverse(page.messages.begin(), page.messages.end());  // answers ascend
  if (more && !page.messages.empty()) {
    page.next_cursor = query.forward ? page.messages.back().hash : page.messages.front().hash;
  }
  return page;
}

util::Result<std::uint64_t> SqlArchive::applyRetention(std::int64_t now_ns) {
  if (!retention_.max_age_seconds && !retention_.max_messages) return std::uint64_t{0};
  if (auto st = ensureConnected(); !st.ok()) return st.error();
  auto tx = begin();
  if (!tx.ok()) return tx.error();
  std::uint64_t deleted = 0;
  auto step = [&](const std::string& sql, std::int64_t bind, const char* what) -> util::Status {
    auto q = prepared(sql);
    if (!q.ok()) return q.error();
    if (auto st = run(*q.value(), {bind}, what); !st.ok()) return st;
    deleted += static_cast<std::uint64_t>(std::max(0, q.value()->numRowsAffected()));
    q.value()->finish();
    return util::okStatus();
  };
  if (retention_.max_age_seconds) {
    if (auto st = step(deleteOlderThanSql(), ageCutoffNs(now_ns, *retention_.max_age_seconds), "retention by age");
        !st.ok()) {
      return st.error();
    }
  }
  if (retention_.max_messages) {
    if (auto st = step(deleteBeyondCountSql(), static_cast<std::int64_t>(*retention_.max_messages),
                       "retention by count");
        !st.ok()) {
      return st.error();
    }
  }
  if (auto st = commit(tx.value()); !st.ok()) return st.error();
  return deleted;
}

util::Result<std::uint64_t> SqlArchive::count() {
  if (auto st = ensureConnected(); !st.ok()) return st.error();
  auto q = prepared(countSql());
  if (!q.ok()) return q.error();
  if (auto st = run(*q.value(), {}, "counting messages"); !st.ok()) return st.error();
  if (!q.value()->next()) {
    q.value()->finish();
    broken_ = true;
    return unavailable("counting messages", QStringLiteral("no row answered"));
  }
  const qlonglong n = q.value()->value(0).toLongLong();
  q.value()->finish();
  return static_cast<std::uint64_t>(std::max<qlonglong>(0, n));
}

}  // namespace lezpay::archive
