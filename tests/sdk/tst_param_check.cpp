// Argument checks driven by operation descriptors (sdk/param_check.h).
#include <QtTest>

#include "logos/sdk/param_check.h"

using logos::Json;
using logos::OperationSpec;
using logos::ParamType;

namespace {
OperationSpec spec() {
  return {"op", "test op",
          {{"s", ParamType::String, true, nullptr, "a string"},
           {"n", ParamType::U64, false, 7, "a number"},
           {"amount", ParamType::U128, false, nullptr, "an amount"},
           {"i", ParamType::I64, false, nullptr, "signed"},
           {"flag", ParamType::Bool, false, nullptr, "bool"},
           {"id", ParamType::Hex32, false, nullptr, "hex32"},
           {"blob", ParamType::Hex, false, nullptr, "hex"},
           {"obj", ParamType::Object, false, nullptr, "object"},
           {"list", ParamType::Array, false, nullptr, "array"}},
          Json::object(), Json::object()};
}
}  // namespace

class TstParamCheck : public QObject {
  Q_OBJECT
 private slots:
  void acceptsValidParamsAndFillsDefaults() {
    auto r = logos::sdk::checkParams(spec(), Json{{"s", "x"}});
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r.value()["n"].get<int>(), 7);
    QVERIFY(!r.value().contains("amount"));
  }
  void rejections_data() {
    QTest::addColumn<QString>("params");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not an object") << "[1]" << "JSON object";
    QTest::newRow("missing required") << "{}" << "'s'";
    QTest::newRow("unknown key") << R"({"s":"x","zzz":1})" << "'zzz'";
    QTest::newRow("string gets number") << R"({"s":1})" << "str:";
    QTest::newRow("u64 negative") << R"({"s":"x","n":-1})" << "'n'";
    QTest::newRow("u64 too big text") << R"({"s":"x","n":"18446744073709551616"})" << "'n'";
    QTest::newRow("u128 leading zero") << R"({"s":"x","amount":"007"})" << "'amount'";
    QTest::newRow("u128 over max") << R"({"s":"x","amount":"340282366920938463463374607431768211456"})" << "'amount'";
    QTest::newRow("u128 double") << R"({"s":"x","amount":1.5})" << "'amount'";
    QTest::newRow("i64 too big") << R"({"s":"x","i":9223372036854775808})" << "'i'";
    QTest::newRow("bool as string") << R"({"s":"x","flag":"true"})" << "'flag'";
    QTest::newRow("hex32 short") << R"({"s":"x","id":"abcd"})" << "'id'";
    QTest::newRow("hex odd") << R"({"s":"x","blob":"abc"})" << "'blob'";
    QTest::newRow("hex junk") << R"({"s":"x","blob":"zz"})" << "'blob'";
    QTest::newRow("object as array") << R"({"s":"x","obj":[]})" << "'obj'";
    QTest::newRow("array as object") << R"({"s":"x","list":{}})" << "'list'";
  }
  void rejections() {
    QFETCH(QString, params);
    QFETCH(QString, mentions);
    auto r = logos::sdk::checkParams(spec(), Json::parse(params.toStdString()));
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("INVALID_ARGS"));
    QVERIFY2(QString::fromStdString(r.error().message).contains(mentions), r.error().message.c_str());
  }
  void u128AcceptsMaxAndZero() {
    QVERIFY(logos::sdk::isU128Decimal("0"));
    QVERIFY(logos::sdk::isU128Decimal("340282366920938463463374607431768211455"));
    QVERIFY(!logos::sdk::isU128Decimal("340282366920938463463374607431768211456"));
    QVERIFY(!logos::sdk::isU128Decimal("-1"));
    QVERIFY(!logos::sdk::isU128Decimal(""));
    QVERIFY(!logos::sdk::isU128Decimal("+1"));
  }
  void nullOptionalCountsAsAbsent() {
    auto r = logos::sdk::checkParams(spec(), Json{{"s", "x"}, {"amount", nullptr}});
    QVERIFY(r.ok());
    QVERIFY(!r.value().contains("amount"));
  }
  void bindPositionalInOrderAndKeepsNullPosition() {
    auto r = logos::sdk::bindPositional(spec(), Json::array({"x", nullptr, "5"}));
    QVERIFY(r.ok());
    QCOMPARE(r.value()["s"].get<std::string>(), std::string("x"));
    QVERIFY(!r.value().contains("n"));
    QCOMPARE(r.value()["amount"].get<std::string>(), std::string("5"));
  }
  void bindPositionalRejectsTooMany() {
    Json args = Json::array();
    for (int i = 0; i < 10; ++i) args.push_back(i);
    auto r = logos::sdk::bindPositional(spec(), args);
    QVERIFY(!r.ok());
    QVERIFY(QString::fromStdString(r.error().message).contains("at most 9"));
  }
};

QTEST_APPLESS_MAIN(TstParamCheck)
#include "tst_param_check.moc"
