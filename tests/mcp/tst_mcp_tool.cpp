// libs/mcp tool: descriptors, argument checks against inputSchema, result shapes and the x402
// challenge (mcp.md §7, §9.1, §9.3).
#include <QtTest>

#include "lezpay/mcp/mcp_common.h"
#include "lezpay/mcp/tool.h"

using namespace lezpay::mcp;

namespace {

ToolDescriptor fetchTool() {
  ToolDescriptor t;
  t.name = "fetch_paid";
  t.description = "GET a paid resource";
  t.inputSchema = Json::parse(R"({"type":"object","additionalProperties":false,"properties":{"url":{"type":"string","description":"the URL","minLength":1,"maxLength":20},"reason":{"type":"string","description":"why"},"wait_seconds":{"type":"integer","description":"wait","minimum":0,"maximum":600},"mode":{"type":"string","description":"mode","enum":["wait","return"]},"max_amount":{"type":["string","integer"],"description":"cap"}},"required":["url","reason"]})");
  return t;
}

}  // namespace

class TstMcpTool : public QObject {
  Q_OBJECT
 private slots:
  void descriptorChecks();
  void argumentsAccepted();
  void argumentsRefusedNameTheArgument_data();
  void argumentsRefusedNameTheArgument();
  void toolWithoutSchemaTakesNoArguments();
  void resultShapes();
  void paymentChallengeRoundTrip();
  void nonChallengesAreNotPaymentRequired();
};

void TstMcpTool::descriptorChecks() {
  QVERIFY(checkDescriptor(fetchTool()).ok());
  auto t = fetchTool();
  t.name = "bad name";
  QCOMPARE(checkDescriptor(t).error().code, std::string("INVALID_TOOL"));
  t = fetchTool();
  t.name = std::string(129, 'a');
  QVERIFY(!checkDescriptor(t).ok());
  t = fetchTool();
  t.inputSchema["required"].push_back("nope");
  QVERIFY(!checkDescriptor(t).ok());
  t = fetchTool();
  t.inputSchema["properties"]["url"]["type"] = "uri";
  QVERIFY(!checkDescriptor(t).ok());
  t = fetchTool();
  t.inputSchema["properties"]["url"]["description"] = 5;  // a wrong type must not throw
  QVERIFY(!checkDescriptor(t).ok());
  t = fetchTool();
  t.description.clear();
  QVERIFY(!checkDescriptor(t).ok());
  QVERIFY(isValidToolName("a.b-c_9"));
  QVERIFY(!isValidToolName(""));
  QVERIFY(!isValidToolName("é"));
}

void TstMcpTool::argumentsAccepted() {
  const auto t = fetchTool();
  QVERIFY(checkArguments(t, Json{{"url", "http://x"}, {"reason", "r"}}).ok());
  QVERIFY(checkArguments(t, Json{{"url", "http://x"}, {"reason", "r"}, {"max_amount", 5}, {"mode", "wait"}}).ok());
  QVERIFY(checkArguments(t, Json{{"url", "http://x"}, {"reason", "r"}, {"max_amount", "5"}, {"wait_seconds", 600}}).ok());
  // Lengths count characters, not bytes.
  QVERIFY(checkArguments(t, Json{{"url", "ééééééééééééééééééé"}, {"reason", "r"}}).ok());
}

void TstMcpTool::argumentsRefusedNameTheArgument_data() {
  QTest::addColumn<QString>("args");
  QTest::addColumn<QString>("message");
  QTest::newRow("missing") << R"({"url":"u"})" << "arguments.reason: is required";
  QTest::newRow("wrong type") << R"({"url":1,"reason":"r"})" << "arguments.url: must be string";
  QTest::newRow("union type") << R"({"url":"u","reason":"r","max_amount":true})" << "arguments.max_amount: must be string or integer";
  QTest::newRow("extra") << R"({"url":"u","reason":"r","x":1})" << "arguments.x: is not an argument of fetch_paid";
  QTest::newRow("too short") << R"({"url":"","reason":"r"})" << "arguments.url: must be at least 1 characters long";
  QTest::newRow("too long") << R"({"url":"123456789012345678901","reason":"r"})" << "arguments.url: must be at most 20 characters long";
  QTest::newRow("below") << R"({"url":"u","reason":"r","wait_seconds":-1})" << "arguments.wait_seconds: must be at least 0";
  QTest::newRow("above") << R"({"url":"u","reason":"r","wait_seconds":601})" << "arguments.wait_seconds: must be at most 600";
  QTest::newRow("fraction") << R"({"url":"u","reason":"r","wait_seconds":1.5})" << "arguments.wait_seconds: must be integer";
  QTest::newRow("enum") << R"({"url":"u","reason":"r","mode":"later"})" << "arguments.mode: must be one of [\"wait\",\"return\"]";
  QTest::newRow("not object") << "[1]" << "arguments must be an object";
}

void TstMcpTool::argumentsRefusedNameTheArgument() {
  QFETCH(QString, args);
  QFETCH(QString, message);
  auto st = checkArguments(fetchTool(), Json::parse(args.toStdString()));
  QVERIFY(!st.ok());
  QCOMPARE(st.error().code, std::string("INVALID_ARGUMENTS"));
  QCOMPARE(QString::fromStdString(st.error().message), message);
}

void TstMcpTool::toolWithoutSchemaTakesNoArguments() {
  ToolDescriptor t;
  t.name = "wallet_balance";
  t.description = "balance";
  QVERIFY(checkDescriptor(t).ok());
  const char* kText1 = R"({"type":"object","additionalProperties":false})";
  QCOMPARE(encodeTool(t)["inputSchema"], Json::parse(kText1));
  QVERIFY(checkArguments(t, nullptr).ok());
  QVERIFY(checkArguments(t, Json::object()).ok());
  QVERIFY(!checkArguments(t, Json{{"a", 1}}).ok());
}

void TstMcpTool::resultShapes() {
  auto r = encodeToolResult(structuredResult(Json{{"a", 1}}));
  QCOMPARE(r["structuredContent"], Json({{"a", 1}}));
  const char* kText2 = R"({"a":1})";
  QCOMPARE(r["content"][0]["text"], Json(kText2));
  QVERIFY(!r.contains("isError"));
  r = encodeToolResult(errorResult("SPEND_REQUEST_DECLINED", "the owner declined", Json{{"spend_request_id", "lsrq_1"}}));
  QCOMPARE(r["isError"], Json(true));
  QCOMPARE(r["content"][0]["text"], Json("SPEND_REQUEST_DECLINED: the owner declined"));
  QCOMPARE(r["structuredContent"]["code"], Json("SPEND_REQUEST_DECLINED"));
  QCOMPARE(r["structuredContent"]["spend_request_id"], Json("lsrq_1"));
  ToolResult withMeta = textResult("ok");
  withMeta.meta = Json{{std::string(kMetaX402PaymentResponse), Json{{"success", true}}}};
  r = encodeToolResult(withMeta);
  QCOMPARE(r["_meta"]["x402/payment-response"]["success"], Json(true));
  QVERIFY(!encodeToolResult(textResult("x")).contains("_meta"));
}

void TstMcpTool::paymentChallengeRoundTrip() {
  const Json pr = Json::parse(R"({"x402Version":2,"error":"Payment required to access this tool","resource":{"url":"mcp://tool/store_query"},"accepts":[{"scheme":"exact","network":"logos:lez-localnet","amount":"2500","asset":"native","payTo":"x","maxTimeoutSeconds":120,"extra":{}}]})");
  const Json r = encodeToolResult(paymentRequiredResult(pr));
  QCOMPARE(r["isError"], Json(true));
  QCOMPARE(r["structuredContent"], pr);
  QCOMPARE(Json::parse(r["content"][0]["text"].get<std::string>()), pr);
  QCOMPARE(findPaymentRequired(r).value(), pr);
  // Only in the text block (a server that sends no structuredContent).
  Json textOnly = r;
  textOnly.erase("structuredContent");
  QCOMPARE(findPaymentRequired(textOnly).value(), pr);
  QCOMPARE(std::string(kMetaX402Payment), std::string("x402/payment"));
  QCOMPARE(std::string(kPaidToolUrlPrefix) + "store_query", std::string("mcp://tool/store_query"));
}

void TstMcpTool::nonChallengesAreNotPaymentRequired() {
  QVERIFY(!findPaymentRequired(encodeToolResult(textResult("{\"x402Version\":2,\"accepts\":[{}]}"))));  // not isError
  QVERIFY(!findPaymentRequired(encodeToolResult(errorResult("X", "y"))));
  const char* kText3 = R"({"isError":true,"content":[{"type":"text","text":"{\"x402Version\":1,\"accepts\":[{}]}"}]})";
  QVERIFY(!findPaymentRequired(Json::parse(kText3)));
  const char* kText4 = R"({"isError":true,"content":[{"type":"text","text":"[[[["}]})";
  QVERIFY(!findPaymentRequired(Json::parse(kText4)));
  const char* kText5 = R"({"isError":true,"structuredContent":{"x402Version":2,"accepts":[]},"content":[]})";
  QVERIFY(!findPaymentRequired(Json::parse(kText5)));
  QVERIFY(!findPaymentRequired(Json(3)));
}

QTEST_GUILESS_MAIN(TstMcpTool)
#include "tst_mcp_tool.moc"
