// The daemon's request-line decoding (host/src/request_line.cpp, docs/protocol.md §1): hostile
// lines are errors with stable codes, never exceptions or crashes.
#include <QtTest>

#include <string>

#include "logos/envelope.h"
#include "logos/host/request_line.h"

using logos::Json;
using namespace logos::host;

namespace {
const std::string kToken(64, '0');
std::string line(const std::string& method, const std::string& paramsJson) {
  return "{\"id\":9,\"token\":\"" + kToken + "\",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
}
// The answer the daemon writes for `text`: the decode error, the check error or "ok".
Json answerFor(const std::string& text) {
  auto r = decodeRequestLine(text);
  if (!r.ok()) return requestErrorEnvelope(r.error());
  auto c = checkRequest(r.value());
  if (!c.ok()) return requestErrorEnvelope(c.error());
  return logos::okEnvelope();
}
}  // namespace

class TstRequestLine : public QObject {
  Q_OBJECT
 private slots:
  void hostileLines_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("jsonError");  // "" = RPC_FAILED without json_error
    QTest::newRow("1e400") << "1e400\n" << "JSON_NUMBER_OUT_OF_RANGE";
    QTest::newRow("-1e400 id") << R"({"id":-1e400,"method":"status"})" << "JSON_NUMBER_OUT_OF_RANGE";
    QTest::newRow("params 1e400") << QString::fromStdString(line("call", R"({"module":"m","method":"chainAction","args":["op",{"x":1e400}]})"))
                                  << "JSON_NUMBER_OUT_OF_RANGE";
    QTest::newRow("60000-deep id") << QString::fromStdString("{\"id\":" + std::string(60000, '[') + std::string(60000, ']') + "}")
                                   << "JSON_TOO_DEEP";
    QTest::newRow("malformed") << "{not json" << "JSON_MALFORMED";
    QTest::newRow("trailing bytes") << R"({"method":"status"} {})" << "JSON_MALFORMED";
    QTest::newRow("array") << R"(["array"])" << "";
    QTest::newRow("params not object") << QString::fromStdString(line("status", "[]")) << "";
    QTest::newRow("method not string") << R"({"method":5})" << "";
  }
  void hostileLines() {
    QFETCH(QString, text);
    QFETCH(QString, jsonError);
    const Json answer = answerFor(text.toStdString());
    QVERIFY2(logos::isWellFormedEnvelope(answer), answer.dump().c_str());
    QCOMPARE(QString::fromStdString(answer["code"].get<std::string>()), QStringLiteral("RPC_FAILED"));
    QCOMPARE(QString::fromStdString(answer.value("json_error", std::string())), jsonError);
    QVERIFY(answer["message"].get<std::string>().rfind("request ", 0) == 0 || jsonError.isEmpty());
    (void)answer.dump();  // strict UTF-8 dump succeeds
  }

  void depthLimitCountsTheEnvelope() {
    // The request object is level 1, so an id may nest 63 levels.
    auto ok = decodeRequestLine("{\"id\":" + std::string(63, '[') + std::string(63, ']') + "}");
    QVERIFY(ok.ok());
    auto deep = decodeRequestLine("{\"id\":" + std::string(64, '[') + std::string(64, ']') + "}");
    QVERIFY(!deep.ok());
    QCOMPARE(QString::fromStdString(deep.error().code), QStringLiteral("JSON_TOO_DEEP"));
  }
  void lineSizeIsBounded() {
    auto big = decodeRequestLine("{\"id\":\"" + std::string(kMaxRequestLineBytes, 'a') + "\"}");
    QVERIFY(!big.ok());
    QCOMPARE(QString::fromStdString(big.error().code), QStringLiteral("JSON_TOO_LARGE"));
  }
  void validRequestDecodes() {
    auto r = decodeRequestLine(line("call", R"({"module":"test_echo","method":"add","args":[1,2]})"));
    QVERIFY(r.ok());
    QCOMPARE(r.value().id, Json(9));
    auto c = checkRequest(r.value());
    QVERIFY(c.ok());
    QCOMPARE(QString::fromStdString(c.value().method), QStringLiteral("call"));
    QCOMPARE(QString::fromStdString(stringParam(c.value().params, "module")), QStringLiteral("test_echo"));
    QCOMPARE(QString::fromStdString(stringParam(c.value().params, "absent")), QString());
    auto noParams = decodeRequestLine(R"({"method":"status"})");
    QVERIFY(noParams.ok() && checkRequest(noParams.value()).ok());
    QCOMPARE(noParams.value().params, Json::object());
  }

  void timeoutParam_data() {
    QTest::addColumn<QString>("params");
    QTest::addColumn<int>("expected");  // -1 = RPC_FAILED
    QTest::newRow("absent") << "{}" << 0;
    QTest::newRow("null") << R"({"timeout_ms":null})" << 0;
    QTest::newRow("500") << R"({"timeout_ms":500})" << 500;
    QTest::newRow("one day") << R"({"timeout_ms":86400000})" << 86400000;
    QTest::newRow("over one day") << R"({"timeout_ms":86400001})" << -1;
    QTest::newRow("u64 max") << R"({"timeout_ms":18446744073709551615})" << -1;
    QTest::newRow("negative") << R"({"timeout_ms":-1})" << -1;
    QTest::newRow("i64 min") << R"({"timeout_ms":-9223372036854775808})" << -1;
    QTest::newRow("double") << R"({"timeout_ms":1e300})" << -1;
    QTest::newRow("fraction") << R"({"timeout_ms":1.5})" << -1;
    QTest::newRow("string") << R"({"timeout_ms":"soon"})" << -1;
    QTest::newRow("object") << R"({"timeout_ms":{}})" << -1;
  }
  void timeoutParam() {
    QFETCH(QString, params);
    QFETCH(int, expected);
    auto t = callTimeoutParam(Json::parse(params.toStdString()));
    if (expected < 0) {
      QVERIFY(!t.ok());
      QCOMPARE(QString::fromStdString(t.error().code), QStringLiteral("RPC_FAILED"));
      QVERIFY(QString::fromStdString(t.error().message).contains("timeout_ms"));
    } else {
      QVERIFY(t.ok());
      QCOMPARE(t.value(), expected);
    }
  }
  void boolParamChecksType() {
    QCOMPARE(boolParam(Json::object(), "loaded", false).value(), false);
    QCOMPARE(boolParam(Json{{"loaded", true}}, "loaded", false).value(), true);
    auto bad = boolParam(Json{{"loaded", "yes"}}, "loaded", false);
    QVERIFY(!bad.ok());
    QVERIFY(QString::fromStdString(bad.error().message).contains("loaded"));
  }
};

QTEST_GUILESS_MAIN(TstRequestLine)
#include "tst_request_line.moc"
