// libs/mcp streamable_http: the Streamable HTTP request rules (mcp.md §5) as pure checks.
#include <QtTest>

#include "lezpay/mcp/message_codec.h"
#include "lezpay/mcp/streamable_http.h"

using namespace lezpay::mcp;

class TstMcpStreamableHttp : public QObject {
  Q_OBJECT
 private slots:
  void originAbsentOrAllowListedPasses();
  void foreignOriginIs403();
  void postHeaders();
  void protocolVersionHeader();
  void sessionHeader();
  void refusalBodyIsAnIdLessJsonRpcError();
  void sessionIdsAndSse();
};

void TstMcpStreamableHttp::originAbsentOrAllowListedPasses() {
  const std::vector<std::string> allowed{"http://127.0.0.1:4000", "http://localhost:4000"};
  QVERIFY(!checkOrigin(std::nullopt, allowed));
  QVERIFY(!checkOrigin(std::string("http://LOCALHOST:4000"), allowed));
}

void TstMcpStreamableHttp::foreignOriginIs403() {
  auto r = checkOrigin(std::string("https://evil.example"), {"http://127.0.0.1:4000"});
  QVERIFY(r);
  QCOMPARE(r->status, 403);
  QVERIFY(r->code == McpError::OriginRefused);
  QVERIFY(checkOrigin(std::string("null"), {}));
  // A hostile header is not echoed raw.
  r = checkOrigin(std::string("http://x\x01\xff"), {});
  QVERIFY(r->message.find('\x01') == std::string::npos);
}

void TstMcpStreamableHttp::postHeaders() {
  QVERIFY(!checkPostHeaders(std::string("application/json, text/event-stream"), std::string("application/json")));
  QVERIFY(!checkPostHeaders(std::string("text/event-stream;q=0.9 , Application/JSON"), std::string("application/json; charset=utf-8")));
  QVERIFY(!checkPostHeaders(std::string("*/*"), std::string("application/json")));
  QCOMPARE(checkPostHeaders(std::string("application/json"), std::string("application/json"))->status, 406);
  QCOMPARE(checkPostHeaders(std::nullopt, std::string("application/json"))->status, 406);
  QCOMPARE(checkPostHeaders(std::string("application/json, text/event-stream"), std::string("text/plain"))->status, 415);
  QVERIFY(checkPostHeaders(std::string("application/json, text/event-stream"), std::nullopt)->code == McpError::UnsupportedMediaType);
}

void TstMcpStreamableHttp::protocolVersionHeader() {
  QVERIFY(!checkProtocolVersionHeader(std::nullopt));
  QVERIFY(!checkProtocolVersionHeader(std::string("2025-06-18")));
  QVERIFY(!checkProtocolVersionHeader(std::string("2025-03-26")));
  auto r = checkProtocolVersionHeader(std::string("2026-07-28"));
  QCOMPARE(r->status, 400);
  QVERIFY(r->code == McpError::UnsupportedVersion);
}

void TstMcpStreamableHttp::sessionHeader() {
  QCOMPARE(checkSessionHeader(std::nullopt, false)->status, 400);
  QCOMPARE(checkSessionHeader(std::string("abc"), false)->status, 404);
  QVERIFY(checkSessionHeader(std::string("abc"), false)->code == McpError::UnknownSession);
  QVERIFY(!checkSessionHeader(std::string("abc"), true));
}

void TstMcpStreamableHttp::refusalBodyIsAnIdLessJsonRpcError() {
  auto j = Json::parse(refusalBody(HttpRefusal{404, McpError::UnknownSession, "gone"}));
  QVERIFY(!j.contains("id"));
  QCOMPARE(j["error"]["code"], Json(-32600));
  QCOMPARE(j["error"]["data"]["code"], Json("MCP_UNKNOWN_SESSION"));
}

void TstMcpStreamableHttp::sessionIdsAndSse() {
  std::vector<std::uint8_t> bytes(kSessionIdBytes, 0xab);
  const std::string id = newSessionId(bytes);
  QCOMPARE(id.size(), kSessionIdBytes * 2);
  QVERIFY(isValidSessionId(id));
  QVERIFY(!isValidSessionId(""));
  QVERIFY(!isValidSessionId("a b"));
  QVERIFY(!isValidSessionId(std::string(257, 'a')));
  const char* kText20 = R"({"a":1})";
  QCOMPARE(sseEvent(kText20), std::string("event: message\ndata: {\"a\":1}\n\n"));
}

QTEST_GUILESS_MAIN(TstMcpStreamableHttp)
#include "tst_mcp_streamable_http.moc"
