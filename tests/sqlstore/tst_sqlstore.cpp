// lezpay::sqlstore (libs/sqlstore): the database and every sidecar are 0600, the durability
// pragmas are in force, a transaction that leaves scope uncommitted leaves nothing behind, a
// lock held past the busy timeout is a DATABASE_BUSY error that says so, and every open gets a
// connection name of its own; the WAL checkpointer empties the log from its own thread while
// the writer keeps committing, and runs nothing when nothing was written.
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVariant>
#include <QtTest>

#include <sys/stat.h>

#include "lezpay/sqlstore/database.h"
#include "lezpay/sqlstore/transaction.h"
#include "lezpay/sqlstore/wal_checkpointer.h"

using lezpay::sqlstore::Database;
using lezpay::sqlstore::SqliteOptions;
using lezpay::sqlstore::Synchronous;
using lezpay::sqlstore::Transaction;

namespace {

unsigned modeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

qlonglong scalar(Database& db, const char* sql) {
  QSqlQuery q(db.handle());
  if (!q.exec(QString::fromLatin1(sql)) || !q.next()) return -1;
  return q.value(0).toLongLong();
}

QString text(Database& db, const char* sql) {
  QSqlQuery q(db.handle());
  if (!q.exec(QString::fromLatin1(sql)) || !q.next()) return {};
  return q.value(0).toString();
}

Database openOrFail(const SqliteOptions& options, const char* prefix = "tst_sqlstore") {
  auto db = Database::openSqlite(prefix, options);
  if (!db.ok()) qFatal("open failed: %s", db.error().message.c_str());
  return std::move(db).value();
}

}  // namespace

class TstSqlstore : public QObject {
  Q_OBJECT

 private slots:
  void databaseAndSidecarsArePrivate() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("store.sqlite").toStdString();
    ::umask(022);  // without the layer SQLite would create 0644 files
    Database db = openOrFail({.path = path});
    QVERIFY(db.exec("CREATE TABLE t (x INTEGER)", "create").ok());
    QVERIFY(db.exec("INSERT INTO t VALUES (1)", "insert").ok());
    QCOMPARE(modeOf(path), 0600u);
    QVERIFY2(modeOf(path + "-wal") != 0, "WAL sidecar expected while the connection is open");
    QCOMPARE(modeOf(path + "-wal"), 0600u);
    QCOMPARE(modeOf(path + "-shm"), 0600u);
  }

  void durabilityPragmasAreTheStoresChoice() {
    QTemporaryDir dir;
    Database full = openOrFail({.path = dir.filePath("full.sqlite").toStdString(), .synchronous = Synchronous::Full});
    QCOMPARE(text(full, "PRAGMA journal_mode"), QStringLiteral("wal"));
    QCOMPARE(scalar(full, "PRAGMA synchronous"), 2);  // FULL
    Database normal = openOrFail({.path = dir.filePath("normal.sqlite").toStdString(),
                                  .synchronous = Synchronous::Normal,
                                  .pragmas = {"foreign_keys=ON", "wal_autocheckpoint=0"}});
    QCOMPARE(scalar(normal, "PRAGMA synchronous"), 1);  // NORMAL
    QCOMPARE(scalar(normal, "PRAGMA foreign_keys"), 1);
    QCOMPARE(scalar(normal, "PRAGMA wal_autocheckpoint"), 0);
    QCOMPARE(scalar(normal, "PRAGMA busy_timeout"), qlonglong{lezpay::sqlstore::kDefaultBusyTimeoutMs});
  }

  void checkpointerMovesTheWalFromItsOwnThread() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("wal.sqlite").toStdString();
    Database writer = openOrFail({.path = path, .synchronous = Synchronous::Normal, .pragmas = {"wal_autocheckpoint=0"}});
    QVERIFY(writer.exec("CREATE TABLE t (x BLOB)", "create").ok());
    lezpay::sqlstore::WalCheckpointer checkpointer(path, 20);
    checkpointer.start();
    auto insert = [&](int rows) {
      for (int i = 0; i < rows; ++i) {
        QVERIFY(writer.exec("INSERT INTO t VALUES (randomblob(100))", "insert").ok());  // each a commit
        checkpointer.noteWrites(1);
      }
    };
    QTest::qWait(100);
    QCOMPARE(checkpointer.checkpoints(), std::uint64_t{0});  // nothing noted, nothing run
    const qint64 before = QFileInfo(QString::fromStdString(path)).size();
    insert(500);
    QTRY_VERIFY_WITH_TIMEOUT(checkpointer.checkpoints() >= 1, 5000);
    insert(500);  // the writer keeps committing around the checkpoints
    checkpointer.stop();  // a last checkpoint of what was noted since
    QCOMPARE(checkpointer.failures(), std::uint64_t{0});
    // 1000 rows of 100 bytes reached the database file itself, not only the log: without a
    // checkpoint the file keeps its first pages while the WAL grows.
    const qint64 after = QFileInfo(QString::fromStdString(path)).size();
    QVERIFY2(after >= before + 100 * 1000, qPrintable(QStringLiteral("database file %1 -> %2 bytes").arg(before).arg(after)));
    QCOMPARE(scalar(writer, "SELECT COUNT(*) FROM t"), 1000);
  }

  void transactionRollsBackOnScopeExit() {
    QTemporaryDir dir;
    Database db = openOrFail({.path = dir.filePath("tx.sqlite").toStdString()});
    QVERIFY(db.exec("CREATE TABLE t (x INTEGER)", "create").ok());
    {
      auto tx = Transaction::begin(db);
      QVERIFY(tx.ok());
      QVERIFY(db.exec("INSERT INTO t VALUES (1)", "insert").ok());
      QCOMPARE(scalar(db, "SELECT COUNT(*) FROM t"), 1);
      // leaves scope without commit()
    }
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM t"), 0);
    {
      auto tx = Transaction::begin(db);
      QVERIFY2(tx.ok(), "a new transaction starts: the previous one is closed, not left open");
      QVERIFY(db.exec("INSERT INTO t VALUES (2)", "insert").ok());
      auto st = tx.value().commit();
      QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
      QVERIFY(!tx.value().active());
    }
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM t"), 1);
  }

  void lockHeldPastTheTimeoutIsABusyError() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("busy.sqlite").toStdString();
    Database holder = openOrFail({.path = path});
    QVERIFY(holder.exec("CREATE TABLE t (x INTEGER)", "create").ok());
    Database waiter = openOrFail({.path = path, .busyTimeoutMs = 100});
    auto held = Transaction::begin(holder);
    QVERIFY(held.ok());
    QElapsedTimer timer;
    timer.start();
    auto blocked = Transaction::begin(waiter);
    QVERIFY2(!blocked.ok(), "a second writer must not get the lock");
    QCOMPARE(QString::fromStdString(blocked.error().code), QStringLiteral("DATABASE_BUSY"));
    QVERIFY2(blocked.error().message.find("busy") != std::string::npos, blocked.error().message.c_str());
    QVERIFY2(blocked.error().message.find("100 ms") != std::string::npos, blocked.error().message.c_str());
    QVERIFY2(timer.elapsed() >= 90, "the busy timeout is waited out before giving up");
    QVERIFY(held.value().commit().ok());
    auto now = Transaction::begin(waiter);
    QVERIFY2(now.ok(), "the lock is free once the holder commits");
  }

  void everyOpenHasItsOwnConnectionName() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("names.sqlite").toStdString();
    Database a = openOrFail({.path = path}, "same");
    Database b = openOrFail({.path = path}, "same");
    QVERIFY(a.connectionName() != b.connectionName());
    const QString name = a.connectionName();
    QVERIFY(QSqlDatabase::contains(name));
    a.close();
    QVERIFY2(!QSqlDatabase::contains(name), "closing frees the connection name");
    QVERIFY(b.isOpen());
  }

  void unopenableFileIsAFailedErrorNamingIt() {
    auto db = Database::openSqlite("tst_sqlstore", {.path = "/nonexistent-dir-lezpay/x.sqlite"});
    QVERIFY(!db.ok());
    QCOMPARE(QString::fromStdString(db.error().code), QStringLiteral("DATABASE_FAILED"));
    QVERIFY2(db.error().message.find("/nonexistent-dir-lezpay/x.sqlite") != std::string::npos, db.error().message.c_str());
  }
};

QTEST_GUILESS_MAIN(TstSqlstore)
#include "tst_sqlstore.moc"
