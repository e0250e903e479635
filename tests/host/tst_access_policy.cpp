// Access policy parsing and decisions (logos-core.md §6).
#include <QtTest>

#include "logos/eligibility.h"
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
  // Eligibility hooks: delivery_module may call a hook operation on any module that declares the
  // matching capability, and nothing else on it (module_host.cpp checkModuleCall).
  void hookCallsNeedTheMatchingCapability() {
    using logos::eligibility::isHookCallAllowed;
    const std::vector<std::string> verifier{"eligibility.verifier"};
    const std::vector<std::string> provider{"eligibility.provider"};
    const std::vector<std::string> none{"lez.wallet"};
    QVERIFY(isHookCallAllowed("verifyEligibilityForStoreQuery", verifier));
    QVERIFY(!isHookCallAllowed("verifyEligibilityForStoreQuery", provider));
    QVERIFY(!isHookCallAllowed("verifyEligibilityForStoreQuery", none));
    QVERIFY(isHookCallAllowed("prepareEligibilityProofWithStreamProposalForStoreQuery", provider));
    QVERIFY(isHookCallAllowed("prepareEligibilityProofWithStreamProofForStoreQuery", provider));
    QVERIFY(isHookCallAllowed("prepareEligibilityProofWithPaymentForStoreQuery", provider));
    QVERIFY(!isHookCallAllowed("prepareEligibilityProofWithStreamProofForStoreQuery", verifier));
    // Any other operation of a hook module still needs a declared dependency.
    QVERIFY(!isHookCallAllowed("claim", verifier));
    QVERIFY(!isHookCallAllowed("transfer_public", provider));
  }
  void armNamesMapToPrepareOperations() {
    using namespace logos::eligibility;
    QCOMPARE(prepareOperationForArm("stream_proposal"), kPrepareProposalOperation);
    QCOMPARE(prepareOperationForArm("stream_proof"), kPrepareProofOperation);
    QCOMPARE(prepareOperationForArm("proof_of_payment"), kPreparePaymentOperation);
    QVERIFY(prepareOperationForArm("all").empty());
    QCOMPARE(armForFieldNumber(1), kArmProofOfPayment);
    QCOMPARE(armForFieldNumber(3), kArmStreamProof);
    QVERIFY(armForFieldNumber(4).empty());
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
