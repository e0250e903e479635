// Typed parameter accessors (sdk/args.h) and the value checks behind them (checkValues in
// sdk/param_check.h): u128 amounts in either form, account ids in base58 or hex.
#include <QtTest>

#include <limits>
#include <stdexcept>

#include "logos/envelope.h"
#include "logos/sdk/args.h"
#include "logos/sdk/client_binding.h"
#include "logos/sdk/dispatcher.h"
#include "logos/sdk/param_check.h"

using logos::Json;
using logos::OperationSpec;
using logos::ParamType;
using logos::sdk::Args;
using lezpay::util::U128;

namespace {
// bytes 01..20 and their base58 text.
const char* kHexId = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
const char* kBase58Id = "4wBqpZM9xaSheZzJSMawUKKwhdpChKbZ5eu5ky4Vigw";

OperationSpec spec() {
  return {"pay", "test op",
          {{"owner", ParamType::Account, true, nullptr, "an account"},
           {"amount", ParamType::Amount, false, nullptr, "an amount in either form"},
           {"cap", ParamType::U128, false, nullptr, "a plain u128"},
           {"note", ParamType::String, false, nullptr, "text"}},
          Json::object(), Json::object()};
}

// checkParams then checkValues, as the dispatcher runs them; the error code or "" on success.
std::string check(const Json& params, Json* out = nullptr) {
  auto shape = logos::sdk::checkParams(spec(), params);
  if (!shape.ok()) return shape.error().code;
  auto values = logos::sdk::checkValues(spec(), shape.value());
  if (!values.ok()) return values.error().code;
  if (out != nullptr) *out = shape.value();
  return {};
}

Args argsOf(const OperationSpec& op, const Json& params) {
  auto shape = logos::sdk::checkParams(op, params);
  if (!shape.ok()) qFatal("test params do not pass: %s", shape.error().message.c_str());
  return Args(op, shape.value());
}

std::array<std::uint8_t, 32> idBytes() {
  std::array<std::uint8_t, 32> b{};
  for (std::size_t i = 0; i < 32; ++i) b[i] = static_cast<std::uint8_t>(i + 1);
  return b;
}
}  // namespace

namespace lezpay::util {
char* toString(const U128& v) { return qstrdup(v.toDecimal().c_str()); }
}  // namespace lezpay::util

class TstArgs : public QObject {
  Q_OBJECT
  OperationSpec spec_ = spec();

 private slots:
  void accountReadsBase58HexAndPrefixedHex_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("base58") << kBase58Id;
    QTest::newRow("hex") << kHexId;
    QTest::newRow("0x hex") << QStringLiteral("0x") + kHexId;
    QTest::newRow("upper hex") << QString::fromLatin1(kHexId).toUpper();
    QTest::newRow("whitespace around") << QStringLiteral(" \t") + kBase58Id + QStringLiteral("\n");
  }
  void accountReadsBase58HexAndPrefixedHex() {
    QFETCH(QString, text);
    const Json params{{"owner", text.toStdString()}};
    QCOMPARE(QString::fromStdString(check(params)), QString());
    QVERIFY(argsOf(spec_, params).account("owner") == idBytes());
  }

  void accountThatDoesNotDecodeIsInvalidAccountId_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("not an id") << "spare-not-an-id";
    QTest::newRow("empty") << "";
    QTest::newRow("31-byte base58") << "1111111111111111111111111111111";
    QTest::newRow("hex too short") << "0102";
    QTest::newRow("base58 with 0") << "0wBqpZM9xaSheZzJSMawUKKwhdpChKbZ5eu5ky4Vigw";
  }
  void accountThatDoesNotDecodeIsInvalidAccountId() {
    QFETCH(QString, text);
    auto shape = logos::sdk::checkParams(spec_, Json{{"owner", text.toStdString()}});
    QVERIFY(shape.ok());  // the host's step lets it through: the module answers the fault
    auto values = logos::sdk::checkValues(spec_, shape.value());
    QVERIFY(!values.ok());
    QCOMPARE(QString::fromStdString(values.error().code), QStringLiteral("INVALID_ACCOUNT_ID"));
    QVERIFY2(values.error().message.find("'owner'") != std::string::npos, values.error().message.c_str());
  }

  void accountQuotesAtMost80Characters() {
    auto r = logos::sdk::parseAccountText(std::string(5000, 'z'));
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.size() < 200, r.error().message.c_str());
  }

  void accountMustBeAString() {
    auto shape = logos::sdk::checkParams(spec_, Json{{"owner", 5}});
    QVERIFY(!shape.ok());
    QCOMPARE(QString::fromStdString(shape.error().code), QStringLiteral("INVALID_ARGS"));
  }

  void amountReadsEitherForm_data() {
    QTest::addColumn<QString>("params");
    QTest::addColumn<QString>("expected");
    QTest::newRow("decimal") << R"({"amount":"340282366920938463463374607431768211455"})"
                             << "340282366920938463463374607431768211455";
    QTest::newRow("json integer") << R"({"amount":500})" << "500";
    QTest::newRow("lo only") << R"({"amount_lo":500})" << "500";
    QTest::newRow("lo and hi") << R"({"amount_lo":1,"amount_hi":1})" << "18446744073709551617";
    QTest::newRow("hi only") << R"({"amount_hi":"1"})" << "18446744073709551616";
    QTest::newRow("halves as text with zeros") << R"({"amount_lo":"007"})" << "7";
    QTest::newRow("both forms agree") << R"({"amount":"8","amount_lo":8,"amount_hi":0})" << "8";
    QTest::newRow("null halves ignored") << R"({"amount":"9","amount_lo":null})" << "9";
  }
  void amountReadsEitherForm() {
    QFETCH(QString, params);
    QFETCH(QString, expected);
    Json p = Json::parse(params.toStdString());
    p["owner"] = kBase58Id;
    QCOMPARE(QString::fromStdString(check(p)), QString());
    const Args args = argsOf(spec_, p);
    QVERIFY(args.has("amount"));
    QCOMPARE(QString::fromStdString(args.u128("amount").toDecimal()), expected);
  }

  void amountFormsThatDisagreeAreArgsMismatch() {
    const Json p{{"owner", kBase58Id}, {"amount", "7"}, {"amount_lo", 8}};
    QCOMPARE(QString::fromStdString(check(p)), QStringLiteral("args_mismatch"));
    const Json hi{{"owner", kBase58Id}, {"amount", "8"}, {"amount_lo", 8}, {"amount_hi", 1}};
    QCOMPARE(QString::fromStdString(check(hi)), QStringLiteral("args_mismatch"));
  }

  void amountHalvesOutsideU64AreInvalidArgs_data() {
    QTest::addColumn<QString>("params");
    QTest::newRow("negative lo") << R"({"amount_lo":-1})";
    QTest::newRow("lo above u64") << R"({"amount_lo":"18446744073709551616"})";
    QTest::newRow("hi as float") << R"({"amount_hi":1.5})";
    QTest::newRow("decimal with sign") << R"({"amount":"+5"})";
  }
  void amountHalvesOutsideU64AreInvalidArgs() {
    QFETCH(QString, params);
    Json p = Json::parse(params.toStdString());
    p["owner"] = kBase58Id;
    QCOMPARE(QString::fromStdString(check(p)), QStringLiteral("INVALID_ARGS"));
  }

  void halvesAreKeysOfAmountsOnly() {
    // `cap` is a plain U128: cap_lo is an unknown key.
    QCOMPARE(QString::fromStdString(check(Json{{"owner", kBase58Id}, {"cap_lo", 1}})), QStringLiteral("INVALID_ARGS"));
    QCOMPARE(QString::fromStdString(check(Json{{"owner", kBase58Id}, {"note_lo", 1}})), QStringLiteral("INVALID_ARGS"));
  }

  void requiredAmountIsPresentInEitherForm() {
    OperationSpec op = spec_;
    op.params[1].required = true;
    auto none = logos::sdk::checkParams(op, Json{{"owner", kBase58Id}});
    QVERIFY(!none.ok());
    QVERIFY2(none.error().message.find("amount_lo") != std::string::npos, none.error().message.c_str());
    QVERIFY(logos::sdk::checkParams(op, Json{{"owner", kBase58Id}, {"amount_hi", 2}}).ok());
  }

  void absentAmountIsNotHad() {
    const Args args = argsOf(spec_, Json{{"owner", kBase58Id}});
    QVERIFY(!args.has("amount"));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, args.u128("amount"));
  }

  void plainU128ReadsOneForm() {
    const Args args = argsOf(spec_, Json{{"owner", kBase58Id}, {"cap", "12"}});
    QCOMPARE(args.u128("cap"), U128(12));
  }

  void readingAnotherTypeIsAProgrammingError() {
    const Args args = argsOf(spec_, Json{{"owner", kBase58Id}, {"note", "x"}});
    QVERIFY_THROWS_EXCEPTION(std::logic_error, args.u128("note"));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, args.account("note"));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, args.str("owner"));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, args.account("undeclared"));
  }

  void dispatcherRefusesBadValuesBeforeTheHandler() {
    int calls = 0;
    logos::sdk::Dispatcher d;
    d.add(spec(), [&calls](const Args& a) {
      ++calls;
      return logos::okEnvelope(Json{{"amount", a.u128("amount").toDecimal()}});
    });
    Json e = d.dispatch("pay", Json{{"owner", "nope"}, {"amount", "1"}});
    QCOMPARE(QString::fromStdString(e["code"].get<std::string>()), QStringLiteral("INVALID_ACCOUNT_ID"));
    e = d.dispatch("pay", Json{{"owner", kHexId}, {"amount", "1"}, {"amount_lo", 2}});
    QCOMPARE(QString::fromStdString(e["code"].get<std::string>()), QStringLiteral("args_mismatch"));
    QCOMPARE(calls, 0);
    e = d.dispatch("pay", Json{{"owner", kHexId}, {"amount_lo", 2}});
    QVERIFY(logos::isOk(e));
    QCOMPARE(QString::fromStdString(e["amount"].get<std::string>()), QStringLiteral("2"));
    QCOMPARE(calls, 1);
  }

  void moduleInfoShowsTheTypes() {
    const Json j = logos::toJson(spec_);
    QCOMPARE(QString::fromStdString(j["parameters"][0]["type"].get<std::string>()), QStringLiteral("account"));
    QCOMPARE(QString::fromStdString(j["parameters"][1]["type"].get<std::string>()), QStringLiteral("amount"));
    QCOMPARE(j["parameters"][1]["halves"], Json::array({"amount_lo", "amount_hi"}));
    QVERIFY(!j["parameters"][2].contains("halves"));
    for (const auto& p : j["parameters"]) {
      QVERIFY(logos::paramTypeFromString(p["type"].get<std::string>()).has_value());
    }
    QVERIFY(!logos::paramTypeFromString("float").has_value());
  }

  // logos-core.md §18: bytes, doubles and typed lists, integers exact at the 64-bit edges.
  void upstreamTypesReadExactly() {
    const OperationSpec op{"all", "test op",
                           {{"b", ParamType::Bytes, false, nullptr, "bytes"},
                            {"d", ParamType::Double, false, nullptr, "double"},
                            {"sl", ParamType::StringList, false, nullptr, "strings"},
                            {"il", ParamType::I64List, false, nullptr, "i64s"},
                            {"ul", ParamType::U64List, false, nullptr, "u64s"},
                            {"dl", ParamType::DoubleList, false, nullptr, "doubles"},
                            {"bl", ParamType::BoolList, false, nullptr, "bools"}},
                           Json::object(), Json::object()};
    const std::int64_t minI = std::numeric_limits<std::int64_t>::min();
    const std::uint64_t maxU = std::numeric_limits<std::uint64_t>::max();
    Args a = argsOf(op, Json{{"b", Json{{"_bytes", "aGVsbG8="}}}, {"d", 3}, {"sl", Json::array({"0123", ""})},
                             {"il", Json::array({minI, 7})}, {"ul", Json::array({maxU, "18446744073709551615"})},
                             {"dl", Json::array({1e-06, 2})}, {"bl", Json::array()}});
    QCOMPARE(a.bytes("b"), (std::vector<std::uint8_t>{'h', 'e', 'l', 'l', 'o'}));
    QCOMPARE(a.f64("d"), 3.0);
    QCOMPARE(a.strList("sl"), (std::vector<std::string>{"0123", ""}));
    QCOMPARE(a.i64List("il"), (std::vector<std::int64_t>{minI, 7}));
    QCOMPARE(a.u64List("ul"), (std::vector<std::uint64_t>{maxU, maxU}));
    QCOMPARE(a.f64List("dl"), (std::vector<double>{1e-06, 2.0}));
    QVERIFY(a.boolList("bl").empty());
    QVERIFY(argsOf(op, Json{{"b", Json{{"_bytes", ""}}}}).bytes("b").empty());
    QCOMPARE(logos::sdk::bytesJson(std::vector<std::uint8_t>{'h', 'i'}), (Json{{"_bytes", "aGk"}}));

    for (const Json& bad : {Json{{"b", "aGk"}}, Json{{"b", Json{{"_bytes", "a+k"}}}}, Json{{"b", Json{{"_bytes", 1}}}},
                            Json{{"b", Json{{"_bytes", "aGk"}, {"x", 1}}}}, Json{{"d", "1.5"}}, Json{{"sl", Json::array({1})}},
                            Json{{"il", Json::array({maxU})}}, Json{{"ul", Json::array({-1})}}, Json{{"dl", Json::array({true})}},
                            Json{{"bl", Json::array({0})}}, Json{{"ul", 5}}}) {
      auto r = logos::sdk::checkParams(op, bad);
      QVERIFY2(!r.ok() && r.error().code == "INVALID_ARGS", bad.dump().c_str());
    }
  }

  // A guessed argument's text reaches text parameters only (sdk/client_binding.h).
  void clientBindingUsesTheTextForTextParameters() {
    const std::vector<OperationSpec> ops = {
        {"t", "test op",
         {{"s", ParamType::String, true, nullptr, "text"},
          {"n", ParamType::U64, false, nullptr, "number"},
          {"h", ParamType::Hex32, false, nullptr, "hash"}},
         Json::object(), Json{{"s", "x"}}}};
    const std::string zeros(64, '0');
    auto bound = logos::sdk::bindClientCall("m", ops, "t", Json::array({123, 7, 0}), Json::array({"0123", "007", zeros}));
    QVERIFY(!bound.error);
    QCOMPARE(bound.params, (Json{{"s", "0123"}, {"n", 7}, {"h", zeros}}));
    // Without texts (an explicit json: argument) the typed value stands and is refused.
    auto refused = logos::sdk::bindClientCall("m", ops, "t", Json::array({123}), Json::array({nullptr}));
    QVERIFY(refused.error && refused.error->code == logos::ErrorCode::InvalidArgs);
    // chainAction params are JSON: texts do not apply.
    auto chain = logos::sdk::bindClientCall("m", ops, "chainAction", Json::array({"t", R"({"s":5})"}), Json::array({"t", "x"}));
    QVERIFY(chain.error && chain.error->code == logos::ErrorCode::InvalidArgs);
  }
};

QTEST_GUILESS_MAIN(TstArgs)
#include "tst_args.moc"
