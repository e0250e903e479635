// Topological load order, cycle and missing-dependency errors, unload order.
#include <QtTest>

#include "logos/host/dependency_order.h"

using logos::host::DependencyGraph;

class TstDependencyOrder : public QObject {
  Q_OBJECT
 private slots:
  void dependenciesComeFirst() {
    DependencyGraph g{{"app", {"wallet", "delivery"}}, {"wallet", {}}, {"delivery", {"wallet"}}, {"other", {}}};
    auto r = logos::host::loadOrder(g, "app");
    QVERIFY(r.ok());
    QCOMPARE(r.value(), (std::vector<std::string>{"wallet", "delivery", "app"}));
  }
  void singleModule() {
    auto r = logos::host::loadOrder({{"a", {}}}, "a");
    QVERIFY(r.ok());
    QCOMPARE(r.value(), std::vector<std::string>{"a"});
  }
  void cycleIsNamedInFull() {
    DependencyGraph g{{"a", {"b"}}, {"b", {"c"}}, {"c", {"a"}}};
    auto r = logos::host::loadOrder(g, "a");
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().message), QStringLiteral("dependency cycle: a -> b -> c -> a"));
  }
  void cycleBelowTargetIsFound() {
    DependencyGraph g{{"top", {"a"}}, {"a", {"b"}}, {"b", {"a"}}};
    auto r = logos::host::loadOrder(g, "top");
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().message), QStringLiteral("dependency cycle: a -> b -> a"));
  }
  void missingDependencyNamesWhoNeedsIt() {
    DependencyGraph g{{"a", {"b"}}, {"b", {"ghost"}}};
    auto r = logos::host::loadOrder(g, "a");
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().message), QStringLiteral("'b' depends on 'ghost', which was not found"));
  }
  void missingTarget() {
    auto r = logos::host::loadOrder({}, "x");
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("MODULE_LOAD_FAILED"));
  }
  void dependentsUnloadLeavesFirst() {
    DependencyGraph g{{"wallet", {}}, {"streams", {"wallet"}}, {"delivery", {}}, {"app", {"streams", "delivery"}}};
    auto out = logos::host::dependentsLeavesFirst(g, {"wallet", "streams", "delivery", "app"}, "wallet");
    QCOMPARE(out, (std::vector<std::string>{"app", "streams"}));
    QVERIFY(logos::host::dependentsLeavesFirst(g, {"wallet", "delivery"}, "delivery").empty());
  }
};

QTEST_APPLESS_MAIN(TstDependencyOrder)
#include "tst_dependency_order.moc"
