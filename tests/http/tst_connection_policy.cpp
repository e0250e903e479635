// The deadline, backpressure and admission rules of the HTTP server, without a network.
#include <QtTest>

#include "lezpay/net/connection_policy.h"

using namespace lezpay::net;

namespace {

ConnectionLimits limits() {
  ConnectionLimits l;
  l.requestTimeoutMs = 1000;
  l.idleTimeoutMs = 3000;
  l.writeStallTimeoutMs = 2000;
  l.maxUnreadOutputBytes = 100;
  l.maxPipelinedRequests = 4;
  return l;
}

AdmissionCandidate cand(std::string address, bool waitsOnServer, std::int64_t progress, bool loopback = false) {
  return AdmissionCandidate{std::move(address), loopback, waitsOnServer, progress};
}

}  // namespace

class TstConnectionPolicy : public QObject {
  Q_OBJECT
 private slots:
  void requestDeadlineIsNotPushedBackByBytes() {
    ConnectionClock c(limits(), 0);
    for (std::int64_t t = 0; t < 1000; t += 100) {
      c.onBytesReceived(t);
      QVERIFY(c.due(t, 0, 0) == ConnectionAction::None);
    }
    QVERIFY(c.due(1000, 0, 0) == ConnectionAction::Answer408AndClose);
  }
  void requestDeadlineStartsAtTheFirstByteOfEachRequest() {
    ConnectionClock c(limits(), 0);
    c.onBytesReceived(100);
    c.onRequestTaken(500, false);
    c.onBytesWritten(600, 0);
    c.onBytesReceived(1400);  // the next request starts here
    QVERIFY(c.due(2399, 0, 0) == ConnectionAction::None);
    QVERIFY(c.due(2400, 0, 0) == ConnectionAction::Answer408AndClose);
    // Bytes of the next request already held when one is taken: its clock starts at once.
    ConnectionClock p(limits(), 0);
    p.onBytesReceived(0);
    p.onRequestTaken(10, true);
    QVERIFY(p.requestInProgress());
    QVERIFY(p.due(1010, 0, 0) == ConnectionAction::Answer408AndClose);
  }
  void lateRequestWithAnAnswerOwedClosesWithout408() {
    ConnectionClock c(limits(), 0);
    c.onBytesReceived(0);
    QVERIFY(c.due(1000, 1, 0) == ConnectionAction::Close);
    QVERIFY(c.due(1000, 0, 10) == ConnectionAction::Close);
  }
  void idleDeadlineCountsFromAcceptAndLastAnswer() {
    ConnectionClock c(limits(), 0);
    QVERIFY(c.due(2999, 0, 0) == ConnectionAction::None);
    QVERIFY(c.due(3000, 0, 0) == ConnectionAction::Close);
    ConnectionClock d(limits(), 0);
    d.onBytesReceived(10);
    d.onRequestTaken(20, false);
    QVERIFY(d.due(9000, 1, 0) == ConnectionAction::None);  // the handler is still working
    d.onAnswerQueued(9000, 50);
    d.onBytesWritten(9001, 0);
    QVERIFY(d.due(12000, 0, 0) == ConnectionAction::None);
    QVERIFY(d.due(12001, 0, 0) == ConnectionAction::Close);
  }
  void unreadAnswersCloseAfterWriteStall() {
    ConnectionClock c(limits(), 0);
    c.onBytesReceived(0);
    c.onRequestTaken(0, false);
    c.onAnswerQueued(100, 5000);
    QVERIFY(c.due(2099, 0, 5000) == ConnectionAction::None);
    c.onBytesWritten(1500, 4000);  // the client read something: the stall clock restarts
    QVERIFY(c.due(3499, 0, 4000) == ConnectionAction::None);
    QVERIFY(c.due(3500, 0, 4000) == ConnectionAction::Close);
  }
  void readingStopsAtTheOutputAndPipelineBounds() {
    ConnectionClock c(limits(), 0);
    QVERIFY(c.mayRead(0, 0));
    QVERIFY(c.mayRead(99, 3));
    QVERIFY(!c.mayRead(100, 0));
    QVERIFY(!c.mayRead(0, 4));
  }
  void admitsBelowTheCap() {
    std::vector<AdmissionCandidate> open{cand("127.0.0.1", false, 0, true)};
    QVERIFY(pickAdmission(open, "127.0.0.1", true, 2, 1).kind == Admission::Kind::Admit);
  }
  void atTheCapEvictsTheLeastProgressWaitingOnItsClient() {
    std::vector<AdmissionCandidate> open{cand("127.0.0.1", false, 50, true), cand("127.0.0.1", true, 0, true),
                                         cand("127.0.0.1", false, 10, true), cand("127.0.0.1", false, 70, true)};
    auto a = pickAdmission(open, "127.0.0.1", true, 4, 1);
    QVERIFY(a.kind == Admission::Kind::Evict);
    QCOMPARE(a.victim, std::size_t(2));  // index 1 made less progress but waits on the server
  }
  void refusesOnlyWhenEveryConnectionWaitsOnTheServer() {
    std::vector<AdmissionCandidate> open{cand("127.0.0.1", true, 0, true), cand("127.0.0.1", true, 5, true)};
    QVERIFY(pickAdmission(open, "127.0.0.1", true, 2, 1).kind == Admission::Kind::Refuse);
  }
  void remoteAddressOverItsShareEvictsItsOwn() {
    std::vector<AdmissionCandidate> open{cand("10.0.0.1", false, 0), cand("10.0.0.2", false, 5), cand("10.0.0.2", false, 9)};
    auto a = pickAdmission(open, "10.0.0.2", false, 100, 2);
    QVERIFY(a.kind == Admission::Kind::Evict);
    QCOMPARE(a.victim, std::size_t(1));  // not 10.0.0.1's older connection
    std::vector<AdmissionCandidate> busy{cand("10.0.0.2", true, 0), cand("10.0.0.2", true, 1)};
    QVERIFY(pickAdmission(busy, "10.0.0.2", false, 100, 2).kind == Admission::Kind::Refuse);
    // Loopback peers are not held to the per-address share.
    std::vector<AdmissionCandidate> local{cand("127.0.0.1", false, 0, true), cand("127.0.0.1", false, 1, true)};
    QVERIFY(pickAdmission(local, "127.0.0.1", true, 100, 2).kind == Admission::Kind::Admit);
  }
  void atTheCapTheAddressHoldingMostConnectionsGivesOneUp() {
    std::vector<AdmissionCandidate> open{cand("10.0.0.1", false, 0), cand("10.0.0.2", false, 5), cand("10.0.0.2", false, 9)};
    auto a = pickAdmission(open, "10.0.0.3", false, 3, 10);
    QVERIFY(a.kind == Admission::Kind::Evict);
    QCOMPARE(a.victim, std::size_t(1));
  }
};

QTEST_GUILESS_MAIN(TstConnectionPolicy)
#include "tst_connection_policy.moc"
