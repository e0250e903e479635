// SubmissionLane: jobs run one at a time in arrival order; the next starts only when the holder
// releases; a caller going away gives up its place (queued) or the lane (holding); releasing
// twice or after clear() changes nothing.
#include <QtTest>

#include <string>
#include <vector>

#include "submission_lane.h"

using logos::Json;
using logos::sdk::Reply;
using wallet::SubmissionLane;

class TstSubmissionLane : public QObject {
  Q_OBJECT

  static Reply reply() {
    return Reply([](Json) {}, "transfer_public");
  }

 private slots:
  void jobsRunOneAtATimeInArrivalOrder() {
    SubmissionLane lane;
    std::vector<std::string> ran;
    std::vector<SubmissionLane::Release> releases;
    for (const char* name : {"a", "b", "c"}) {
      lane.enter(reply(), [&, name](SubmissionLane::Release r) {
        ran.push_back(name);
        releases.push_back(std::move(r));
      });
    }
    QCOMPARE(ran, std::vector<std::string>{"a"});
    QCOMPARE(lane.queued(), std::size_t(2));
    releases[0]();
    releases[0]();  // twice: no effect on the next holder
    QCOMPARE(ran, (std::vector<std::string>{"a", "b"}));
    releases[1]();
    QCOMPARE(ran, (std::vector<std::string>{"a", "b", "c"}));
    releases[2]();
    QVERIFY(!lane.busy());
  }

  void aJobThatReleasesAtOnceLetsTheNextRun() {
    SubmissionLane lane;
    int ran = 0;
    for (int i = 0; i < 100; ++i) {
      lane.enter(reply(), [&](SubmissionLane::Release r) {
        ++ran;
        r();
      });
    }
    QCOMPARE(ran, 100);
    QVERIFY(!lane.busy());
  }

  void aCancelledCallerGivesUpItsPlaceOrTheLane() {
    SubmissionLane lane;
    std::vector<std::string> ran;
    Reply holder = reply();
    Reply queued = reply();
    lane.enter(holder, [&](SubmissionLane::Release) { ran.push_back("holder"); });  // never releases
    lane.enter(queued, [&](SubmissionLane::Release) { ran.push_back("queued"); });
    lane.enter(reply(), [&](SubmissionLane::Release) { ran.push_back("last"); });
    queued.cancel();
    QCOMPARE(lane.queued(), std::size_t(1));
    holder.cancel();
    QCOMPARE(ran, (std::vector<std::string>{"holder", "last"}));
  }

  void clearDropsQueuedJobsAndLateReleasesAreHarmless() {
    SubmissionLane::Release late;
    int ran = 0;
    {
      SubmissionLane lane;
      lane.enter(reply(), [&](SubmissionLane::Release r) {
        ++ran;
        late = std::move(r);
      });
      lane.enter(reply(), [&](SubmissionLane::Release) { ++ran; });
      lane.clear();
      QVERIFY(!lane.busy());
      QCOMPARE(lane.queued(), std::size_t(0));
    }
    late();  // the lane is gone
    QCOMPARE(ran, 1);
  }
};

QTEST_GUILESS_MAIN(TstSubmissionLane)
#include "tst_submission_lane.moc"
