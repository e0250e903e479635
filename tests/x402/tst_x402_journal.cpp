// The facilitator's settlement journal (modules/x402_module/src/settlement_journal.h): one row
// per transaction hash, claims are exclusive, success is delivered once, state survives reopening,
// and two connections to one file still give one winner.
#include <QtTest>

#include <QTemporaryDir>

#include "settlement_journal.h"

using x402mod::JournalRow;
using x402mod::JournalState;
using x402mod::SettlementJournal;

namespace {
JournalRow row(const std::string& hash) {
  JournalRow r;
  r.txHash = hash;
  r.payer = "payer";
  r.payTo = "payee";
  r.amount = "340282366920938463463374607431768211455";  // u128 max survives as text
  r.network = "logos:lez-localnet";
  r.transactionBase64 = "AA==";
  return r;
}
const std::string kA(64, 'a');
const std::string kB(64, 'b');
}  // namespace

class TstX402Journal : public QObject {
  Q_OBJECT
 private slots:
  void claimIsExclusiveAndDeliveryHappensOnce() {
    QTemporaryDir dir;
    SettlementJournal j;
    QVERIFY(j.open(dir.filePath("j.sqlite").toStdString()).ok());
    QCOMPARE(j.claim(row(kA)).value(), true);
    QCOMPARE(j.claim(row(kA)).value(), false);
    QVERIFY(j.find(kA)->state == JournalState::Verifying);
    QCOMPARE(j.markDelivered(kA).value(), false);  // not settled yet
    QVERIFY(j.setState(kA, JournalState::Submitted).ok());
    QCOMPARE(j.markDelivered(kA).value(), false);
    QVERIFY(j.setState(kA, JournalState::Settled, {}, {}, 42).ok());
    QCOMPARE(j.markDelivered(kA).value(), true);
    QCOMPARE(j.markDelivered(kA).value(), false);
    const auto r = j.find(kA).value();
    QVERIFY(r.delivered);
    QCOMPARE(r.blockId, std::uint64_t{42});
    QCOMPARE(QString::fromStdString(r.amount), QStringLiteral("340282366920938463463374607431768211455"));
    QVERIFY(!j.find(kB).has_value());
  }

  void removeReleasesOnlyUnsentClaims() {
    QTemporaryDir dir;
    SettlementJournal j;
    QVERIFY(j.open(dir.filePath("j.sqlite").toStdString()).ok());
    QVERIFY(j.claim(row(kA)).value());
    QVERIFY(j.claim(row(kB)).value());
    QVERIFY(j.setState(kB, JournalState::Submitted).ok());
    QVERIFY(j.remove(kA).ok());
    QVERIFY(j.remove(kB).ok());
    QVERIFY(!j.find(kA).has_value());
    QVERIFY(j.find(kB).has_value());  // a submitted transaction is never forgotten
  }

  void stateSurvivesReopening() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("j.sqlite").toStdString();
    {
      SettlementJournal j;
      QVERIFY(j.open(path).ok());
      QVERIFY(j.claim(row(kA)).value());
      QVERIFY(j.setState(kA, JournalState::Submitted).ok());
      QVERIFY(j.claim(row(kB)).value());
      QVERIFY(j.setState(kB, JournalState::Failed, "invalid_transaction_state", "rejected: nonce").ok());
    }
    SettlementJournal again;
    QVERIFY(again.open(path).ok());
    const auto submitted = again.rowsIn(JournalState::Submitted);
    QCOMPARE(submitted.size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(submitted[0].txHash), QString::fromStdString(kA));
    const auto failed = again.find(kB).value();
    QVERIFY(failed.state == JournalState::Failed);
    QCOMPARE(QString::fromStdString(failed.errorReason), QStringLiteral("invalid_transaction_state"));
    const auto counts = again.counts();
    QCOMPARE(counts.size(), std::size_t{2});
  }

  void twoConnectionsToOneFileHaveOneWinner() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("j.sqlite").toStdString();
    SettlementJournal a, b;
    QVERIFY(a.open(path).ok());
    QVERIFY(b.open(path).ok());
    QCOMPARE(a.claim(row(kA)).value(), true);
    QCOMPARE(b.claim(row(kA)).value(), false);
    QVERIFY(a.setState(kA, JournalState::Settled).ok());
    const bool first = b.markDelivered(kA).value();
    const bool second = a.markDelivered(kA).value();
    QVERIFY(first != second);
  }

  void unopenableFileIsAnError() {
    SettlementJournal j;
    auto st = j.open("/proc/no/such/dir/j.sqlite");
    QVERIFY(!st.ok());
    QCOMPARE(QString::fromStdString(st.error().code), QStringLiteral("JOURNAL_UNAVAILABLE"));
  }

  void stateNamesRoundTrip() {
    for (auto s : {JournalState::Verifying, JournalState::Submitted, JournalState::Settled, JournalState::Failed}) {
      QVERIFY(x402mod::journalStateFromString(x402mod::toString(s)) == std::optional<JournalState>(s));
    }
    QVERIFY(!x402mod::journalStateFromString("done").has_value());
  }
};

QTEST_GUILESS_MAIN(TstX402Journal)
#include "tst_x402_journal.moc"
