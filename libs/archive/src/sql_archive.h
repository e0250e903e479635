#pragma once
// The Archive over Qt Sql, one class for both backends (QSQLITE, QPSQL) so that they share every
// statement (sql_text.h) and every rule; both are opened by libs/sqlstore (file mode, pragmas,
// busy timeout, connection names, transactions), only the settings differ (SQLite pragmas,
// PostgreSQL connection options and a schema lock).
//
// Thread affinity: Qt Sql connections belong to the thread that created them; an SqlArchive is
// used only from the thread that opened it. Each connection gets a name of its own
// ("lezpay_archive_<n>") and gives it back when closed.
//
// Failures: every database error is Error{ARCHIVE_UNAVAILABLE, sentence with the driver's text}
// and marks the connection broken; the next call closes it and connects again (a restarted
// PostgreSQL server or a dropped TCP connection costs one failed call, never a crash).

#include <map>
#include <memory>
#include <string>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include "archive_url.h"
#include "lezpay/archive/archive.h"
#include "lezpay/sqlstore/database.h"
#include "lezpay/sqlstore/transaction.h"
#include "sql_text.h"

namespace lezpay::archive {

class SqlArchive final : public Archive {
 public:
  // Connects, applies the pragmas/settings and creates the schema. ARCHIVE_UNAVAILABLE when the
  // driver is missing or the database cannot be opened.
  static util::Result<std::unique_ptr<Archive>> open(const ArchiveUrl& url, const Retention& retention,
                                                     std::string display_url);
  ~SqlArchive() override;
  SqlArchive(const SqlArchive&) = delete;
  SqlArchive& operator=(const SqlArchive&) = delete;

  std::string backend() const override;
  util::Result<bool> insert(const ArchivedMessage& message) override;
  util::Result<std::uint64_t> insertBatch(const std::vector<ArchivedMessage>& messages) override;
  util::Result<ArchivePage> query(const ArchiveQuery& query) override;
  util::Result<std::uint64_t> applyRetention(std::int64_t now_ns) override;
  util::Result<std::uint64_t> count() override;

 private:
  SqlArchive(ArchiveUrl url, Retention retention, std::string display_url);

  util::Status connect();
  void disconnect();
  util::Status ensureConnected();
  util::Status createSchema();
  // A prepared statement for `sql`, prepared once per connection.
  util::Result<QSqlQuery*> prepared(const std::string& sql);
  // Binds and executes; on failure marks the connection broken.
  util::Status run(QSqlQuery& q, const std::vector<SqlValue>& binds, const char* what);
  util::Status runSql(const std::string& sql, const char* what);  // unprepared, no binds
  // Inserts messages[first, first + count) with one statement; answers the rows added.
  util::Result<std::int64_t> insertRows(const std::vector<ArchivedMessage>& messages, std::size_t first,
                                        std::size_t count);
  // A write transaction (libs/sqlstore): rolled back when it leaves scope uncommitted.
  util::Result<sqlstore::Transaction> begin();
  util::Status commit(sqlstore::Transaction& tx);
  util::Error unavailable(const std::string& what, const QString& detail);
  util::Error unavailable(const util::Error& fromStore);  // the layer's sentence, ARCHIVE_UNAVAILABLE
  QSqlDatabase handle() const;

  ArchiveUrl url_;
  Retention retention_;
  std::string display_url_;  // password redacted
  std::unique_ptr<sqlstore::Database> db_;  // null while disconnected
  bool broken_ = false;
  std::map<std::string, std::unique_ptr<QSqlQuery>> statements_;
};

}  // namespace lezpay::archive
