// lezpay::util::parseJson, the one JSON entry point: limits, number range, stable codes.
#include <QtTest>

#include <string>

#include "lezpay/util/json_parse.h"

using lezpay::util::JsonLimits;
using lezpay::util::parseJson;
using Json = nlohmann::json;

namespace {
std::string nested(std::size_t depth, const std::string& inner = "0") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}
QString codeOf(std::string_view text, JsonLimits limits = {}) {
  auto r = parseJson(text, limits);
  return r.ok() ? QStringLiteral("ok") : QString::fromStdString(r.error().code);
}
}  // namespace

class TstJsonParse : public QObject {
  Q_OBJECT
 private slots:
  void codes_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("code");
    QTest::newRow("object") << QByteArray(R"({"a":[1,2,{"b":null}]})") << "ok";
    QTest::newRow("scalar") << QByteArray("42") << "ok";
    QTest::newRow("surrounding whitespace") << QByteArray(" \n true \r\n") << "ok";
    QTest::newRow("1e308 fits") << QByteArray("1e308") << "ok";
    QTest::newRow("tiny number underflows to zero") << QByteArray("1e-400") << "ok";
    QTest::newRow("1e400") << QByteArray("1e400") << "JSON_NUMBER_OUT_OF_RANGE";
    QTest::newRow("1e400 line") << QByteArray("1e400\n") << "JSON_NUMBER_OUT_OF_RANGE";
    QTest::newRow("-1e400") << QByteArray("-1e400") << "JSON_NUMBER_OUT_OF_RANGE";
    QTest::newRow("1e400 inside") << QByteArray(R"({"p":{"amount":1e400}})") << "JSON_NUMBER_OUT_OF_RANGE";
    QTest::newRow("400-digit integer") << QByteArray(std::string(400, '9').c_str()) << "JSON_NUMBER_OUT_OF_RANGE";
    QTest::newRow("empty") << QByteArray("") << "JSON_MALFORMED";
    QTest::newRow("only whitespace") << QByteArray("  \n") << "JSON_MALFORMED";
    QTest::newRow("trailing garbage") << QByteArray(R"({"a":1}x)") << "JSON_MALFORMED";
    QTest::newRow("two values") << QByteArray("1 2") << "JSON_MALFORMED";
    QTest::newRow("unterminated") << QByteArray(R"({"a":)") << "JSON_MALFORMED";
    QTest::newRow("NUL after value") << QByteArray("{}\0", 3) << "JSON_MALFORMED";
    QTest::newRow("NUL in string") << QByteArray("\"a\0b\"", 5) << "JSON_MALFORMED";
    QTest::newRow("NUL hides trailing value") << QByteArray("{}\0{\"x\":1}", 10) << "JSON_MALFORMED";
    QTest::newRow("NUL first") << QByteArray("\0", 1) << "JSON_MALFORMED";
    QTest::newRow("invalid UTF-8 in string") << QByteArray("\"\xff\xfe\"") << "JSON_MALFORMED";
    QTest::newRow("overlong UTF-8") << QByteArray("\"\xc0\xaf\"") << "JSON_MALFORMED";
    QTest::newRow("lone surrogate escape") << QByteArray(R"("\ud800")") << "JSON_MALFORMED";
    QTest::newRow("depth 64") << QByteArray(nested(64).c_str()) << "ok";
    QTest::newRow("depth 65") << QByteArray(nested(65).c_str()) << "JSON_TOO_DEEP";
    QTest::newRow("60000 deep id") << QByteArray(("{\"id\":" + nested(60000) + "}").c_str()) << "JSON_TOO_DEEP";
    QTest::newRow("60000 unclosed") << QByteArray(std::string(60000, '{').c_str()) << "JSON_TOO_DEEP";
    QTest::newRow("brackets in strings do not count") << QByteArray(("[\"" + std::string(100, '[') + "\"]").c_str()) << "ok";
    QTest::newRow("escaped quote keeps string") << QByteArray(("[\"\\\"" + std::string(100, '{') + "\"]").c_str()) << "ok";
  }
  void codes() {
    QFETCH(QByteArray, text);
    QFETCH(QString, code);
    QCOMPARE(codeOf(std::string_view(text.constData(), static_cast<std::size_t>(text.size()))), code);
  }

  void messagesAreSentencesWithPosition() {
    auto r = parseJson("{\"a\": 1e400}");
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().message),
             QStringLiteral("not valid JSON: the number 1e400 at byte 11 is beyond the range of a double"));
    auto deep = parseJson(nested(70));
    QCOMPARE(QString::fromStdString(deep.error().message), QStringLiteral("not valid JSON: nested deeper than 64 levels at byte 65"));
    auto bad = parseJson("[1,]");
    QCOMPARE(QString::fromStdString(bad.error().message),
             QStringLiteral("not valid JSON: syntax error at byte 4 while parsing value - unexpected ']'; expected '[', '{', or a literal"));
  }
  void messagesHoldNoRawBytes() {
    // A message must stay printable ASCII (it is dumped into answers and logs) and short.
    const std::string hostile = "[\"\x01\xff" + std::string(5000, 'x') + "\" 1e999" + std::string(5000, '9') + "]";
    for (const std::string& text : {hostile, std::string("\xff\xfe"), std::string(5000, '9') + "e9999"}) {
      auto r = parseJson(text);
      QVERIFY(!r.ok());
      for (unsigned char c : r.error().message) QVERIFY2(c >= 0x20 && c < 0x7f, r.error().message.c_str());
      QVERIFY2(r.error().message.size() < 400, r.error().message.c_str());
    }
  }

  void limitsAreOptions() {
    JsonLimits shallow;
    shallow.maxDepth = 2;
    QCOMPARE(codeOf("[[1]]", shallow), QStringLiteral("ok"));
    QCOMPARE(codeOf("[[[1]]]", shallow), QStringLiteral("JSON_TOO_DEEP"));
    QCOMPARE(codeOf(R"({"a":{"b":{}}})", shallow), QStringLiteral("JSON_TOO_DEEP"));
    JsonLimits small;
    small.maxBytes = 8;
    QCOMPARE(codeOf("[1,2,3]", small), QStringLiteral("ok"));
    QCOMPARE(codeOf("[1,2,3,4]", small), QStringLiteral("JSON_TOO_LARGE"));
    QCOMPARE(QString::fromStdString(lezpay::util::kJsonDefaultMaxDepth == 64 ? "64" : "?"), QStringLiteral("64"));
  }

  void bigIntegers() {
    const std::string u128max = "340282366920938463463374607431768211455";
    // Default: 64-bit integers exact, a bigger integer becomes a double as in nlohmann.
    auto d = parseJson("[18446744073709551615,-9223372036854775808," + u128max + "]");
    QVERIFY(d.ok());
    QVERIFY(d.value()[0].is_number_unsigned());
    QCOMPARE(d.value()[0].get<std::uint64_t>(), UINT64_MAX);
    QCOMPARE(d.value()[1].get<std::int64_t>(), INT64_MIN);
    QVERIFY(d.value()[2].is_number_float());
    // bigIntegersAsText keeps the exact decimal text; decimals and exponents stay doubles.
    JsonLimits exact;
    exact.bigIntegersAsText = true;
    auto e = parseJson("{\"a\":" + u128max + ",\"b\":-" + u128max + ",\"c\":1.5,\"d\":1e30}", exact);
    QVERIFY(e.ok());
    QCOMPARE(QString::fromStdString(e.value()["a"].get<std::string>()), QString::fromStdString(u128max));
    QCOMPARE(QString::fromStdString(e.value()["b"].get<std::string>()), QString::fromStdString("-" + u128max));
    QVERIFY(e.value()["c"].is_number_float());
    QVERIFY(e.value()["d"].is_number_float());
    QCOMPARE(codeOf("1e400", exact), QStringLiteral("JSON_NUMBER_OUT_OF_RANGE"));
  }

  void valuesMatchNlohmann() {
    const std::string text = R"({"s":"\u00e9\n","n":[-1,0,1.25,true,false,null],"o":{"k":{}},"dup":1,"dup":2})";
    auto r = parseJson(text);
    QVERIFY(r.ok());
    QCOMPARE(QString::fromStdString(r.value().dump()), QString::fromStdString(Json::parse(text).dump()));
    QCOMPARE(r.value()["dup"].get<int>(), 2);
  }
};

QTEST_GUILESS_MAIN(TstJsonParse)
#include "tst_json_parse.moc"
