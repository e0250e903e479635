// The agent's append-only audit log (modules/x402_module/src/audit_log.h): sequence numbers,
// reopening, a torn last line, paging, file mode.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sys/stat.h>

#include "audit_log.h"
#include "lezpay/fileio/atomic_file.h"

using logos::Json;
using x402mod::AuditLog;

class TstSpendAuditLog : public QObject {
  Q_OBJECT
 private slots:
  void appendsNumberedRecordsAndReadsThemBack() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/audit_log.jsonl";
    AuditLog log;
    QVERIFY(log.open(path).ok());
    auto a = log.append("spend_request_created", Json{{"spend_request_id", "lsrq_1"}, {"amount", "25"}}, 100);
    QVERIFY(a.ok());
    QCOMPARE(a.value()["seq"].get<int>(), 1);
    QVERIFY(log.append("spend_request_approved", Json{{"spend_request_id", "lsrq_1"}, {"seq", 99}}, 101).ok());
    auto r = log.read(0, 100);
    QVERIFY(r.ok());
    const Json& e = r.value()["entries"];
    QCOMPARE(e.size(), std::size_t{2});
    QCOMPARE(e[1]["seq"].get<int>(), 2);  // a field cannot override the log's own sequence number
    QCOMPARE(QString::fromStdString(e[0]["event"].get<std::string>()), QString("spend_request_created"));
    QCOMPARE(e[0]["at"].get<int>(), 100);
    QCOMPARE(QString::fromStdString(e[0]["amount"].get<std::string>()), QString("25"));
    QCOMPARE(r.value()["next_seq"].get<int>(), 3);
    struct stat st {};
    QCOMPARE(::stat(path.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
  }

  void sequenceContinuesAfterReopen() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/audit_log.jsonl";
    {
      AuditLog log;
      QVERIFY(log.open(path).ok());
      for (int i = 0; i < 3; ++i) QVERIFY(log.append("e", Json::object(), i).ok());
    }
    const std::string before = lezpay::fileio::readFile(path).value();
    AuditLog log;
    QVERIFY(log.open(path).ok());
    QCOMPARE(log.lastSeq(), std::uint64_t{3});
    QCOMPARE(log.append("e", Json::object(), 9).value()["seq"].get<int>(), 4);
    const std::string after = lezpay::fileio::readFile(path).value();
    QVERIFY(after.rfind(before, 0) == 0);  // earlier bytes untouched: append-only
  }

  void tornLastLineIsFencedAndCounted() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/audit_log.jsonl";
    {
      std::ofstream f(path);
      f << "{\"seq\":1,\"at\":1,\"event\":\"a\"}\n{\"seq\":2,\"at\":2,\"ev";  // crash mid-write
    }
    AuditLog log;
    QVERIFY(log.open(path).ok());
    QCOMPARE(log.lastSeq(), std::uint64_t{1});
    QCOMPARE(log.append("b", Json::object(), 3).value()["seq"].get<int>(), 2);
    auto r = log.read(0, 100).value();
    QCOMPARE(r["entries"].size(), std::size_t{2});
    QCOMPARE(r["unreadable_lines"].get<int>(), 1);
    QCOMPARE(QString::fromStdString(r["entries"][1]["event"].get<std::string>()), QString("b"));
  }

  void readPagesWithAfterSeqAndLimit() {
    QTemporaryDir dir;
    AuditLog log;
    QVERIFY(log.open(dir.path().toStdString() + "/audit_log.jsonl").ok());
    for (int i = 0; i < 10; ++i) QVERIFY(log.append("e", Json{{"i", i}}, i).ok());
    auto page = log.read(4, 3).value();
    QCOMPARE(page["entries"].size(), std::size_t{3});
    QCOMPARE(page["entries"][0]["seq"].get<int>(), 5);
    QVERIFY(page["more"].get<bool>());
    auto last = log.read(8, 3).value();
    QCOMPARE(last["entries"].size(), std::size_t{2});
    QVERIFY(!last["more"].get<bool>());
  }

  void appendOnClosedLogIsAnError() {
    AuditLog log;
    auto r = log.append("e", Json::object(), 1);
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QString("IO_ERROR"));
    QVERIFY(!log.open("/nonexistent-dir/for/sure/audit.jsonl").ok());
  }
};

QTEST_APPLESS_MAIN(TstSpendAuditLog)
#include "tst_spend_audit_log.moc"
