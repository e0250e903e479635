// The merchant's payment-identifier cache (modules/x402_module/src/merchant_payment_cache.h)
// driven by an injected clock, so expiry is checked without sleeping: the same id with the same
// payment is found until keep_until = max(validBefore, now) + grace and gone once pruning passes
// it; the same id with another payment is a conflict; a transaction is recorded once; recovery is
// refused once a record could have been pruned.
#include <QtTest>

#include <QTemporaryDir>

#include "merchant_payment_cache.h"

using x402mod::PaymentIdCache;
using x402mod::PaymentKey;
using x402mod::PriorUse;

namespace {
const std::string kTxA(64, 'a');
const std::string kTxB(64, 'b');
constexpr std::int64_t kT0 = 1'900'000'000;  // seconds
constexpr std::int64_t kGrace = PaymentIdCache::kServedGraceSeconds;

PaymentKey key(const std::string& id, const std::string& tx, const std::string& fingerprint) {
  return PaymentKey{id.empty() ? std::nullopt : std::optional<std::string>(id), tx, fingerprint};
}
}  // namespace

class TstMerchantPaymentCache : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::int64_t nowMs_ = kT0 * 1000;
  std::unique_ptr<PaymentIdCache> cache_;

  void at(std::int64_t seconds) { nowMs_ = seconds * 1000; }

 private slots:
  void init() {
    nowMs_ = kT0 * 1000;
    cache_ = std::make_unique<PaymentIdCache>([this] { return nowMs_; });
    QFile::remove(dir_.path() + "/served.sqlite");
    auto st = cache_->open((dir_.path() + "/served.sqlite").toStdString());
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
  }
  void cleanup() { cache_.reset(); }

  void aServedIdIsFoundUntilItsRecordExpires() {
    const PaymentKey k = key("pay_0123456789abcdef", kTxA, "fp-1");
    QCOMPARE(cache_->lookup(k).kind, PriorUse::Kind::None);
    auto r = cache_->record(k, kTxA, "http://127.0.0.1:1/weather", R"({"success":true})", kT0 + 100);
    QVERIFY(r.ok() && r->recorded);
    QCOMPARE(r->row->keepUntil, kT0 + 100 + kGrace);
    QCOMPARE(r->row->servedAtMs, kT0 * 1000);

    at(kT0 + 100 + kGrace);  // the last second of its life
    auto again = cache_->lookup(k);
    QCOMPARE(again.kind, PriorUse::Kind::SamePayment);
    QCOMPARE(again.row->settlementJson, std::string(R"({"success":true})"));

    at(kT0 + 100 + kGrace + PaymentIdCache::kPruneIntervalSeconds);
    QCOMPARE(cache_->lookup(k).kind, PriorUse::Kind::None);
    QCOMPARE(cache_->count(), std::int64_t{0});
  }

  void anExpiredPaymentIsKeptForTheGraceFromNow() {
    // validBefore already past when served: the record still lives `grace` from now.
    auto r = cache_->record(key("", kTxA, "fp"), kTxA, "u", "{}", kT0 - 500);
    QVERIFY(r.ok() && r->recorded);
    QCOMPARE(r->row->keepUntil, kT0 + kGrace);
  }

  void theSameIdWithAnotherPaymentIsAConflict() {
    QVERIFY(cache_->record(key("pay_0123456789abcdef", kTxA, "fp-1"), kTxA, "u", "{}", kT0).ok());
    QCOMPARE(cache_->lookup(key("pay_0123456789abcdef", kTxB, "fp-2")).kind, PriorUse::Kind::IdConflict);
  }

  void aServedTransactionUnderAnotherIdIsAlreadyServed() {
    QVERIFY(cache_->record(key("pay_0123456789abcdef", kTxA, "fp-1"), kTxA, "u", "{}", kT0).ok());
    QCOMPARE(cache_->lookup(key("", kTxA, "fp-1")).kind, PriorUse::Kind::AlreadyServed);
    QCOMPARE(cache_->lookup(key("pay_fedcba9876543210", kTxA, "fp-1")).kind, PriorUse::Kind::AlreadyServed);
  }

  void aTransactionIsRecordedOnceAndTheFirstRowAnswers() {
    QVERIFY(cache_->record(key("pay_0123456789abcdef", kTxA, "fp-1"), kTxA, "u", "{}", kT0).ok());
    auto second = cache_->record(key("pay_fedcba9876543210", kTxA, "fp-1"), kTxA, "u", "{}", kT0);
    QVERIFY(second.ok());
    QVERIFY(!second->recorded);
    QCOMPARE(second->row->paymentId, std::string("pay_0123456789abcdef"));
  }

  void recoveryIsRefusedOnceARecordCouldBeGone() {
    at(kT0 + kGrace);
    QVERIFY(cache_->mayRecover(kT0));
    at(kT0 + kGrace + 1);
    QVERIFY(!cache_->mayRecover(kT0));
  }
};

QTEST_GUILESS_MAIN(TstMerchantPaymentCache)
#include "tst_merchant_payment_cache.moc"
