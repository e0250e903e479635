// Exact big integers in JSON and JSON-RPC 2.0 envelopes (libs/jsonrpc).
#include <QtTest>

#include "lezpay/jsonrpc/jsonrpc.h"

using namespace lezpay::jsonrpc;

class TstExactJson : public QObject {
  Q_OBJECT
 private slots:
  void bigIntegersStayExact() {
    auto j = parseExact(R"({"a":340282366920938463463374607431768211455,"b":18446744073709551615,"c":-5,"d":1.5,"e":1e3})");
    QVERIFY(j.ok());
    QCOMPARE(QString::fromStdString(j.value()["a"].get<std::string>()), QStringLiteral("340282366920938463463374607431768211455"));
    QVERIFY(j.value()["b"].is_number_unsigned());
    QCOMPARE(j.value()["c"].get<int>(), -5);
    QVERIFY(j.value()["d"].is_number_float());
    QVERIFY(j.value()["e"].is_number_float());
    QCOMPARE(QString::fromStdString(u128Text(j.value()["a"]).value()), QStringLiteral("340282366920938463463374607431768211455"));
    QCOMPARE(QString::fromStdString(u128Text(j.value()["b"]).value()), QStringLiteral("18446744073709551615"));
    QVERIFY(!u128Text(j.value()["c"]).ok());
    QVERIFY(!u128Text(j.value()["d"]).ok());
    QVERIFY(!u128Text(Json("340282366920938463463374607431768211456")).ok());
    QVERIFY(!u128Text(Json("01")).ok());
  }
  void rawNumbersDumpBare() {
    Json v{{"balance", rawNumber("340282366920938463463374607431768211455")}, {"list", Json::array({rawNumber("0"), "x"})}};
    QCOMPARE(QString::fromStdString(dumpExact(v)),
             QStringLiteral(R"({"balance":340282366920938463463374607431768211455,"list":[0,"x"]})"));
    auto back = parseExact(dumpExact(v));
    QCOMPARE(QString::fromStdString(back.value()["balance"].get<std::string>()), QStringLiteral("340282366920938463463374607431768211455"));
  }
  void parseErrorsAreReported() {
    auto j = parseExact("{\"a\":");
    QVERIFY(!j.ok());
    QCOMPARE(QString::fromStdString(j.error().code), QStringLiteral("JSON_MALFORMED"));
  }
  void requests_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("code");  // 0 = valid
    QTest::newRow("positional") << R"({"jsonrpc":"2.0","id":1,"method":"getAccount","params":["abc"]})" << 0;
    QTest::newRow("named") << R"({"jsonrpc":"2.0","id":"x","method":"getAccount","params":{"account_id":"abc"}})" << 0;
    QTest::newRow("no params") << R"({"jsonrpc":"2.0","id":1,"method":"checkHealth"})" << 0;
    QTest::newRow("junk") << "{nope" << -32700;
    QTest::newRow("batch") << R"([{"jsonrpc":"2.0","id":1,"method":"a"}])" << -32600;
    QTest::newRow("no version") << R"({"id":1,"method":"a"})" << -32600;
    QTest::newRow("method not string") << R"({"jsonrpc":"2.0","id":1,"method":5})" << -32600;
    QTest::newRow("params scalar") << R"({"jsonrpc":"2.0","id":1,"method":"a","params":5})" << -32600;
    QTest::newRow("id object") << R"({"jsonrpc":"2.0","id":{},"method":"a"})" << -32600;
  }
  void requests() {
    QFETCH(QString, text);
    QFETCH(int, code);
    auto r = parseRequest(text.toStdString());
    if (code == 0) {
      QVERIFY(std::holds_alternative<RpcRequest>(r));
      const auto& req = std::get<RpcRequest>(r);
      auto p = param(req.params, 0, {"account_id", "accountId"});
      if (req.method == "getAccount") QCOMPARE(QString::fromStdString(p->get<std::string>()), QStringLiteral("abc"));
    } else {
      QVERIFY(std::holds_alternative<ParseFailure>(r));
      QCOMPARE(std::get<ParseFailure>(r).error.code, code);
    }
  }
  void responses() {
    QCOMPARE(QString::fromStdString(resultResponse(1, rawNumber("12345678901234567890123"))),
             QStringLiteral(R"({"jsonrpc":"2.0","id":1,"result":12345678901234567890123})"));
    auto r = readResponse(R"({"jsonrpc":"2.0","id":7,"error":{"code":-32602,"message":"bad signature"}})", 7);
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("RPC_-32602"));
    QCOMPARE(QString::fromStdString(r.error().message), QStringLiteral("bad signature"));
    QVERIFY(!readResponse(R"({"jsonrpc":"2.0","id":8,"result":1})", 7).ok());
    auto ok = readResponse(R"({"jsonrpc":"2.0","id":7,"result":340282366920938463463374607431768211455})", 7);
    QVERIFY(ok.ok());
    QVERIFY(ok.value().is_string());
  }
};

QTEST_APPLESS_MAIN(TstExactJson)
#include "tst_exact_json.moc"
