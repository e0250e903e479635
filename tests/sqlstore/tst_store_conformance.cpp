// The shared-state stores behind libs/sqlstore, one behaviour suite run against every backend:
// the provider's replay memory (payment_streams_module replay_store.h), the facilitator's
// settlement journal and the merchant's served payments (x402_module settlement_journal.h,
// merchant_payments.h). SQLite always (a fresh file per test); PostgreSQL when LEZPAY_TEST_PG_URL
// names a database the test may create schemas in (tests/functional/stores_postgresql.py starts
// one on loopback; each test works in a schema of its own).
//
// The race tests open two stores on the same location from two threads, as two daemons of a
// fleet would, and let them claim the same keys at once: every key is won exactly once.

#include <QByteArray>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <barrier>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "lezpay/sqlstore/database_url.h"
#include "merchant_payments.h"
#include "replay_store.h"
#include "settlement_journal.h"

using namespace x402mod;
using payment_streams::ReplayStore;

namespace {

constexpr int kRaceKeys = 300;

eligibility::PublicKey keyOf(std::uint8_t b) {
  eligibility::PublicKey k{};
  k.fill(b);
  return k;
}

std::string hashOf(int i) {
  char buf[65];
  std::snprintf(buf, sizeof buf, "%064x", i);
  return buf;
}

JournalRow journalRow(int i) {
  JournalRow r;
  r.txHash = hashOf(i);
  r.payer = "payer";
  r.payTo = "payee";
  r.amount = "340282366920938463463374607431768211455";  // u128 max, kept as text
  r.network = "logos:lez-localnet";
  r.transactionBase64 = "AAAA";
  return r;
}

ServedPayment served(int i, const std::string& paymentId = {}) {
  ServedPayment p;
  p.txHash = hashOf(i);
  p.paymentId = paymentId;
  p.fingerprint = "fp" + std::to_string(i);
  p.resourceUrl = "http://fleet.example/r";
  p.settlementJson = "{\"success\":true}";
  p.servedAtMs = 1'700'000'000'000LL + i;
  p.keepUntil = 1'700'000'000LL + i;
  return p;
}

// Runs `work(side)` on two threads released together; each opens its own store (Qt Sql
// connections belong to the thread that opened them).
void raceTwo(const std::function<void(int)>& work) {
  std::barrier start(2);
  std::vector<std::thread> threads;
  for (int side = 0; side < 2; ++side) {
    threads.emplace_back([&, side] {
      start.arrive_and_wait();
      work(side);
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace

class TstStoreConformance : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::string location_;  // the location of the running test
  std::string pgBase_;    // LEZPAY_TEST_PG_URL
  int serial_ = 0;

  bool postgresql() const { return location_.starts_with("postgresql://"); }

  // A location with the same server and database that no server answers (port 1 on loopback).
  std::string unreachable() const {
    return "postgresql://lezpay:s3cret-pw@127.0.0.1:1/nowhere";
  }

 private slots:
  void initTestCase_data() {
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
  }

  void initTestCase() { QVERIFY(dir_.isValid()); }

  void init() {
    QFETCH_GLOBAL(QString, backend);
    ++serial_;
    if (backend == QLatin1String("sqlite")) {
      location_ = QStringLiteral("%1/store-%2.sqlite").arg(dir_.path()).arg(serial_).toStdString();
      return;
    }
    pgBase_ = qgetenv("LEZPAY_TEST_PG_URL").toStdString();
    if (pgBase_.empty()) {
      QSKIP("LEZPAY_TEST_PG_URL is not set: the PostgreSQL run is done by tests/functional/stores_postgresql.py, "
            "which starts a server on loopback");
    }
    QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")),
             "LEZPAY_TEST_PG_URL is set but the Qt PostgreSQL driver QPSQL is not installed (Debian package libqt6sql6-psql)");
    // A schema of its own per test and process: the stores create their tables in it.
    location_ = pgBase_ + "?schema=tst_conf_" + std::to_string(::getpid()) + "_" + std::to_string(serial_);
  }

  // --- locations ---

  void locationsParseAndRedact() {
    using namespace lezpay::sqlstore;
    QVERIFY(isDatabaseUrl("sqlite:/x"));
    QVERIFY(isDatabaseUrl("postgresql://h/db"));
    QVERIFY(!isDatabaseUrl("/var/lib/x.sqlite"));
    auto pg = parseDatabaseLocation("postgresql://u:p%40ss@[::1]:6543/db?schema=s1", "INVALID_CONFIG", "journal_url");
    QVERIFY(pg.ok());
    QVERIFY(pg.value().postgresql);
    QCOMPARE(pg.value().password, std::string("p@ss"));
    QCOMPARE(pg.value().host, std::string("::1"));
    QCOMPARE(int(pg.value().port), 6543);
    QCOMPARE(pg.value().schema, std::string("s1"));
    auto path = parseDatabaseLocation("/tmp/a.sqlite", "INVALID_CONFIG", "journal_url");
    QVERIFY(path.ok() && !path.value().postgresql && path.value().sqlitePath == "/tmp/a.sqlite");
    auto bad = parseDatabaseUrl("mysql://u:topsecret@h/db", "INVALID_CONFIG", "journal_url");
    QVERIFY(!bad.ok());
    QCOMPARE(QString::fromStdString(bad.error().code), QStringLiteral("INVALID_CONFIG"));
    QVERIFY2(bad.error().message.find("topsecret") == std::string::npos, bad.error().message.c_str());
    QVERIFY(!parseDatabaseUrl("postgresql://h/db?schema=Robert'); DROP", "C", "x").ok());
    QCOMPARE(redactDatabaseUrl("postgresql://u:pw@h:1/db"), std::string("postgresql://u:***@h:1/db"));
  }

  // --- replay memory ---

  void replayRecordsOnceUntilForgotten() {
    ReplayStore store(location_);
    auto st = store.open();
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
    QCOMPARE(store.shared(), postgresql());
    const auto a = keyOf(1), b = keyOf(2);
    QCOMPARE(store.record(a, "r1").value(), true);
    QCOMPARE(store.record(a, "r1").value(), false);
    QCOMPARE(store.record(b, "r1").value(), true);  // a request id belongs to its session
    QCOMPARE(store.contains(a, "r1").value(), true);
    QCOMPARE(store.contains(a, "r2").value(), false);
    QCOMPARE(store.count(a).value(), std::uint64_t{1});
    QVERIFY(store.forget(a).ok());
    QCOMPARE(store.contains(a, "r1").value(), false);
    QCOMPARE(store.contains(b, "r1").value(), true);
  }

  void replayIsSharedBetweenConnections() {
    ReplayStore one(location_);
    ReplayStore two(location_);
    QVERIFY(one.open().ok());
    QVERIFY(two.open().ok());
    QCOMPARE(one.record(keyOf(3), "served-by-one").value(), true);
    // The other connection (another daemon) sees it as served.
    QCOMPARE(two.contains(keyOf(3), "served-by-one").value(), true);
    QCOMPARE(two.record(keyOf(3), "served-by-one").value(), false);
  }

  void replayKeepsOtherInstancesSessionsWhenShared() {
    ReplayStore one(location_);
    QVERIFY(one.open().ok());
    QVERIFY(one.record(keyOf(4), "x").value());
    ReplayStore two(location_);
    QVERIFY(two.open().ok());
    // An instance that starts knows only its own sessions: in a shared table the others stay.
    QVERIFY(two.forgetAllExcept({}).ok());
    QCOMPARE(one.contains(keyOf(4), "x").value(), postgresql());
  }

  void replayTwoConnectionsRaceRecordsEachIdOnce() {
    { ReplayStore create(location_); QVERIFY(create.open().ok()); }  // tables exist before the race
    std::atomic<int> fresh[2] = {0, 0};
    std::atomic<int> errors{0};
    std::vector<std::atomic<int>> wins(kRaceKeys);
    raceTwo([&](int side) {
      ReplayStore store(location_);
      if (!store.open().ok()) { ++errors; return; }
      for (int i = 0; i < kRaceKeys; ++i) {
        auto r = store.record(keyOf(7), "race-" + std::to_string(i));
        if (!r.ok()) { ++errors; continue; }
        if (r.value()) { ++fresh[side]; ++wins[i]; }
      }
    });
    QCOMPARE(errors.load(), 0);
    QCOMPARE(fresh[0] + fresh[1], kRaceKeys);
    for (int i = 0; i < kRaceKeys; ++i) QCOMPARE(wins[i].load(), 1);
  }

  // --- settlement journal ---

  void journalClaimsOnceAndKeepsSettled() {
    SettlementJournal j;
    auto st = j.open(location_);
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
    QCOMPARE(j.shared(), postgresql());
    QCOMPARE(j.claim(journalRow(1)).value(), true);
    QCOMPARE(j.claim(journalRow(1)).value(), false);
    QVERIFY(j.setState(hashOf(1), JournalState::Submitted).ok());
    // Block ids and millisecond times above 2^31 survive (PostgreSQL's INTEGER would refuse them).
    const std::uint64_t block = 5'000'000'000ULL;
    QVERIFY(j.setState(hashOf(1), JournalState::Settled, {}, {}, block).ok());
    auto row = j.find(hashOf(1));
    QVERIFY(row);
    QCOMPARE(row->blockId, block);
    QVERIFY(row->createdAtMs > 1'600'000'000'000LL);
    QCOMPARE(row->amount, journalRow(1).amount);
    // A later verdict of another facilitator (a timeout) never un-settles a payment on chain.
    QVERIFY(j.setState(hashOf(1), JournalState::Failed, "invalid_transaction_state", "late").ok());
    QCOMPARE(int(j.find(hashOf(1))->state), int(JournalState::Settled));
    QCOMPARE(j.markDelivered(hashOf(1)).value(), true);
    QCOMPARE(j.markDelivered(hashOf(1)).value(), false);
    QVERIFY(j.remove(hashOf(1)).ok());  // removes only `verifying` claims
    QVERIFY(j.find(hashOf(1)));
    QCOMPARE(j.claim(journalRow(2)).value(), true);
    QVERIFY(j.remove(hashOf(2)).ok());
    QVERIFY(!j.find(hashOf(2)));
  }

  void journalTwoConnectionsRaceClaimAndDeliverOnce() {
    { SettlementJournal create; QVERIFY(create.open(location_).ok()); }
    std::atomic<int> errors{0};
    std::vector<std::atomic<int>> claims(kRaceKeys), delivered(kRaceKeys);
    raceTwo([&](int) {
      SettlementJournal j;
      if (!j.open(location_).ok()) { ++errors; return; }
      for (int i = 0; i < kRaceKeys; ++i) {
        auto c = j.claim(journalRow(i));
        if (!c.ok()) { ++errors; continue; }
        if (c.value()) {
          ++claims[i];
          if (!j.setState(hashOf(i), JournalState::Settled, {}, {}, 7).ok()) ++errors;
        }
      }
      // Both sides now race the success answer of every settled payment.
      for (int i = 0; i < kRaceKeys; ++i) {
        for (int spin = 0; spin < 1000; ++spin) {
          auto row = j.find(hashOf(i));
          if (row && row->state == JournalState::Settled) break;
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        auto d = j.markDelivered(hashOf(i));
        if (!d.ok()) { ++errors; continue; }
        if (d.value()) ++delivered[i];
      }
    });
    QCOMPARE(errors.load(), 0);
    for (int i = 0; i < kRaceKeys; ++i) {
      QCOMPARE(claims[i].load(), 1);
      QCOMPARE(delivered[i].load(), 1);
    }
  }

  // --- served payments ---

  void servedPaymentsRecordOnceAndLookUp() {
    MerchantPayments m;
    auto st = m.open(location_);
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
    QCOMPARE(m.record(served(1, "pid-1")).value(), true);
    QCOMPARE(m.record(served(1, "pid-other")).value(), false);
    auto byId = m.findByPaymentId("pid-1");
    QVERIFY(byId.ok() && byId.value());
    QCOMPARE(byId.value()->txHash, hashOf(1));
    QCOMPARE(byId.value()->servedAtMs, served(1).servedAtMs);
    auto byTx = m.findByTransaction(hashOf(1));
    QVERIFY(byTx.ok() && byTx.value());
    QVERIFY(!m.findByTransaction(hashOf(99)).value());
    QVERIFY(m.record(served(2)).value());
    QCOMPARE(m.count(), std::int64_t{2});
    QCOMPARE(m.prune(served(1).keepUntil + 1), 1);
    QCOMPARE(m.count(), std::int64_t{1});
    QCOMPARE(int(m.recent(10).size()), 1);
  }

  void servedPaymentsTwoConnectionsRaceRecordOnce() {
    { MerchantPayments create; QVERIFY(create.open(location_).ok()); }
    std::atomic<int> errors{0};
    std::vector<std::atomic<int>> wins(kRaceKeys);
    raceTwo([&](int) {
      MerchantPayments m;
      if (!m.open(location_).ok()) { ++errors; return; }
      for (int i = 0; i < kRaceKeys; ++i) {
        auto r = m.record(served(i));
        if (!r.ok()) { ++errors; continue; }
        if (r.value()) ++wins[i];
      }
    });
    QCOMPARE(errors.load(), 0);
    for (int i = 0; i < kRaceKeys; ++i) QCOMPARE(wins[i].load(), 1);
  }

  // --- an unreachable server ---

  void unreachableServerIsAStableErrorWithoutThePassword() {
    QFETCH_GLOBAL(QString, backend);
    // Needs no server (nothing listens on the location), so it runs once, in the row ctest runs.
    if (backend != QLatin1String("sqlite")) return;
    const std::string where = unreachable();
    ReplayStore r(where);
    auto ro = r.open();
    QVERIFY(!ro.ok());
    QCOMPARE(QString::fromStdString(ro.error().code), QStringLiteral("REPLAY_STORE_FAILED"));
    QVERIFY2(ro.error().message.find("s3cret-pw") == std::string::npos, ro.error().message.c_str());
    QVERIFY2(ro.error().message.find("***") != std::string::npos, ro.error().message.c_str());
    QVERIFY(!r.record(keyOf(1), "x").ok());
    SettlementJournal j;
    auto jo = j.open(where);
    QVERIFY(!jo.ok());
    QCOMPARE(QString::fromStdString(jo.error().code), QStringLiteral("JOURNAL_UNAVAILABLE"));
    QVERIFY(jo.error().message.find("s3cret-pw") == std::string::npos);
    auto c = j.claim(journalRow(1));
    QVERIFY(!c.ok());
    QCOMPARE(QString::fromStdString(c.error().code), QStringLiteral("JOURNAL_UNAVAILABLE"));
    QVERIFY(c.error().message.find("s3cret-pw") == std::string::npos);
    QVERIFY(j.path().find("s3cret-pw") == std::string::npos);
    MerchantPayments m;
    auto mo = m.open(where);
    QVERIFY(!mo.ok());
    QCOMPARE(QString::fromStdString(mo.error().code), QStringLiteral("MERCHANT_STORAGE_UNAVAILABLE"));
    auto f = m.findByTransaction(hashOf(1));
    QVERIFY(!f.ok());
    QCOMPARE(QString::fromStdString(f.error().code), QStringLiteral("MERCHANT_STORAGE_UNAVAILABLE"));
    QVERIFY(f.error().message.find("s3cret-pw") == std::string::npos);
  }

  void serverRestartFailsThenEveryStoreReconnects() {
    QFETCH_GLOBAL(QString, backend);
    if (backend != QLatin1String("postgresql")) return;  // no server to restart with SQLite
    // stores_postgresql.py passes the command that restarts its server, as a JSON array.
    const QByteArray command = qgetenv("LEZPAY_TEST_PG_RESTART");
    if (command.isEmpty()) QSKIP("LEZPAY_TEST_PG_RESTART is not set (stores_postgresql.py sets it)");
    const QJsonArray argv = QJsonDocument::fromJson(command).array();
    QVERIFY2(!argv.isEmpty(), "LEZPAY_TEST_PG_RESTART is not a JSON array of strings");
    ReplayStore r(location_);
    SettlementJournal j;
    MerchantPayments m;
    QVERIFY(r.open().ok());
    QVERIFY(j.open(location_).ok());
    QVERIFY(m.open(location_).ok());
    QVERIFY(r.record(keyOf(9), "before").value());
    QVERIFY(j.claim(journalRow(1)).value());
    QVERIFY(m.record(served(1)).value());
    QStringList args;
    for (qsizetype i = 1; i < argv.size(); ++i) args << argv[i].toString();
    QCOMPARE(QProcess::execute(argv[0].toString(), args), 0);
    // The first statement on a dropped connection fails with the store's code; the next connects
    // again. Never a wrong answer: a failed record is not "already served".
    for (int attempt = 0;; ++attempt) {
      auto again = r.record(keyOf(9), "after");
      if (again.ok()) {
        QVERIFY(again.value());
        break;
      }
      QCOMPARE(QString::fromStdString(again.error().code), QStringLiteral("REPLAY_STORE_FAILED"));
      QVERIFY(attempt < 2);
    }
    QCOMPARE(r.contains(keyOf(9), "before").value(), true);
    for (int attempt = 0;; ++attempt) {
      auto again = j.claim(journalRow(2));
      if (again.ok()) {
        QVERIFY(again.value());
        break;
      }
      QCOMPARE(QString::fromStdString(again.error().code), QStringLiteral("JOURNAL_UNAVAILABLE"));
      QVERIFY(attempt < 2);
    }
    QCOMPARE(j.claim(journalRow(1)).value(), false);
    for (int attempt = 0;; ++attempt) {
      auto again = m.record(served(2));
      if (again.ok()) {
        QVERIFY(again.value());
        break;
      }
      QCOMPARE(QString::fromStdString(again.error().code), QStringLiteral("MERCHANT_STORAGE_UNAVAILABLE"));
      QVERIFY(attempt < 2);
    }
    QCOMPARE(m.count(), std::int64_t{2});
  }
};

QTEST_GUILESS_MAIN(TstStoreConformance)
#include "tst_store_conformance.moc"
