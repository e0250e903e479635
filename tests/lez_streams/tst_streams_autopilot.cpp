// The autopilot's decisions (lez/streams/autopilot.h) on a test clock: a stream stored on chain is
// folded at successive clock values, and the claim, alert and top-up decisions are checked at each
// step, with the memory the module keeps carried from step to step.
#include "streams_fixture.h"

#include "lez/streams/autopilot.h"

using namespace lez::streams;
using namespace lez::streams::autopilot;

namespace {

StreamConfig stored(std::uint64_t rate, std::uint64_t allocation, Timestamp asOf) {
  StreamConfig s;
  s.rate = rate;
  s.allocation = U128(allocation);
  s.state = StreamState::Active;
  s.accruedAsOf = asOf;
  return s;
}

FoldedStream at(const StreamConfig& s, Timestamp t) {
  auto f = foldStoredStream(s, t);
  if (!f.ok()) qFatal("fold failed: %s", f.error().message.c_str());
  return f.value();
}

}  // namespace

class TstStreamsAutopilot : public QObject {
  Q_OBJECT
 private slots:
  void claimIsOffByDefault() {
    const ClaimPolicy off;
    QVERIFY(!decideClaim(off, at(stored(1, 100, 1000), 1050), 1050, ClaimMemory{}).claim());
  }

  void claimFiresAtTheThresholdWithTheClaimableAmount() {
    const ClaimPolicy p{true, 0, U128(10)};
    const StreamConfig s = stored(2, 100, 1000);
    QVERIFY(!decideClaim(p, at(s, 1004), 1004, ClaimMemory{}).claim());  // 8 accrued
    const ClaimDecision d = decideClaim(p, at(s, 1005), 1005, ClaimMemory{});
    QCOMPARE(d.reason, ClaimReason::Threshold);
    QCOMPARE(d.amount, U128(10));
  }

  void claimFollowsTheSchedule() {
    const ClaimPolicy p{true, 60, U128{}};
    const StreamConfig s = stored(1, 1000, 1000);
    ClaimMemory m;
    m.lastClaimAt = 1000;
    QVERIFY(!decideClaim(p, at(s, 1059), 1059, m).claim());
    QCOMPARE(decideClaim(p, at(s, 1060), 1060, m).reason, ClaimReason::Schedule);
    m = afterClaimSucceeded(m, 1060);
    QVERIFY(!decideClaim(p, at(s, 1100), 1100, m).claim());
    QVERIFY(decideClaim(p, at(s, 1120), 1120, m).claim());
  }

  void nothingClaimableIsNeverClaimed() {
    const ClaimPolicy p{true, 1, U128(1)};
    StreamConfig s = stored(1, 100, 1000);
    s.state = StreamState::Paused;
    QVERIFY(!decideClaim(p, at(s, 2000), 2000, ClaimMemory{}).claim());
  }

  void aFailedAmountIsNeverRetriedAndRetriesBackOff() {
    const ClaimPolicy p{true, 0, U128(5)};
    StreamConfig s = stored(1, 100, 1000);
    ClaimMemory m = afterClaimFailed(ClaimMemory{}, U128(5), 1005);
    QCOMPARE(m.retryAfter, Timestamp(1005 + kClaimBackoffBaseSeconds));
    // Paused at 5 claimable: the same amount is never tried again, whatever the time.
    s.state = StreamState::Paused;
    s.accrued = U128(5);
    QVERIFY(!decideClaim(p, at(s, 5000), 5000, m).claim());
    // Active: a new amount after the backoff is tried.
    const StreamConfig active = stored(1, 100, 1000);
    QVERIFY(!decideClaim(p, at(active, 1006), 1006, m).claim());  // inside the backoff
    QVERIFY(decideClaim(p, at(active, 1007), 1007, m).claim());
    m = afterClaimFailed(m, U128(7), 1007);
    QCOMPARE(m.failures, 2u);
    QCOMPARE(m.retryAfter, Timestamp(1007 + 2 * kClaimBackoffBaseSeconds));
    QCOMPARE(claimBackoffSeconds(100), kClaimBackoffMaxSeconds);
    m = afterClaimSucceeded(m, 1020);
    QCOMPARE(m.failures, 0u);
    QVERIFY(!m.failedAmount);
  }

  void depletionInstantRoundsUp() {
    const StreamConfig s = stored(3, 100, 1000);  // 100 / 3 -> 34 s
    QCOMPARE(depletesAt(at(s, 1000)), std::optional<Timestamp>(1034));
    QCOMPARE(depletesAt(at(s, 1010)), std::optional<Timestamp>(1034));
    QVERIFY(!depletesAt(at(s, 1034)));  // depleted: Paused with nothing left
    StreamConfig paused = s;
    paused.state = StreamState::Paused;
    QVERIFY(!depletesAt(at(paused, 1010)));
  }

  void depletionAlertFiresOncePerCondition() {
    const AlertPolicy p{30, U128{}};
    const StreamConfig s = stored(1, 100, 1000);  // depletes at 1100
    bool raised = false;
    int fired = 0;
    for (Timestamp t = 1000; t < 1100; t += 5) fired += risingEdge(raised, depletingSoon(p, at(s, t), t)) ? 1 : 0;
    QCOMPARE(fired, 1);
    QVERIFY(!depletingSoon(p, at(s, 1069), 1069));
    QVERIFY(depletingSoon(p, at(s, 1070), 1070));
    // Topped up: the condition clears, then it can fire again.
    const StreamConfig later = stored(1, 200, 1000);
    QVERIFY(!risingEdge(raised, depletingSoon(p, at(later, 1080), 1080)));
    QVERIFY(!raised);
    QVERIFY(risingEdge(raised, depletingSoon(p, at(later, 1175), 1175)));
    QVERIFY(!depletingSoon(AlertPolicy{}, at(s, 1099), 1099));  // horizon 0: off
  }

  void vaultLowBelowTheThreshold() {
    const AlertPolicy p{0, U128(50)};
    QVERIFY(vaultLow(p, U128(49)));
    QVERIFY(!vaultLow(p, U128(50)));
    QVERIFY(!vaultLow(AlertPolicy{}, U128(0)));
  }

  void topUpRespectsTheDailyCap() {
    const TopUpPolicy p{true, U128(40), U128(100)};
    TopUpLedger ledger;
    const Timestamp day0 = 10 * kSecondsPerDay + 100;
    int done = 0;
    for (int i = 0; i < 5; ++i) {
      if (decideTopUp(p, ledger, day0 + i, U128(1000)) != TopUpVerdict::Go) continue;
      ledger = afterTopUp(ledger, day0 + i, p.amountPerTopUp);
      ++done;
    }
    QCOMPARE(done, 2);  // 80 of 100; a third would make 120
    QCOMPARE(decideTopUp(p, ledger, day0 + 10, U128(1000)), TopUpVerdict::DailyCapReached);
    QCOMPARE(spentToday(ledger, day0 + 10), U128(80));
    // The next UTC day of chain time starts from zero.
    QCOMPARE(decideTopUp(p, ledger, day0 + kSecondsPerDay, U128(1000)), TopUpVerdict::Go);
    QCOMPARE(spentToday(ledger, day0 + kSecondsPerDay), U128{});
  }

  void topUpNeedsEnabledAndUnallocatedFunds() {
    QCOMPARE(decideTopUp(TopUpPolicy{}, TopUpLedger{}, 0, U128(1000)), TopUpVerdict::Disabled);
    QCOMPARE(decideTopUp(TopUpPolicy{true, U128{}, U128(100)}, TopUpLedger{}, 0, U128(1000)), TopUpVerdict::Disabled);
    QCOMPARE(decideTopUp(TopUpPolicy{true, U128(40), U128(100)}, TopUpLedger{}, 0, U128(39)), TopUpVerdict::InsufficientUnallocated);
    QCOMPARE(decideTopUp(TopUpPolicy{true, U128(40), U128::max()}, TopUpLedger{0, U128::max()}, 0, U128(1000)),
             TopUpVerdict::DailyCapReached);
  }
};

QTEST_APPLESS_MAIN(TstStreamsAutopilot)
#include "tst_streams_autopilot.moc"
