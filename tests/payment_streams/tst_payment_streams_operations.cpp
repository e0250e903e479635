// The operation table of payment_streams_module, loaded from the built plugin: every operation
// and parameter has a one-line doc, every example passes the argument checker, names are unique,
// and the upstream and hook operation names are present.
#include <QPluginLoader>
#include <QtTest>

#include <set>

#include "logos/eligibility.h"
#include "logos/logos_module.h"
#include "logos/sdk/param_check.h"

class TstPaymentStreamsOperations : public QObject {
  Q_OBJECT

 private slots:
  void everyOperationIsDescribedAndItsExampleChecks() {
    QPluginLoader loader(PAYMENT_STREAMS_PLUGIN);
    QObject* instance = loader.instance();
    QVERIFY2(instance != nullptr, qPrintable(loader.errorString()));
    auto* module = qobject_cast<logos::LogosModule*>(instance);
    QVERIFY(module != nullptr);
    QCOMPARE(module->name(), std::string("payment_streams_module"));
    std::set<std::string> names;
    for (const auto& op : module->operations()) {
      QVERIFY2(names.insert(op.name).second, op.name.c_str());
      QVERIFY2(!op.doc.empty() && op.doc.find('\n') == std::string::npos, op.name.c_str());
      for (const auto& p : op.params) QVERIFY2(!p.doc.empty(), (op.name + "." + p.name).c_str());
      auto checked = logos::sdk::checkParams(op, op.example);
      QVERIFY2(checked.ok(), qPrintable(QString::fromStdString(op.name + ": " + (checked.ok() ? "" : checked.error().message))));
    }
    for (const char* required :
         {"initializeVault", "deposit", "withdraw", "createStream", "pauseStream", "resumeStream", "topUpStream", "closeStream",
          "claim", "getVaultStatus", "getStreamStatus", "querySequencerTransaction", "readVaultConfigDecoded",
          "readVaultHoldingDecoded", "readStreamConfigDecoded", "readClockDecoded", "readClock10Decoded", "ensureWalletOpen",
          "listMyStreams", "rediscoverStreams", "registerProviderMapping", "createStreamFromAcceptedProposal"}) {
      QVERIFY2(names.count(required) == 1, required);
    }
    QVERIFY(names.count(std::string(logos::eligibility::kVerifyOperation)) == 1);
    QVERIFY(names.count(std::string(logos::eligibility::kPrepareProposalOperation)) == 1);
    QVERIFY(names.count(std::string(logos::eligibility::kPrepareProofOperation)) == 1);
    const QJsonObject meta = loader.metaData().value("MetaData").toObject();
    QVERIFY(meta.value("capabilities").toArray().contains(QString::fromUtf8(logos::eligibility::kVerifierCapability.data())));
    QVERIFY(meta.value("capabilities").toArray().contains(QString::fromUtf8(logos::eligibility::kProviderCapability.data())));
    QCOMPARE(meta.value("dependencies").toArray().at(0).toString(), QString("wallet_module"));
  }
};

QTEST_MAIN(TstPaymentStreamsOperations)
#include "tst_payment_streams_operations.moc"
