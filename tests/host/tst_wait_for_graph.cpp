// The wait-for graph of synchronous module calls (host/include/logos/host/wait_for_graph.h):
// cycles of any length and self-calls are refused with the whole chain, releasing a wait lets
// the same call through, and a refused call records nothing.
#include <QtTest>

#include "logos/host/wait_for_graph.h"

using logos::host::WaitForGraph;

class TstWaitForGraph : public QObject {
  Q_OBJECT

 private slots:
  void independentWaitsAreAllowed() {
    WaitForGraph g;
    QVERIFY(!g.beginWait("a", "b"));
    QVERIFY(!g.beginWait("c", "b"));
    QVERIFY(!g.beginWait("b", "d"));
    QCOMPARE(g.waitsOn("a").value(), std::string("b"));
    QCOMPARE(g.size(), std::size_t(3));
  }

  void twoModuleCycleIsNamed() {
    WaitForGraph g;
    QVERIFY(!g.beginWait("a", "b"));
    auto cycle = g.beginWait("b", "a");
    QVERIFY(cycle.has_value());
    QCOMPARE(*cycle, std::string("b -> a -> b"));
    QVERIFY(!g.waitsOn("b"));  // refused: nothing recorded
  }

  void longCycleIsNamedWhole() {
    WaitForGraph g;
    QVERIFY(!g.beginWait("a", "b"));
    QVERIFY(!g.beginWait("b", "c"));
    QVERIFY(!g.beginWait("c", "d"));
    auto cycle = g.beginWait("d", "a");
    QVERIFY(cycle.has_value());
    QCOMPARE(*cycle, std::string("d -> a -> b -> c -> d"));
  }

  void selfCallIsACycle() {
    WaitForGraph g;
    auto cycle = g.beginWait("a", "a");
    QVERIFY(cycle.has_value());
    QCOMPARE(*cycle, std::string("a -> a"));
    QCOMPARE(g.size(), std::size_t(0));
  }

  void releaseLetsTheCallThrough() {
    WaitForGraph g;
    QVERIFY(!g.beginWait("a", "b"));
    QVERIFY(g.beginWait("b", "a").has_value());
    g.endWait("a");
    QVERIFY(!g.beginWait("b", "a"));
    g.endWait("b");
    g.endWait("unknown");  // ignored
    QCOMPARE(g.size(), std::size_t(0));
  }

  void chainThatDoesNotReachTheCallerIsNoCycle() {
    WaitForGraph g;
    QVERIFY(!g.beginWait("b", "c"));
    QVERIFY(!g.beginWait("c", "d"));
    QVERIFY(!g.beginWait("a", "b"));  // a -> b -> c -> d, no way back to a
    QCOMPARE(g.waitsOn("a").value(), std::string("b"));
  }
};

QTEST_GUILESS_MAIN(TstWaitForGraph)
#include "tst_wait_for_graph.moc"
