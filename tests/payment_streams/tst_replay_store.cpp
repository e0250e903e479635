// The provider's durable replay record (replay_store.h): every request id of a session is refused
// again for the session's life, whatever the number of requests, across a reopen; forgetting a
// session frees its rows; the files are private; a database of the earlier windowed layout is
// carried over.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include "replay_store.h"

using payment_streams::ReplayStore;

namespace {

eligibility::PublicKey sessionKey(std::uint8_t seed) {
  eligibility::PublicKey k{};
  k.fill(seed);
  return k;
}

std::string id(int i) { return "req-" + std::to_string(i); }

}  // namespace

class TstReplayStore : public QObject {
  Q_OBJECT

 private slots:
  void everyRequestIdStaysRefusedBeyondAnyWindow() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("replay.sqlite").toStdString();
    constexpr int kIds = 3000;  // well past the 1,024-id window of the RAM cache
    {
      ReplayStore store(path);
      QVERIFY(store.open().ok());
      for (int i = 0; i < kIds; ++i) {
        auto fresh = store.record(sessionKey(1), id(i));
        QVERIFY2(fresh.ok() && fresh.value(), id(i).c_str());
      }
      for (int i = 0; i < kIds; ++i) {
        auto again = store.record(sessionKey(1), id(i));
        QVERIFY2(again.ok() && !again.value(), ("served twice: " + id(i)).c_str());
      }
      auto other = store.record(sessionKey(2), id(0));
      QVERIFY2(other.ok() && other.value(), "the same id in another session is a different request");
    }
    ReplayStore reopened(path);
    QVERIFY(reopened.open().ok());
    for (int i : {0, 1, kIds / 2, kIds - 1}) {
      auto seen = reopened.contains(sessionKey(1), id(i));
      QVERIFY2(seen.ok() && seen.value(), ("forgotten after reopen: " + id(i)).c_str());
      auto again = reopened.record(sessionKey(1), id(i));
      QVERIFY(again.ok() && !again.value());
    }
    QCOMPARE(reopened.count(sessionKey(1)).value(), std::uint64_t{kIds});
  }

  void forgettingASessionFreesItsRows() {
    QTemporaryDir dir;
    ReplayStore store(dir.filePath("replay.sqlite").toStdString());
    QVERIFY(store.open().ok());
    for (int i = 0; i < 10; ++i) QVERIFY(store.record(sessionKey(1), id(i)).value());
    for (int i = 0; i < 10; ++i) QVERIFY(store.record(sessionKey(2), id(i)).value());
    for (int i = 0; i < 10; ++i) QVERIFY(store.record(sessionKey(3), id(i)).value());
    QVERIFY(store.forget(sessionKey(1)).ok());
    QCOMPARE(store.count(sessionKey(1)).value(), std::uint64_t{0});
    QVERIFY(store.forgetAllExcept({sessionKey(3)}).ok());
    QCOMPARE(store.count(sessionKey(2)).value(), std::uint64_t{0});
    QCOMPARE(store.count(sessionKey(3)).value(), std::uint64_t{10});
    QVERIFY(!store.contains(sessionKey(2), id(0)).value());
  }

  void databaseFilesArePrivate() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("replay.sqlite").toStdString();
    ReplayStore store(path);
    QVERIFY(store.open().ok());
    QVERIFY(store.record(sessionKey(1), id(0)).value());
    for (const std::string& f : {path, path + "-wal", path + "-shm"}) {
      struct stat st {};
      if (::stat(f.c_str(), &st) != 0) continue;
      QVERIFY2((st.st_mode & 0777) == 0600, (f + " is not 0600").c_str());
    }
  }

  void earlierWindowTableIsCarriedOver() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("replay.sqlite").toStdString();
    {
      QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old_layout"));
      db.setDatabaseName(QString::fromStdString(path));
      QVERIFY(db.open());
      QSqlQuery q(db);
      QVERIFY(q.exec(QStringLiteral("CREATE TABLE served (id INTEGER PRIMARY KEY AUTOINCREMENT, session TEXT NOT NULL, "
                                    "request_id TEXT NOT NULL, UNIQUE(session, request_id))")));
      q.prepare(QStringLiteral("INSERT INTO served(session, request_id) VALUES(?, ?)"));
      q.addBindValue(QStringLiteral("07").repeated(32));
      q.addBindValue(QStringLiteral("old-request"));
      QVERIFY(q.exec());
      db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("old_layout"));
    ReplayStore store(path);
    QVERIFY(store.open().ok());
    auto again = store.record(sessionKey(7), "old-request");
    QVERIFY2(again.ok() && !again.value(), "an id served before the upgrade must stay refused");
  }
};

QTEST_GUILESS_MAIN(TstReplayStore)
#include "tst_replay_store.moc"
