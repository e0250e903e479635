// The provider's chain watch (chain_head_watch.h): a height is used without a read only while
// the read that answered it started at most max-age ago; an older read never replaces a newer
// one; max-age 0 never answers; the poll starts on first use, keeps one read in flight at most,
// and feeds fresh() from its answers; a failed read leaves the height to age out.
#include <QtTest>

#include <functional>
#include <vector>

#include "chain_head_watch.h"

using payment_streams::ChainHeadWatch;
using payment_streams::Then;

namespace {

// A wallet whose height reads answer when the test says so.
struct ScriptedReads {
  std::vector<Then<std::uint64_t>> pending;
  ChainHeadWatch::ReadHeight reader() {
    return [this](Then<std::uint64_t> then) { pending.push_back(std::move(then)); };
  }
  void answer(lezpay::util::Result<std::uint64_t> h) {
    auto then = std::move(pending.front());
    pending.erase(pending.begin());
    then(std::move(h));
  }
};

}  // namespace

class TstChainHeadWatch : public QObject {
  Q_OBJECT

 private slots:
  void noHeightBeforeAnyReadAnswered() {
    ScriptedReads reads;
    ChainHeadWatch watch(reads.reader());
    QVERIFY(!watch.fresh(25));
    QCOMPARE(reads.pending.size(), std::size_t{1});  // the first use started the poll
  }

  void aHeightIsUsedOnlyWhileItsReadIsYoungerThanMaxAge() {
    ScriptedReads reads;
    ChainHeadWatch watch(reads.reader());
    watch.observe(7, std::chrono::steady_clock::now());
    QCOMPARE(watch.fresh(25).value_or(0), std::uint64_t{7});
    QVERIFY2(!watch.fresh(0), "max age 0 means one read per check");
    watch.observe(8, std::chrono::steady_clock::now() - std::chrono::milliseconds(40));
    QCOMPARE(watch.fresh(25).value_or(0), std::uint64_t{7});  // an older read does not replace a newer one
    ChainHeadWatch old(reads.reader());
    old.observe(9, std::chrono::steady_clock::now() - std::chrono::milliseconds(40));
    QVERIFY2(!old.fresh(25), "a height whose read started 40 ms ago is too old for max age 25 ms");
    QCOMPARE(old.fresh(100).value_or(0), std::uint64_t{9});
  }

  void thePollFeedsFreshAndKeepsOneReadInFlight() {
    ScriptedReads reads;
    ChainHeadWatch watch(reads.reader());
    QVERIFY(!watch.fresh(1000));
    QTest::qWait(4 * ChainHeadWatch::kPollMs);
    QCOMPARE(reads.pending.size(), std::size_t{1});  // ticks while a read is in flight start none
    reads.answer(std::uint64_t{42});
    QCOMPARE(watch.fresh(1000).value_or(0), std::uint64_t{42});
    QTRY_COMPARE_WITH_TIMEOUT(reads.pending.size(), std::size_t{1}, 1000);
    reads.answer(std::uint64_t{43});
    QCOMPARE(watch.fresh(1000).value_or(0), std::uint64_t{43});
    QVERIFY(watch.view()->polling);
  }

  void aFailedReadLeavesTheHeightToAgeOut() {
    ScriptedReads reads;
    ChainHeadWatch watch(reads.reader());
    QVERIFY(!watch.fresh(30));
    reads.answer(std::uint64_t{5});
    QCOMPARE(watch.fresh(30).value_or(0), std::uint64_t{5});
    QTRY_COMPARE_WITH_TIMEOUT(reads.pending.size(), std::size_t{1}, 1000);
    reads.answer(lezpay::util::Error{"CHAIN_READ_FAILED", "sequencer down"});
    QTRY_VERIFY_WITH_TIMEOUT(!watch.fresh(30), 1000);
  }

  void aReadAnsweringAfterTheWatchIsGoneIsDropped() {
    ScriptedReads reads;
    {
      ChainHeadWatch watch(reads.reader());
      QVERIFY(!watch.fresh(25));
    }
    reads.answer(std::uint64_t{3});  // must not touch the destroyed watch
  }
};

QTEST_GUILESS_MAIN(TstChainHeadWatch)
#include "tst_chain_head_watch.moc"
