// The accrual fold and vault accounting (payment-streams.md §1, §2, §6 step 6): the shared
// vectors (an independent Python fold), edge cases, and properties of atTime over random
// streams and times with a fixed seed.
#include "streams_fixture.h"

#include <random>

using namespace streamstest;
using namespace lez::streams;

namespace {

StreamConfig active(std::uint64_t rate, U128 allocation, U128 accrued, Timestamp asOf) {
  StreamConfig s;
  s.rate = rate;
  s.allocation = allocation;
  s.accrued = accrued;
  s.state = StreamState::Active;
  s.accruedAsOf = asOf;
  return s;
}

QString codeOf(const Result<StreamConfig>& r) { return r.ok() ? QStringLiteral("OK") : QString::fromStdString(r.error().code); }

U128 ceilDiv(U128 a, U128 b) {
  U128 q = a.checkedDiv(b).value();
  return a.checkedRem(b).value().isZero() ? q : q.checkedAdd(U128(1)).value();
}

}  // namespace

class TstStreamsFold : public QObject {
  Q_OBJECT
 private slots:
  void foldSecondsFollowsTheReferenceThreshold() {
    const QJsonObject v = loadVectors("payment_streams.json");
    for (const auto& item : v.value("fold_seconds").toArray()) {
      const QJsonObject o = item.toObject();
      QCOMPARE(foldSeconds(u64(o.value("ts"))), u64(o.value("seconds")));
    }
    static_assert(foldSeconds(999'999'999'999ULL) == 999'999'999'999ULL);
    static_assert(foldSeconds(1'000'000'000'000ULL) == 1'000'000'000ULL);
  }

  void sharedVectorsMatch_data() {
    QTest::addColumn<QJsonObject>("c");
    const QJsonObject v = loadVectors("payment_streams.json");
    for (const auto& item : v.value("fold").toArray()) {
      const QJsonObject o = item.toObject();
      QTest::newRow(qPrintable(o.value("name").toString())) << o;
    }
  }
  void sharedVectorsMatch() {
    QFETCH(QJsonObject, c);
    const QJsonObject b = c.value("before").toObject();
    StreamConfig s;
    s.rate = u64(b.value("rate"));
    s.allocation = u128(b.value("allocation"));
    s.accrued = u128(b.value("accrued"));
    s.state = static_cast<StreamState>(b.value("state").toString().toInt());
    s.accruedAsOf = u64(b.value("accrued_as_of"));
    auto r = atTime(s, u64(c.value("t")));
    if (c.contains("error")) {
      QVERIFY(!r.ok());
      QCOMPARE(errorNumber(r.error()), uint(c.value("error").toInt()));
      return;
    }
    QVERIFY2(r.ok(), why(r).constData());
    const QJsonObject a = c.value("after").toObject();
    QCOMPARE(r->accrued, u128(a.value("accrued")));
    QCOMPARE(r->allocation, u128(a.value("allocation")));
    QCOMPARE(int(r->state), a.value("state").toString().toInt());
    QCOMPARE(r->accruedAsOf, u64(a.value("accrued_as_of")));
  }

  void foldCases_data() {
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("accrued");
    QTest::addColumn<int>("state");
    QTest::addColumn<qulonglong>("asOf");
    QTest::addColumn<int>("index");
    QTest::newRow("linear") << "OK" << "50" << 0 << 105ULL << 0;
    QTest::newRow("depletion instant rounds up") << "OK" << "10" << 1 << 4ULL << 1;
    QTest::newRow("regression") << "TimeRegression" << "" << 0 << 0ULL << 2;
    QTest::newRow("paused ignores regression") << "OK" << "7" << 1 << 100ULL << 3;
    QTest::newRow("closed unchanged") << "OK" << "7" << 2 << 100ULL << 4;
    QTest::newRow("accrued above allocation") << "StreamExceedsAllocation" << "" << 0 << 0ULL << 5;
    QTest::newRow("paused with accrued above allocation") << "StreamExceedsAllocation" << "" << 0 << 0ULL << 6;
    QTest::newRow("zero allocation active") << "ZeroStreamAllocation" << "" << 0 << 0ULL << 7;
    QTest::newRow("zero allocation closed is valid") << "OK" << "0" << 2 << 5ULL << 8;
    QTest::newRow("zero rate") << "ZeroStreamRate" << "" << 0 << 0ULL << 9;
    QTest::newRow("saturating sum is capped at allocation") << "OK" << "340282366920938463463374607431768211455" << 1 << 1ULL << 10;
  }
  void foldCases() {
    QFETCH(QString, code);
    QFETCH(QString, accrued);
    QFETCH(int, state);
    QFETCH(qulonglong, asOf);
    QFETCH(int, index);
    StreamConfig paused = active(10, U128(100), U128(7), 100);
    paused.state = StreamState::Paused;
    StreamConfig closed = paused;
    closed.state = StreamState::Closed;
    StreamConfig pausedBad = paused;
    pausedBad.accrued = U128(101);
    StreamConfig zeroClosed = active(0, U128(0), U128(0), 5);
    zeroClosed.state = StreamState::Closed;
    const std::pair<StreamConfig, Timestamp> cases[] = {
        {active(10, U128(1000), U128(0), 100), 105},
        {active(3, U128(10), U128(0), 0), 100},
        {active(10, U128(1000), U128(0), 100), 99},
        {paused, 1},
        {closed, 1'000'000},
        {active(10, U128(100), U128(500), 100), 100},
        {pausedBad, 200},
        {active(10, U128(0), U128(0), 0), 10},
        {zeroClosed, 1},
        {active(0, U128(100), U128(0), 0), 10},
        {active(~0ULL, U128::max(), U128::max().checkedSub(U128(5)).value(), 0), ~0ULL},
    };
    auto r = atTime(cases[index].first, cases[index].second);
    QCOMPARE(codeOf(r), code);
    if (!r.ok()) return;
    QCOMPARE(QString::fromStdString(r->accrued.toDecimal()), accrued);
    QCOMPARE(int(r->state), state);
    QCOMPARE(qulonglong(r->accruedAsOf), asOf);
  }

  void resumeRestartsTheClockAndKeepsAccrued() {
    StreamConfig s = active(5, U128(100), U128(10), 50);
    s.state = StreamState::Paused;
    auto r = resumeAt(s, 200);
    QVERIFY(r.ok());
    QCOMPARE(r->state, StreamState::Active);
    QCOMPARE(r->accruedAsOf, Timestamp(200));
    QCOMPARE(r->accrued, U128(10));
    // Paused time never accrues: folding right after resume adds nothing.
    QCOMPARE(atTime(r.value(), 200)->accrued, U128(10));
    QCOMPARE(atTime(r.value(), 201)->accrued, U128(15));
    QCOMPARE(QString::fromStdString(resumeAt(active(5, U128(100), U128(0), 0), 1).error().code), QStringLiteral("StreamNotPaused"));
    StreamConfig depleted = active(5, U128(100), U128(100), 0);
    depleted.state = StreamState::Paused;
    QCOMPARE(QString::fromStdString(resumeAt(depleted, 1).error().code), QStringLiteral("ResumeZeroUnaccrued"));
    depleted.state = StreamState::Closed;
    QCOMPARE(QString::fromStdString(resumeAt(depleted, 1).error().code), QStringLiteral("StreamNotPaused"));
  }
  void closeReleasesUnaccruedAndKeepsAccruedClaimable() {
    auto r = closeAt(active(10, U128(100), U128(0), 0), 3);
    QVERIFY(r.ok());
    QCOMPARE(r->amount, U128(70));
    QCOMPARE(r->stream.allocation, U128(30));
    QCOMPARE(r->stream.accrued, U128(30));
    QCOMPARE(r->stream.state, StreamState::Closed);
    QCOMPARE(QString::fromStdString(closeAt(r->stream, 4).error().code), QStringLiteral("StreamClosed"));
    auto claimed = claimAt(r->stream, 100);
    QVERIFY(claimed.ok());
    QCOMPARE(claimed->amount, U128(30));
    QCOMPARE(claimed->stream.allocation, U128(0));
    QCOMPARE(claimed->stream.state, StreamState::Closed);
    QCOMPARE(QString::fromStdString(claimAt(claimed->stream, 101).error().code), QStringLiteral("ZeroClaimAmount"));
  }
  void claimPaysExactlyTheFoldedAccrued() {
    auto r = claimAt(active(7, U128(100), U128(2), 10), 13);
    QVERIFY(r.ok());
    QCOMPARE(r->amount, U128(23));
    QCOMPARE(r->stream.accrued, U128(0));
    QCOMPARE(r->stream.allocation, U128(77));
    QCOMPARE(r->stream.state, StreamState::Active);
    QCOMPARE(r->stream.accruedAsOf, Timestamp(13));
    QCOMPARE(QString::fromStdString(claimAt(active(7, U128(100), U128(0), 10), 10).error().code), QStringLiteral("ZeroClaimAmount"));
  }
  void vaultAccountingHelpers() {
    QCOMPARE(unallocated(U128(600), U128(400)), U128(200));
    QCOMPARE(unallocated(U128(100), U128(200)), U128(0));
    QCOMPARE(totalAllocatedAfterAdd(U128(500), U128(200), U128(300)).value(), U128(500));
    QCOMPARE(QString::fromStdString(totalAllocatedAfterAdd(U128(500), U128(200), U128(301)).error().code),
             QStringLiteral("AllocationExceedsUnallocated"));
    // Overallocated vault: unallocated saturates at zero, so any increase is refused (6011).
    QCOMPARE(errorNumber(totalAllocatedAfterAdd(U128(1), U128::max(), U128(1)).error()), 6011u);
    // 6010 cannot follow the 6011 check (increase <= balance - total implies total + increase <=
    // balance); the helper still refuses the overflowing sum when handed a zero-width check.
    QCOMPARE(totalAllocatedAfterAdd(U128::max(), U128::max(), U128(0)).value(), U128::max());
    QCOMPARE(totalAllocatedAfterRelease(U128(300), U128(0)).value(), U128(300));
    QCOMPARE(totalAllocatedAfterRelease(U128(300), U128(100)).value(), U128(200));
    QCOMPARE(errorNumber(totalAllocatedAfterRelease(U128(100), U128(200)).error()), 6021u);
  }
  void offChainFoldNormalisesMillisecondsEverywhere() {
    // Stored by an older writer in ms, read at a ms clock: rate per second, not per ms (§9).
    StreamConfig stored = active(2, U128(1000), U128(0), 1'700'000'000'000ULL);
    auto f = foldStoredStream(stored, lez::core::ClockAccountData{77, 1'700'000'010'999ULL});
    QVERIFY2(f.ok(), why(f).constData());
    QCOMPARE(f->asOf, Timestamp(1'700'000'010));
    QCOMPARE(f->accrued, U128(20));
    QCOMPARE(f->unaccrued, U128(980));
    QCOMPARE(f->stream.accruedAsOf, Timestamp(1'700'000'010));
    // A depleted view reports the fold time and the earlier depletion instant.
    auto d = foldStoredStream(active(10, U128(100), U128(0), 1'000), 1'000'000'000'000ULL + 5'000'000ULL);
    QVERIFY(d.ok());
    QCOMPARE(d->asOf, Timestamp(1'000'005'000));
    QCOMPARE(d->unaccrued, U128(0));
    QCOMPARE(d->stream.state, StreamState::Paused);
    QCOMPARE(d->stream.accruedAsOf, Timestamp(1'010));
    // A clock behind the stream (e.g. a lagging CLOCK_50) is a regression.
    QCOMPARE(errorNumber(foldStoredStream(active(1, U128(5), U128(0), 500), 499).error()), 6013u);
  }

  // Properties of atTime over random streams and times (fixed seed): accrued is monotone and
  // capped, allocation = accrued + unaccrued, the depletion instant is exact, folding in two
  // steps equals folding once, and a paused or closed stream never changes.
  void foldPropertiesHoldOnRandomStreams() {
    std::mt19937_64 rng(0x5EED0F01D);
    auto pick = [&](std::uint64_t lo, std::uint64_t hi) { return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng); };
    for (int i = 0; i < 20000; ++i) {
      const bool huge = i % 10 == 0;
      const std::uint64_t rate = huge ? pick(1, ~0ULL) : pick(1, 50);
      const U128 allocation = huge ? U128::fromParts(pick(0, ~0ULL), pick(1, ~0ULL)) : U128(pick(1, 1000));
      const U128 accrued = U128(pick(0, allocation.toU64().value_or(~0ULL)));
      if (accrued > allocation) continue;
      const Timestamp t0 = pick(0, 1'000'000);
      const StreamConfig s = active(rate, allocation, accrued, t0);
      const Timestamp t1 = t0 + pick(0, 100), t2 = t1 + pick(0, 100);
      auto a = atTime(s, t1);
      auto b = atTime(s, t2);
      QVERIFY2(a.ok() && b.ok(), "valid streams fold forward");
      QVERIFY(a->accrued >= accrued && b->accrued >= a->accrued && b->accrued <= allocation);
      QCOMPARE(b->accrued.checkedAdd(unaccrued(b.value())).value(), allocation);
      // Exact accrual while not depleted.
      const U128 linear = accrued.checkedAdd(U128(rate).checkedMul(U128(t2 - t0)).value_or(U128::max())).value_or(U128::max());
      if (linear < allocation) {
        QCOMPARE(b->accrued, linear);
        QCOMPARE(b->state, StreamState::Active);
        QCOMPARE(b->accruedAsOf, t2);
      } else {
        QCOMPARE(b->accrued, allocation);
        QCOMPARE(b->state, StreamState::Paused);
        const U128 instant = U128(t0).checkedAdd(ceilDiv(allocation.checkedSub(accrued).value(), U128(rate))).value();
        QCOMPARE(U128(b->accruedAsOf), instant);
        QVERIFY(b->accruedAsOf <= t2);
        if (b->accruedAsOf > t0) {
          // One second earlier the stream was still accruing.
          auto before = atTime(s, b->accruedAsOf - 1);
          QVERIFY(before.ok());
          QVERIFY(before->accrued < allocation);
        }
      }
      auto twoSteps = atTime(a.value(), t2);
      QVERIFY(twoSteps.ok());
      QVERIFY(twoSteps.value() == b.value());
      StreamConfig paused = s;
      paused.state = StreamState::Paused;
      QVERIFY(atTime(paused, t2).value() == paused);
    }
  }
};

QTEST_APPLESS_MAIN(TstStreamsFold)
#include "tst_streams_fold.moc"
