// libs/mcp message_codec: JSON-RPC 2.0 as MCP uses it (mcp.md §2, §4): what decodes, what is
// refused with which JSON-RPC number and stable code, and the compact encoding.
#include <QtTest>

#include "lezpay/mcp/message_codec.h"

using namespace lezpay::mcp;

static const char kWithNul[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\0\"}";

class TstMcpMessageCodec : public QObject {
  Q_OBJECT
 private slots:
  void decodesRequestNotificationAndResponses();
  void refusalsCarryCodeAndId_data();
  void refusalsCarryCodeAndId();
  void oversizedMessageIsRefusedBeforeParsing();
  void deepMessageIsRefused();
  void trailingCarriageReturnIsIgnored();
  void batchOnlyThroughEnvelope();
  void parseErrorAnswerHasNoId();
  void encodedMessagesAreOneLineAndRoundTrip();
};

void TstMcpMessageCodec::decodesRequestNotificationAndResponses() {
  auto d = decode(R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{}})");
  QVERIFY(std::holds_alternative<Message>(d));
  auto m = std::get<Message>(d);
  QVERIFY(m.kind == MessageKind::Request);
  QCOMPARE(m.id, Json(7));
  QCOMPARE(m.method, std::string("tools/list"));

  d = decode(R"({"jsonrpc":"2.0","id":"a-1","method":"ping"})");
  QVERIFY(std::holds_alternative<Message>(d));
  QCOMPARE(std::get<Message>(d).id, Json("a-1"));
  QVERIFY(std::get<Message>(d).params.is_null());

  d = decode(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  QVERIFY(std::get<Message>(d).kind == MessageKind::Notification);

  d = decode(R"({"jsonrpc":"2.0","id":3,"result":{"ok":true}})");
  QVERIFY(std::get<Message>(d).kind == MessageKind::Result);

  d = decode(R"({"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"no"}})");
  QVERIFY(std::get<Message>(d).kind == MessageKind::Error);
  QCOMPARE(std::get<Message>(d).error.code, -32601);
}

void TstMcpMessageCodec::refusalsCarryCodeAndId_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<int>("rpc");
  QTest::addColumn<QString>("code");
  QTest::addColumn<QString>("id");  // dumped id, "" = none
  QTest::addColumn<bool>("answerable");
  QTest::newRow("not json") << "{nope" << -32700 << "MCP_PARSE_ERROR" << "" << true;
  QTest::newRow("empty") << "" << -32700 << "MCP_PARSE_ERROR" << "" << true;
  QTest::newRow("scalar") << "42" << -32600 << "MCP_INVALID_REQUEST" << "" << true;
  QTest::newRow("no jsonrpc") << R"({"id":1,"method":"ping"})" << -32600 << "MCP_INVALID_REQUEST" << "1" << true;
  QTest::newRow("jsonrpc 1.0") << R"({"jsonrpc":"1.0","id":1,"method":"ping"})" << -32600 << "MCP_INVALID_REQUEST" << "1" << true;
  QTest::newRow("null id") << R"({"jsonrpc":"2.0","id":null,"method":"ping"})" << -32600 << "MCP_INVALID_REQUEST" << "" << true;
  QTest::newRow("fraction id") << R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})" << -32600 << "MCP_INVALID_REQUEST" << "" << true;
  QTest::newRow("bool id") << R"({"jsonrpc":"2.0","id":true,"method":"ping"})" << -32600 << "MCP_INVALID_REQUEST" << "" << true;
  QTest::newRow("method number") << R"({"jsonrpc":"2.0","id":2,"method":5})" << -32600 << "MCP_INVALID_REQUEST" << "2" << true;
  QTest::newRow("params array") << R"({"jsonrpc":"2.0","id":"x","method":"ping","params":[]})" << -32600 << "MCP_INVALID_REQUEST" << "\"x\"" << true;
  QTest::newRow("bad notification") << R"({"jsonrpc":"2.0","method":"x","params":1})" << -32600 << "MCP_INVALID_REQUEST" << "" << false;
  QTest::newRow("result and error") << R"({"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"m"}})" << -32600 << "MCP_INVALID_REQUEST" << "1" << false;
  QTest::newRow("result not object") << R"({"jsonrpc":"2.0","id":1,"result":3})" << -32600 << "MCP_INVALID_REQUEST" << "1" << false;
  QTest::newRow("method and result") << R"({"jsonrpc":"2.0","id":1,"method":"ping","result":{}})" << -32600 << "MCP_INVALID_REQUEST" << "1" << true;
  QTest::newRow("neither") << R"({"jsonrpc":"2.0","id":1})" << -32600 << "MCP_INVALID_REQUEST" << "1" << true;
  QTest::newRow("batch") << R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])" << -32600 << "MCP_BATCH_REFUSED" << "" << true;
  QTest::newRow("nul byte") << QString::fromLatin1(kWithNul, sizeof(kWithNul) - 1) << -32700 << "MCP_PARSE_ERROR" << "" << true;
}

void TstMcpMessageCodec::refusalsCarryCodeAndId() {
  QFETCH(QString, text);
  QFETCH(int, rpc);
  QFETCH(QString, code);
  QFETCH(QString, id);
  QFETCH(bool, answerable);
  const QByteArray bytes = text.toUtf8();
  auto d = decode(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
  QVERIFY2(std::holds_alternative<DecodeFailure>(d), "decoded a message that must be refused");
  const auto& f = std::get<DecodeFailure>(d);
  const RpcError e = f.toRpcError();
  QCOMPARE(e.code, rpc);
  QCOMPARE(QString::fromStdString(e.data["code"].get<std::string>()), code);
  QVERIFY(!f.message.empty());
  QCOMPARE(QString::fromStdString(f.id.is_null() ? std::string() : f.id.dump()), id);
  QCOMPARE(f.answerable, answerable);
}

void TstMcpMessageCodec::oversizedMessageIsRefusedBeforeParsing() {
  std::string big = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":")" + std::string(kMaxMessageBytes, 'a') + "\"}}";
  auto d = decode(big);
  QVERIFY(std::holds_alternative<DecodeFailure>(d));
  QVERIFY(std::get<DecodeFailure>(d).code == McpError::MessageTooLarge);
  QCOMPARE(std::get<DecodeFailure>(d).toRpcError().code, -32600);
  // A custom limit applies as well.
  d = decode(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", DecodeLimits{10, 8});
  QVERIFY(std::get<DecodeFailure>(d).code == McpError::MessageTooLarge);
}

void TstMcpMessageCodec::deepMessageIsRefused() {
  std::string deep = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":)" + std::string(100000, '[') +
                     std::string(100000, ']') + "}}";
  auto d = decode(deep);
  QVERIFY(std::holds_alternative<DecodeFailure>(d));
  QVERIFY(std::get<DecodeFailure>(d).code == McpError::MessageTooDeep);
}

void TstMcpMessageCodec::trailingCarriageReturnIsIgnored() {
  auto d = decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r");
  QVERIFY(std::holds_alternative<Message>(d));
}

void TstMcpMessageCodec::batchOnlyThroughEnvelope() {
  auto e = decodeEnvelope(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":1.5,"method":"ping"}])");
  QVERIFY(std::holds_alternative<Batch>(e));
  const auto& b = std::get<Batch>(e);
  QCOMPARE(b.size(), std::size_t(2));
  QVERIFY(std::holds_alternative<Message>(b[0]));
  QVERIFY(std::holds_alternative<DecodeFailure>(b[1]));
  e = decodeEnvelope("[]");
  QVERIFY(std::holds_alternative<DecodeFailure>(e));
  std::string many = "[";
  for (std::size_t i = 0; i <= kMaxBatchSize; ++i) many += std::string(i ? "," : "") + R"({"jsonrpc":"2.0","method":"x"})";
  many += "]";
  QVERIFY(std::holds_alternative<DecodeFailure>(decodeEnvelope(many)));
}

void TstMcpMessageCodec::parseErrorAnswerHasNoId() {
  const std::string text = encodeError(nullptr, makeRpcError(McpError::ParseError, "the message is not valid JSON"));
  auto j = Json::parse(text);
  QVERIFY(!j.contains("id"));
  QCOMPARE(j["error"]["code"], Json(-32700));
  QCOMPARE(j["error"]["data"]["code"], Json("MCP_PARSE_ERROR"));
  // And it decodes back as an error response.
  auto d = decode(text);
  QVERIFY(std::holds_alternative<Message>(d));
  QVERIFY(std::get<Message>(d).kind == MessageKind::Error);
}

void TstMcpMessageCodec::encodedMessagesAreOneLineAndRoundTrip() {
  Message m;
  m.kind = MessageKind::Request;
  m.id = 12;
  m.method = "tools/call";
  m.params = Json{{"name", "x"}, {"arguments", Json{{"text", "two\nlines"}}}};
  const std::string text = encodeMessage(m);
  QVERIFY(text.find('\n') == std::string::npos);
  auto d = decode(text);
  QVERIFY(std::holds_alternative<Message>(d));
  const auto& back = std::get<Message>(d);
  QCOMPARE(back.id, m.id);
  QCOMPARE(back.params, m.params);
  QCOMPARE(encodeMessage(back), text);
  // Invalid UTF-8 in a value is replaced, not thrown on.
  const std::string bad = encodeResult(1, Json{{"t", std::string("\xff\xfe")}});
  QVERIFY(std::holds_alternative<Message>(decode(bad)));
}

QTEST_GUILESS_MAIN(TstMcpMessageCodec)
#include "tst_mcp_message_codec.moc"
