// The x402 MCP transport mapping (libs/x402 mcp_payment.h, mcp.md §9): the challenge result is
// isError with structuredContent equal to the JSON of content[0] (spec §10.2 shape); the receipt
// merges into _meta; the payment is read from params._meta only when it is an object with
// x402Version and payload; the client finds a challenge in structuredContent, in content[0].text
// or in a -32042/402 error, and nothing in ordinary results; the retry keeps other _meta keys.
#include <QtTest>

#include "x402/json_codec.h"
#include "x402/mcp_payment.h"
#include "x402/spend_policy.h"

using x402::Json;

namespace {

x402::PaymentRequired challengeFixture(const std::string& error) {
  x402::PaymentRequired pr;
  pr.error = error;
  pr.resource.url = x402::mcpToolResourceUrl("store_query");
  x402::PaymentRequirements r;
  r.scheme = "exact";
  r.network = "logos:lez-testnet";
  r.amount = "2500";
  r.asset = "LEZ";
  r.payTo = "lez1shop";
  r.maxTimeoutSeconds = 120;
  pr.accepts = {r};
  return pr;
}

x402::PaymentPayload payloadFixture() {
  x402::PaymentPayload p;
  p.resource = x402::ResourceInfo{"mcp://tool/store_query", std::nullopt, std::nullopt};
  p.accepted = challengeFixture("").accepts[0];
  p.payload = Json{{"signedTx", "AQIDBA=="}, {"validBefore", 1767225720}};
  return p;
}

}  // namespace

class TstMcpPayment : public QObject {
  Q_OBJECT
 private slots:
  void challengeMatchesTheSpecExample() {
    // mcp.md §10.2, field for field.
    const Json accepts = Json::array({Json{{"scheme", "exact"}, {"network", "logos:lez-testnet"}, {"amount", "2500"}, {"asset", "LEZ"},
                                           {"payTo", "lez1shop"}, {"maxTimeoutSeconds", 120}, {"extra", Json::object()}}});
    const Json expected{{"structuredContent", Json{{"x402Version", 2}, {"error", "Payment required to access this tool"},
                                                   {"resource", Json{{"url", "mcp://tool/store_query"}}}, {"accepts", accepts}}}};
    const Json got = x402::mcpPaymentRequiredResult(challengeFixture(std::string(x402::kMcpPaymentRequiredError)));
    QCOMPARE(got["structuredContent"], expected["structuredContent"]);
    QCOMPARE(x402::parseJsonText(got["content"][0]["text"].get<std::string>()).value(), expected["structuredContent"]);
    QCOMPARE(got["isError"], Json(true));
    QVERIFY(!got.contains("_meta"));
  }

  void settlementFailureCarriesItsReceipt() {
    x402::SettlementResponse failed;
    failed.success = false;
    failed.errorReason = "invalid_transaction_state";
    failed.network = "logos:lez-testnet";
    const Json got = x402::mcpPaymentRequiredResult(challengeFixture("Payment settlement failed: invalid_transaction_state"), failed);
    QCOMPARE(got["_meta"]["x402/payment-response"]["success"], Json(false));
    QCOMPARE(got["_meta"]["x402/payment-response"]["transaction"], Json(""));
    QVERIFY(x402::mcpReceiptOfResult(got)->errorReason == std::optional<std::string>("invalid_transaction_state"));
    QVERIFY(x402::mcpChallengeOfResult(got)->error == std::optional<std::string>("Payment settlement failed: invalid_transaction_state"));
  }

  void explanationFollowsTheChallengeJson() {
    const x402::PaymentRequired pr = challengeFixture("nonce_replayed");
    const Json got = x402::mcpPaymentRequiredResult(pr, std::nullopt, "this payment was already used for another call");
    QCOMPARE(got["content"].size(), std::size_t{2});
    QCOMPARE(x402::parseJsonText(got["content"][0]["text"].get<std::string>()).value(), got["structuredContent"]);
    QCOMPARE(got["content"][1]["text"], Json("nonce_replayed: this payment was already used for another call"));
    QVERIFY(*x402::mcpChallengeOfResult(got) == pr);
  }

  void paidResultMergesTheReceiptIntoMeta() {
    x402::SettlementResponse ok;
    ok.success = true;
    ok.transaction = "9f2c0a";
    ok.network = "logos:lez-testnet";
    const Json tool{{"content", Json::array({Json{{"type", "text"}, {"text", "{}"}}})}, {"_meta", Json{{"other/key", 1}}}};
    const Json got = x402::mcpPaidResult(tool, ok);
    QCOMPARE(got["_meta"]["other/key"], Json(1));
    QCOMPARE(got["_meta"]["x402/payment-response"]["transaction"], Json("9f2c0a"));
    QVERIFY(!x402::mcpChallengeOfResult(got));
    QCOMPARE(x402::mcpReceiptOfResult(got)->success, true);
  }

  void paymentIsReadOnlyFromAnObjectWithVersionAndPayload_data() {
    QTest::addColumn<QString>("params");
    QTest::addColumn<int>("kind");
    const int absent = static_cast<int>(x402::McpPaymentMeta::Kind::Absent);
    const int malformed = static_cast<int>(x402::McpPaymentMeta::Kind::Malformed);
    QTest::newRow("no _meta") << R"({"name":"t"})" << absent;
    QTest::newRow("_meta not an object") << R"({"name":"t","_meta":5})" << absent;
    QTest::newRow("no key") << R"({"name":"t","_meta":{"progressToken":1}})" << absent;
    QTest::newRow("base64 string") << R"({"name":"t","_meta":{"x402/payment":"eyJ4In0="}})" << absent;
    QTest::newRow("no payload") << R"({"name":"t","_meta":{"x402/payment":{"x402Version":2}}})" << absent;
    QTest::newRow("no accepted") << R"({"name":"t","_meta":{"x402/payment":{"x402Version":2,"payload":{}}}})" << malformed;
    QTest::newRow("version 1") << R"({"name":"t","_meta":{"x402/payment":{"x402Version":1,"payload":{}}}})" << malformed;
  }
  void paymentIsReadOnlyFromAnObjectWithVersionAndPayload() {
    QFETCH(QString, params);
    QFETCH(int, kind);
    const auto got = x402::mcpPaymentFromParams(x402::parseJsonText(params.toStdString()).value());
    QCOMPARE(static_cast<int>(got.kind), kind);
    QCOMPARE(got.error.has_value(), kind == static_cast<int>(x402::McpPaymentMeta::Kind::Malformed));
  }

  void retryKeepsOtherMetaAndRoundTrips() {
    const Json params{{"name", "store_query"}, {"arguments", Json{{"topic", "/a/1/c/p"}}}, {"_meta", Json{{"progressToken", 8}}}};
    const Json retried = x402::mcpParamsWithPayment(params, payloadFixture());
    QCOMPARE(retried["_meta"]["progressToken"], Json(8));
    QVERIFY(retried["_meta"]["x402/payment"].is_object());
    const auto read = x402::mcpPaymentFromParams(retried);
    QCOMPARE(static_cast<int>(read.kind), static_cast<int>(x402::McpPaymentMeta::Kind::Present));
    QVERIFY(*read.payload == payloadFixture());
  }

  void clientFindsChallengesOnlyWhereTheSpecPutsThem() {
    const x402::PaymentRequired pr = challengeFixture("Payment required to access this tool");
    Json result = x402::mcpPaymentRequiredResult(pr);
    QVERIFY(*x402::mcpChallengeOfResult(result) == pr);
    result.erase("structuredContent");  // an older server: the text block alone
    QVERIFY(*x402::mcpChallengeOfResult(result) == pr);
    result["isError"] = false;
    QVERIFY(!x402::mcpChallengeOfResult(result));
    const Json plainError{{"isError", true}, {"content", Json::array({Json{{"type", "text"}, {"text", "upstream down"}}})}};
    QVERIFY(!x402::mcpChallengeOfResult(plainError));
    const Json rpc{{"code", -32042}, {"message", "pay"}, {"data", Json{{"x402", x402::toJson(pr)}}}};
    QVERIFY(*x402::mcpChallengeOfError(rpc) == pr);
    QVERIFY(!x402::mcpChallengeOfError(Json{{"code", -32602}, {"message", "unknown tool"}, {"data", x402::toJson(pr)}}));
  }

  void toolResourceUrlsAreRecognised() {
    QVERIFY(x402::isMcpToolResource("mcp://tool/store_messages"));
    QVERIFY(!x402::isMcpToolResource("mcp://tool/"));
    QVERIFY(!x402::isMcpToolResource("mcp://tool/a b"));
    QVERIFY(!x402::isMcpToolResource("mcp://other/x"));
    QVERIFY(!x402::isMcpToolResource("http://tool/x"));
  }
};

QTEST_GUILESS_MAIN(TstMcpPayment)
#include "tst_mcp_payment.moc"
