// Result shapes (sdk/result_shape.h) and the dispatcher's contract checks: an answer outside its
// declared shape, or an error code outside the module's table, is answered CONTRACT_MISMATCH.
#include <QtTest>

#include "logos/envelope.h"
#include "logos/sdk/dispatcher.h"
#include "logos/sdk/result_shape.h"

using logos::Json;
using logos::ParamType;

namespace {
const Json kShape{{"tx_hash", "hex32"},
                  {"block_id?", "u64"},
                  {"balance", "u128"},
                  {"signers", Json::array({"base58"})},
                  {"note", "string|null"},
                  {"wallet", Json{{"*", "any"}}}};

Json good() {
  return Json{{"status", "ok"},  {"tx_hash", std::string(64, 'f')}, {"balance", "340282366920938463463374607431768211455"},
              {"signers", Json::array({"4wBqpZM9xaSheZzJSMawUKKwhdpChKbZ5eu5ky4Vigw"})},
              {"note", nullptr}, {"wallet", Json{{"anything", 1}}}};
}
}  // namespace

class TstResultShape : public QObject {
  Q_OBJECT
 private slots:
  void acceptsTheShape() {
    auto st = logos::sdk::checkShape(kShape, good());
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
    Json withBlock = good();
    withBlock["block_id"] = 5;
    QVERIFY(logos::sdk::checkShape(kShape, withBlock).ok());
  }

  void namesThePathOfTheFirstDifference_data() {
    QTest::addColumn<QString>("patch");  // JSON object merged into good()
    QTest::addColumn<QString>("path");
    QTest::newRow("hex32 short") << R"({"tx_hash":"ab"})" << "$.tx_hash";
    QTest::newRow("u128 as number") << R"({"balance":5})" << "$.balance";
    QTest::newRow("u128 leading zero") << R"({"balance":"05"})" << "$.balance";
    QTest::newRow("u64 negative") << R"({"block_id":-1})" << "$.block_id";
    QTest::newRow("element") << R"({"signers":["4wBqpZM9xaSheZzJSMawUKKwhdpChKbZ5eu5ky4Vigw","0OIl"]})" << "$.signers[1]";
    QTest::newRow("undeclared key") << R"({"extra":1})" << "$.extra";
    QTest::newRow("alternative") << R"({"note":3})" << "$.note";
    QTest::newRow("object expected") << R"({"wallet":[]})" << "$.wallet";
  }
  void namesThePathOfTheFirstDifference() {
    QFETCH(QString, patch);
    QFETCH(QString, path);
    Json j = good();
    j.merge_patch(Json::parse(patch.toStdString()));
    auto st = logos::sdk::checkShape(kShape, j);
    QVERIFY(!st.ok());
    QCOMPARE(QString::fromStdString(st.error().code), QStringLiteral("CONTRACT_MISMATCH"));
    QVERIFY2(st.error().message.rfind(path.toStdString() + ":", 0) == 0, st.error().message.c_str());
  }

  void missingRequiredKeyIsNamed() {
    Json j = good();
    j.erase("balance");
    auto st = logos::sdk::checkShape(kShape, j);
    QVERIFY(!st.ok());
    QVERIFY2(st.error().message.rfind("$.balance: missing", 0) == 0, st.error().message.c_str());
  }

  void definitionsAreChecked() {
    QVERIFY(logos::sdk::checkShapeDefinition(kShape).ok());
    QVERIFY(logos::sdk::checkShapeDefinition(Json(nullptr)).ok());
    QVERIFY(!logos::sdk::checkShapeDefinition(Json{{"a", "u256"}}).ok());
    QVERIFY(!logos::sdk::checkShapeDefinition(Json{{"a", Json::array({"u64", "string"})}}).ok());
    QVERIFY(!logos::sdk::checkShapeDefinition(Json{{"a", 5}}).ok());
  }

  void dispatcherAnswersContractMismatch() {
    logos::sdk::Dispatcher d;
    d.setContractChecks(true);
    d.declareErrors({{"STREAM_CLOSED", "the stream is closed", "open another"}});
    logos::OperationSpec shaped{"shaped", "answers a shape", {{"v", ParamType::Any, true, nullptr, "the answer"}}};
    shaped.resultShape = Json{{"n", "u64"}};
    d.add(shaped, [](const logos::sdk::Args& a) { return a.value("v"); });
    auto call = [&d](const Json& v) { return d.dispatch("shaped", Json{{"v", v}}); };

    QVERIFY(logos::isOk(call(Json{{"status", "ok"}, {"n", 1}})));
    Json e = call(Json{{"status", "ok"}, {"n", "1"}});
    QCOMPARE(QString::fromStdString(e["code"].get<std::string>()), QStringLiteral("CONTRACT_MISMATCH"));
    QVERIFY2(e["message"].get<std::string>().find("$.n") != std::string::npos, e.dump().c_str());
    // A declared code passes; an undeclared one is the module's bug.
    e = call(logos::errorEnvelope("STREAM_CLOSED", "closed"));
    QCOMPARE(QString::fromStdString(e["code"].get<std::string>()), QStringLiteral("STREAM_CLOSED"));
    e = call(logos::errorEnvelope("stream_closed", "closed"));
    QCOMPARE(QString::fromStdString(e["code"].get<std::string>()), QStringLiteral("CONTRACT_MISMATCH"));
    // Codes the SDK answers itself are always in the table.
    e = call(logos::errorEnvelope("INVALID_ARGS", "bad"));
    QCOMPARE(QString::fromStdString(e["code"].get<std::string>()), QStringLiteral("INVALID_ARGS"));

    d.setContractChecks(false);
    QCOMPARE(QString::fromStdString(call(logos::errorEnvelope("stream_closed", "x"))["code"].get<std::string>()),
             QStringLiteral("stream_closed"));
  }

  void errorTableListsDeclaredThenSdkCodesOnce() {
    logos::sdk::Dispatcher d;
    d.declareErrors({{"A", "a", "do a"}, {"INVALID_ARGS", "module's own words", "x"}, {"A", "dup", "dup"}});
    const auto errors = d.errors();
    QCOMPARE(QString::fromStdString(errors[0].code), QStringLiteral("A"));
    QCOMPARE(QString::fromStdString(errors[1].meaning), QStringLiteral("module's own words"));
    int a = 0, invalid = 0;
    for (const auto& e : errors) {
      a += e.code == "A";
      invalid += e.code == "INVALID_ARGS";
      QVERIFY2(!e.meaning.empty() && !e.action.empty(), e.code.c_str());
    }
    QCOMPARE(a, 1);
    QCOMPARE(invalid, 1);
    QCOMPARE(errors.size(), 1 + logos::sdk::sdkErrors().size());
  }
};

QTEST_GUILESS_MAIN(TstResultShape)
#include "tst_result_shape.moc"
