// The merchant's served-payments record (modules/x402_module/src/merchant_payments.h) and the
// facilitator's bearer token (facilitator_token.h): a transaction is recorded as served once, a
// payment-identifier id finds its row, rows survive reopening and are pruned after keep_until,
// files are 0600; the token file is created once, 0600, and only "Bearer <token>" matches.
#include <QtTest>

#include <QTemporaryDir>

#include <sys/stat.h>

#include "facilitator_token.h"
#include "merchant_payments.h"

using x402mod::MerchantPayments;
using x402mod::ServedPayment;

namespace {
ServedPayment served(const std::string& hash, const std::string& id, std::int64_t keepUntil) {
  ServedPayment r;
  r.txHash = hash;
  r.paymentId = id;
  r.fingerprint = "f-" + hash.substr(0, 4);
  r.resourceUrl = "http://127.0.0.1:1/weather";
  r.settlementJson = R"({"success":true,"transaction":")" + hash + R"(","network":"logos:lez-localnet"})";
  r.keepUntil = keepUntil;
  return r;
}
unsigned modeOf(const QString& path) {
  struct stat st {};
  return ::stat(path.toLocal8Bit().constData(), &st) == 0 ? (st.st_mode & 0777u) : 0u;
}
const std::string kA(64, 'a');
const std::string kB(64, 'b');
}  // namespace

class TstMerchantPayments : public QObject {
  Q_OBJECT
 private slots:
  void aTransactionIsServedOnce() {
    QTemporaryDir dir;
    MerchantPayments p;
    auto st = p.open((dir.path() + "/served.sqlite").toStdString());
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
    auto first = p.record(served(kA, "pay_aaaaaaaaaaaaaaaa", 100));
    QVERIFY(first.ok() && first.value());
    auto again = p.record(served(kA, "pay_other_id_000000", 100));
    QVERIFY(again.ok() && !again.value());
    QCOMPARE(p.byTransaction(kA)->paymentId, std::string("pay_aaaaaaaaaaaaaaaa"));
    QCOMPARE(p.byPaymentId("pay_aaaaaaaaaaaaaaaa")->txHash, kA);
    QVERIFY(!p.byPaymentId("pay_other_id_000000").has_value());
    QVERIFY(!p.byPaymentId("").has_value());
    QCOMPARE(p.count(), std::int64_t{1});
    QCOMPARE(modeOf(dir.path() + "/served.sqlite"), 0600u);
  }

  void rowsSurviveReopeningAndArePrunedAfterKeepUntil() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/served.sqlite").toStdString();
    {
      MerchantPayments p;
      QVERIFY(p.open(path).ok());
      QVERIFY(p.record(served(kA, "", 100)).value());
      QVERIFY(p.record(served(kB, "pay_bbbbbbbbbbbbbbbb", 300)).value());
    }
    MerchantPayments p;
    QVERIFY(p.open(path).ok());
    QVERIFY(p.byTransaction(kA).has_value());
    QCOMPARE(p.prune(200), 1);
    QVERIFY(!p.byTransaction(kA).has_value());
    QVERIFY(p.byTransaction(kB).has_value());
    QCOMPARE(p.byTransaction(kB)->settlementJson, served(kB, "", 0).settlementJson);
  }

  void tokenFileIsCreatedOncePrivate() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/facilitator_token").toStdString();
    QCOMPARE(x402mod::readFacilitatorToken(path).error().code, std::string("NOT_FOUND"));
    auto t1 = x402mod::loadOrCreateFacilitatorToken(path);
    QVERIFY(t1.ok());
    QCOMPARE(t1.value().size(), std::size_t{64});
    QCOMPARE(modeOf(QString::fromStdString(path)), 0600u);
    auto t2 = x402mod::loadOrCreateFacilitatorToken(path);
    QCOMPARE(t2.value(), t1.value());
    QCOMPARE(x402mod::readFacilitatorToken(path).value(), t1.value());
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("not a token\n");
    f.close();
    QCOMPARE(x402mod::loadOrCreateFacilitatorToken(path).error().code, std::string("INVALID_CONFIG"));
  }

  void onlyTheExactBearerTokenMatches() {
    const std::string token(64, 'c');
    QVERIFY(x402mod::bearerMatches("Bearer " + token, token));
    QVERIFY(x402mod::bearerMatches("bearer " + token, token));
    QVERIFY(!x402mod::bearerMatches("", token));
    QVERIFY(!x402mod::bearerMatches("Bearer ", token));
    QVERIFY(!x402mod::bearerMatches("Basic " + token, token));
    QVERIFY(!x402mod::bearerMatches("Bearer " + token.substr(1), token));
    QVERIFY(!x402mod::bearerMatches("Bearer " + token + "c", token));
    QVERIFY(!x402mod::bearerMatches("Bearer " + std::string(63, 'c') + "d", token));
    QVERIFY(!x402mod::bearerMatches("Bearer ", ""));
  }
};

QTEST_GUILESS_MAIN(TstMerchantPayments)
#include "tst_merchant_payments.moc"
