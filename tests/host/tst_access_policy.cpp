// Access policy parsing and decisions (logos-core.md §6).
#include <QtTest>

#include "logos/host/access_policy.h"

using logos::host::AccessPolicy;

class TstAccessPolicy : public QObject {
  Q_OBJECT
 private slots:
  void enforcedAllowsOnlyDeclaredDependencies() {
    auto p = AccessPolicy::enforcing();
    QVERIFY(p.allows("streams", {"wallet"}, "wallet"));
    QVERIFY(!p.allows("streams", {"wallet"}, "delivery"));
    QVERIFY(p.allows("streams", {}, "streams"));
  }
  void offAllowsEverything() { QVERIFY(AccessPolicy::off().allows("a", {}, "b")); }
  void parsesKeywordsAndJson() {
    QVERIFY(AccessPolicy::parse("off").value().enforced() == false);
    QVERIFY(AccessPolicy::parse("enforce").value().enforced());
    auto p = AccessPolicy::parse(R"({"version":1,"mode":"enforce","restrictions":{"wallet":{"allowedCallers":["x402"]}}})");
    QVERIFY(p.ok());
    QVERIFY(p->allows("x402", {}, "wallet"));
    QVERIFY(!p->allows("streams", {"wallet"}, "wallet"));  // restriction replaces the derived rule
    QVERIFY(p->allows("streams", {"delivery"}, "delivery"));
  }
  void rejectsMalformedPolicies_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("junk") << "maybe";
    QTest::newRow("array") << "[1]";
    QTest::newRow("wrong version") << R"({"version":2,"mode":"enforce"})";
    QTest::newRow("bad mode") << R"({"version":1,"mode":"loose"})";
    QTest::newRow("restrictions not object") << R"({"version":1,"mode":"enforce","restrictions":[]})";
    QTest::newRow("callers not array") << R"({"version":1,"mode":"enforce","restrictions":{"a":{"allowedCallers":"b"}}})";
    QTest::newRow("caller not string") << R"({"version":1,"mode":"enforce","restrictions":{"a":{"allowedCallers":[1]}}})";
  }
  void rejectsMalformedPolicies() {
    QFETCH(QString, text);
    auto p = AccessPolicy::parse(text.toStdString());
    QVERIFY(!p.ok());
    QVERIFY(QString::fromStdString(p.error().message).startsWith("--access-policy"));
  }
};

QTEST_APPLESS_MAIN(TstAccessPolicy)
#include "tst_access_policy.moc"
