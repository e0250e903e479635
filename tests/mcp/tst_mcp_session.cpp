// libs/mcp session: lifecycle, negotiation, ping, tools/list, tools/call checks, cancellation and
// progress (mcp.md §3, §6, §7).
#include <QtTest>

#include "lezpay/mcp/session.h"

using namespace lezpay::mcp;

namespace {

Session makeSession() {
  ToolDescriptor echo;
  echo.name = "echo";
  echo.description = "echoes text";
  echo.inputSchema = Json::parse(R"({"type":"object","additionalProperties":false,"properties":{"text":{"type":"string","description":"text"}},"required":["text"]})");
  ToolDescriptor none;
  none.name = "wallet_balance";
  none.description = "balance";
  return Session(ServerInfo{"lez-pay-mcp", "0.1.0", "", "Paid tools need owner approval."}, {echo, none});
}

Json only(const Step& s) {
  if (s.replies.size() != 1) return nullptr;
  return Json::parse(s.replies[0]);
}

std::string init(Session& s, const std::string& version = "2025-06-18") {
  auto st = s.handleText(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")" + version +
                         R"(","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
  s.handleText(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  return only(st)["result"]["protocolVersion"].get<std::string>();
}

std::string errCode(const Json& reply) { return reply["error"]["data"]["code"].get<std::string>(); }

}  // namespace

class TstMcpSession : public QObject {
  Q_OBJECT
 private slots:
  void initializeAnswersTheSpecShape();
  void versionNegotiation_data();
  void versionNegotiation();
  void requestsBeforeInitializeAreRefused();
  void pingAnswersAtAnyTime();
  void secondInitializeIsRefused();
  void toolsListAndBadCursor();
  void unknownMethodAndUnknownTool();
  void malformedToolsCallParams();
  void badArgumentsAreAToolErrorAndDoNotRun();
  void toolCallCompletesOnce();
  void cancellationStopsAndSilencesTheCall();
  void progressOnlyWithTokenAndIncreasing();
  void duplicateIdAndTooManyCalls();
  void batchesOnlyUnder20250326();
  void undecodableTextsGetTheSpecAnswers();
};

void TstMcpSession::initializeAnswersTheSpecShape() {
  Session s = makeSession();
  QVERIFY(s.state() == SessionState::AwaitingInitialize);
  auto st = s.handleText(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"agent","version":"1.0.0"}}})");
  QVERIFY(st.initializeAnswered);
  const Json expected = Json::parse(R"({"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{"listChanged":false}},"serverInfo":{"name":"lez-pay-mcp","version":"0.1.0"},"instructions":"Paid tools need owner approval."}})");
  QCOMPARE(only(st), expected);
  QVERIFY(s.state() == SessionState::AwaitingInitialized);
  st = s.handleText(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  QVERIFY(st.replies.empty());
  QVERIFY(s.state() == SessionState::Ready);
}

void TstMcpSession::versionNegotiation_data() {
  QTest::addColumn<QString>("requested");
  QTest::addColumn<QString>("answered");
  QTest::newRow("preferred") << "2025-06-18" << "2025-06-18";
  QTest::newRow("older supported") << "2025-03-26" << "2025-03-26";
  QTest::newRow("newer") << "2025-11-25" << "2025-06-18";
  QTest::newRow("oldest") << "2024-11-05" << "2025-06-18";
  QTest::newRow("garbage") << "yesterday" << "2025-06-18";
}

void TstMcpSession::versionNegotiation() {
  QFETCH(QString, requested);
  QFETCH(QString, answered);
  Session s = makeSession();
  QCOMPARE(QString::fromStdString(init(s, requested.toStdString())), answered);
  QCOMPARE(QString::fromStdString(s.protocolVersion()), answered);
}

void TstMcpSession::requestsBeforeInitializeAreRefused() {
  Session s = makeSession();
  auto r = only(s.handleText(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})"));
  QCOMPARE(r["error"]["code"], Json(-32600));
  QCOMPARE(errCode(r), std::string("MCP_NOT_INITIALIZED"));
  QCOMPARE(r["id"], Json(1));
  // Notifications before initialize are ignored.
  const char* kText6 = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";
  QVERIFY(s.handleText(kText6).replies.empty());
  QVERIFY(s.state() == SessionState::AwaitingInitialize);
  // initialize without a version is invalid params, and the session stays uninitialized.
  r = only(s.handleText(R"({"jsonrpc":"2.0","id":2,"method":"initialize","params":{}})"));
  QCOMPARE(r["error"]["code"], Json(-32602));
  QVERIFY(s.state() == SessionState::AwaitingInitialize);
}

void TstMcpSession::pingAnswersAtAnyTime() {
  Session s = makeSession();
  const char* kText7 = R"({"jsonrpc":"2.0","id":"p","method":"ping"})";
  const char* kText8 = R"({"jsonrpc":"2.0","id":"p","result":{}})";
  QCOMPARE(only(s.handleText(kText7)), Json::parse(kText8));
  init(s);
  const char* kText9 = R"({"jsonrpc":"2.0","id":9,"method":"ping"})";
  QCOMPARE(only(s.handleText(kText9))["result"], Json::object());
}

void TstMcpSession::secondInitializeIsRefused() {
  Session s = makeSession();
  init(s);
  auto r = only(s.handleText(R"({"jsonrpc":"2.0","id":5,"method":"initialize","params":{"protocolVersion":"2025-03-26"}})"));
  QCOMPARE(errCode(r), std::string("MCP_ALREADY_INITIALIZED"));
  QCOMPARE(s.protocolVersion(), std::string("2025-06-18"));
}

void TstMcpSession::toolsListAndBadCursor() {
  Session s = makeSession();
  init(s);
  auto r = only(s.handleText(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})"));
  QCOMPARE(r["result"]["tools"].size(), std::size_t(2));
  QCOMPARE(r["result"]["tools"][0]["name"], Json("echo"));
  QVERIFY(!r["result"].contains("nextCursor"));
  r = only(s.handleText(R"({"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"cursor":"abc"}})"));
  QCOMPARE(r["error"]["code"], Json(-32602));
  QCOMPARE(errCode(r), std::string("MCP_INVALID_CURSOR"));
}

void TstMcpSession::unknownMethodAndUnknownTool() {
  Session s = makeSession();
  init(s);
  auto r = only(s.handleText(R"({"jsonrpc":"2.0","id":1,"method":"resources/list"})"));
  QCOMPARE(r["error"]["code"], Json(-32601));
  r = only(s.handleText(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"nope","arguments":{}}})"));
  QCOMPARE(r["error"]["code"], Json(-32602));
  QCOMPARE(errCode(r), std::string("MCP_UNKNOWN_TOOL"));
  QVERIFY(r["error"]["message"].get<std::string>().find("'nope'") != std::string::npos);
  // Unknown notifications are ignored.
  const char* kText10 = R"({"jsonrpc":"2.0","method":"notifications/whatever"})";
  QVERIFY(s.handleText(kText10).replies.empty());
}

void TstMcpSession::malformedToolsCallParams() {
  Session s = makeSession();
  init(s);
  for (const char* params : {R"({})", R"({"name":5})", R"({"name":"echo","arguments":[1]})",
                             R"({"name":"echo","arguments":{"text":"a"},"_meta":1})",
                             R"({"name":"echo","arguments":{"text":"a"},"_meta":{"progressToken":1.5}})"}) {
    auto r = only(s.handleText(std::string(R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":)") + params + "}"));
    QCOMPARE(r["error"]["code"], Json(-32602));
    QCOMPARE(errCode(r), std::string("MCP_INVALID_PARAMS"));
  }
  QCOMPARE(s.openCalls(), std::size_t(0));
}

void TstMcpSession::badArgumentsAreAToolErrorAndDoNotRun() {
  Session s = makeSession();
  init(s);
  auto st = s.handleText(R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"text":7}}})");
  QVERIFY(st.calls.empty());
  auto r = only(st);
  QCOMPARE(r["result"]["isError"], Json(true));
  QCOMPARE(r["result"]["structuredContent"]["code"], Json("INVALID_ARGUMENTS"));
  QCOMPARE(r["result"]["content"][0]["text"], Json("INVALID_ARGUMENTS: arguments.text: must be string"));
}

void TstMcpSession::toolCallCompletesOnce() {
  Session s = makeSession();
  init(s);
  auto st = s.handleText(R"({"jsonrpc":"2.0","id":"c1","method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"},"_meta":{"x402/payment":{"x402Version":2}}}})");
  QVERIFY(st.replies.empty());
  QCOMPARE(st.calls.size(), std::size_t(1));
  QCOMPARE(st.calls[0].name, std::string("echo"));
  QCOMPARE(st.calls[0].arguments["text"], Json("hi"));
  QCOMPARE(st.calls[0].meta["x402/payment"]["x402Version"], Json(2));
  QVERIFY(st.calls[0].progressToken.is_null());
  QVERIFY(s.isOpen(Json("c1")));
  auto text = s.complete(Json("c1"), textResult("hi"));
  QVERIFY(text.has_value());
  const char* kText11 = R"({"jsonrpc":"2.0","id":"c1","result":{"content":[{"type":"text","text":"hi"}]}})";
  QCOMPARE(Json::parse(*text), Json::parse(kText11));
  QVERIFY(!s.complete(Json("c1"), textResult("again")).has_value());
  // The string id "1" and the integer id 1 are different requests.
  s.handleText(R"({"jsonrpc":"2.0","id":"1","method":"tools/call","params":{"name":"wallet_balance"}})");
  QVERIFY(!s.isOpen(Json(1)));
  QVERIFY(s.completeError(Json("1"), makeRpcError(McpError::Internal, "boom")).has_value());
}

void TstMcpSession::cancellationStopsAndSilencesTheCall() {
  Session s = makeSession();
  init(s);
  s.handleText(R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"},"_meta":{"progressToken":8}}})");
  auto st = s.handleText(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":8,"reason":"user"}})");
  QVERIFY(st.replies.empty());
  QCOMPARE(st.cancelled.size(), std::size_t(1));
  QCOMPARE(st.cancelled[0], Json(8));
  QVERIFY(!s.isOpen(Json(8)));
  QVERIFY(!s.complete(Json(8), textResult("late")).has_value());
  QVERIFY(!s.progress(Json(8), 1).has_value());
  // Unknown ids and malformed cancellations are ignored.
  const char* kText12 = R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99}})";
  QVERIFY(s.handleText(kText12).cancelled.empty());
  const char* kText13 = R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{}})";
  QVERIFY(s.handleText(kText13).cancelled.empty());
  const char* kText14 = R"({"jsonrpc":"2.0","method":"notifications/cancelled"})";
  QVERIFY(s.handleText(kText14).replies.empty());
}

void TstMcpSession::progressOnlyWithTokenAndIncreasing() {
  Session s = makeSession();
  init(s);
  s.handleText(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}})");
  QVERIFY(!s.progress(Json(1), 1).has_value());
  s.handleText(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"},"_meta":{"progressToken":"tok"}}})");
  auto p = s.progress(Json(2), 1, 3.0, "waiting for the owner");
  QVERIFY(p.has_value());
  const char* kText15 = R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"tok","progress":1.0,"total":3.0,"message":"waiting for the owner"}})";
  QCOMPARE(Json::parse(*p), Json::parse(kText15));
  auto again = Json::parse(*s.progress(Json(2), 1));
  QCOMPARE(again["params"]["progress"], Json(2.0));
  QVERIFY(s.complete(Json(2), textResult("done")).has_value());
  QVERIFY(!s.progress(Json(2), 5).has_value());
}

void TstMcpSession::duplicateIdAndTooManyCalls() {
  Session s = makeSession();
  init(s);
  for (std::size_t i = 0; i < kMaxOpenCalls; ++i) {
    auto st = s.handleText(R"({"jsonrpc":"2.0","id":)" + std::to_string(i) +
                           R"(,"method":"tools/call","params":{"name":"wallet_balance"}})");
    QCOMPARE(st.calls.size(), std::size_t(1));
  }
  auto r = only(s.handleText(R"({"jsonrpc":"2.0","id":0,"method":"tools/call","params":{"name":"wallet_balance"}})"));
  QCOMPARE(errCode(r), std::string("MCP_DUPLICATE_ID"));
  r = only(s.handleText(R"({"jsonrpc":"2.0","id":1000,"method":"tools/call","params":{"name":"wallet_balance"}})"));
  QCOMPARE(errCode(r), std::string("MCP_TOO_MANY_CALLS"));
  QCOMPARE(r["error"]["code"], Json(-32600));
  // ping still answers while calls are open.
  const char* kText16 = R"({"jsonrpc":"2.0","id":"p","method":"ping"})";
  QCOMPARE(only(s.handleText(kText16))["result"], Json::object());
}

void TstMcpSession::batchesOnlyUnder20250326() {
  Session s = makeSession();
  init(s, "2025-06-18");
  auto r = only(s.handleText(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])"));
  QCOMPARE(r["error"]["code"], Json(-32600));
  QCOMPARE(errCode(r), std::string("MCP_BATCH_REFUSED"));
  QVERIFY(!r.contains("id"));

  Session old = makeSession();
  init(old, "2025-03-26");
  auto st = old.handleText(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"wallet_balance"}},{"jsonrpc":"2.0","id":3,"method":"nope"}])");
  r = only(st);
  QVERIFY(r.is_array());
  QCOMPARE(r.size(), std::size_t(2));
  QCOMPARE(r[0]["id"], Json(1));
  QCOMPARE(r[1]["error"]["code"], Json(-32601));
  QCOMPARE(st.calls.size(), std::size_t(1));
}

void TstMcpSession::undecodableTextsGetTheSpecAnswers() {
  Session s = makeSession();
  init(s);
  auto r = only(s.handleText("{not json"));
  QCOMPARE(r["error"]["code"], Json(-32700));
  QVERIFY(!r.contains("id"));
  r = only(s.handleText(R"({"jsonrpc":"2.0","id":4,"method":7})"));
  QCOMPARE(r["error"]["code"], Json(-32600));
  QCOMPARE(r["id"], Json(4));
  // A malformed notification or response is never answered.
  const char* kText17 = R"({"jsonrpc":"2.0","method":"x","params":"p"})";
  QVERIFY(s.handleText(kText17).replies.empty());
  const char* kText18 = R"({"jsonrpc":"2.0","id":4,"result":7})";
  QVERIFY(s.handleText(kText18).replies.empty());
  const char* kText19 = R"({"jsonrpc":"2.0","id":4,"result":{}})";
  QVERIFY(s.handleText(kText19).replies.empty());
}

QTEST_GUILESS_MAIN(TstMcpSession)
#include "tst_mcp_session.moc"
