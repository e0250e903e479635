// Eligibility hook routing by arm, verdict mapping of verifier answers, and the result JSON shape.
#include <QtTest>

#include "delivery/hook_routing.h"
#include "delivery/store_result_json.h"

using namespace delivery;
using nlohmann::json;

class TstHookRouting : public QObject {
  Q_OBJECT
 private slots:
  void specificArmWinsOverAll() {
    HookRegistry r;
    QVERIFY(!r.lookup("stream_proof"));
    QVERIFY(r.set("all", "x402_module").ok());
    QVERIFY(r.set("stream_proof", "payment_streams_module").ok());
    QCOMPARE(*r.lookup("stream_proof"), std::string("payment_streams_module"));
    QCOMPARE(*r.lookup("proof_of_payment"), std::string("x402_module"));
    QCOMPARE(*r.lookup(""), std::string("x402_module"));  // no proof: stream_proposal, else all
  }
  void noProofGoesToStreamProposalElseFirstRegistered() {
    HookRegistry r;
    QVERIFY(r.set("proof_of_payment", "x402_module").ok());
    QVERIFY(r.set("stream_proof", "payment_streams_module").ok());
    QCOMPARE(*r.lookup(""), std::string("x402_module"));  // first registered
    QVERIFY(r.set("stream_proposal", "payment_streams_module").ok());
    QCOMPARE(*r.lookup(""), std::string("payment_streams_module"));
  }
  void emptyNameClearsAndBadArmsAreRefused() {
    HookRegistry r;
    QVERIFY(r.set("all", "m").ok());
    QVERIFY(r.set("all", "").ok());
    QVERIFY(r.empty());
    auto st = r.set("stream", "m");
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, std::string(kInvalidArm));
  }
  void proofArmReadsOnlyTheOuterField_data() {
    QTest::addColumn<QByteArray>("proof");
    QTest::addColumn<QString>("arm");
    QTest::newRow("payment") << QByteArray::fromHex("0a03010203") << "proof_of_payment";
    QTest::newRow("proposal") << QByteArray::fromHex("1200") << "stream_proposal";
    QTest::newRow("proof") << QByteArray::fromHex("1a05") << "stream_proof";  // truncated body: still routed
    QTest::newRow("empty") << QByteArray() << "";
    QTest::newRow("field 4") << QByteArray::fromHex("2203010203") << "";
    QTest::newRow("varint wire type") << QByteArray::fromHex("0801") << "";
    QTest::newRow("bad varint") << QByteArray::fromHex("ff") << "";
  }
  void proofArmReadsOnlyTheOuterField() {
    QFETCH(QByteArray, proof);
    QFETCH(QString, arm);
    std::vector<std::uint8_t> b(proof.begin(), proof.end());
    QCOMPARE(QString::fromStdString(std::string(proofArm(b))), arm);
  }
  void verdictsMap_data() {
    QTest::addColumn<QString>("answer");
    QTest::addColumn<uint>("code");
    QTest::addColumn<QString>("desc");
    QTest::newRow("ok") << R"({"status":"ok","eligibility":"OK"})" << 0u << "ok";
    QTest::newRow("params") << R"({"status":"error","eligibility":"PARAMS_REJECTED","message":"rate too low"})" << 1u << "rate too low";
    QTest::newRow("default desc") << R"({"status":"error","eligibility":"STREAM_NOT_ACTIVE"})" << 3u << "stream not active";
    QTest::newRow("unknown verdict") << R"({"status":"error","eligibility":"MAYBE","message":"x"})" << 2u << "eligibility verifier failed: x";
    QTest::newRow("timeout") << R"({"status":"error","code":"TIMEOUT","message":"no answer"})" << 2u << "eligibility verifier failed: no answer";
    QTest::newRow("ok without verdict") << R"({"status":"ok"})" << 2u << "the eligibility verifier answered ok without an OK verdict";
    QTest::newRow("error OK") << R"({"status":"error","eligibility":"OK","message":"m"})" << 2u << "eligibility verifier failed: m";
    QTest::newRow("not an envelope") << R"([1,2])" << 2u << "the eligibility verifier answered something that is not an envelope";
    QTest::newRow("wrapped") << R"({"status":"ok","result":{"status":"ok","eligibility":"OK"}})" << 0u << "ok";
  }
  void verdictsMap() {
    QFETCH(QString, answer);
    QFETCH(uint, code);
    QFETCH(QString, desc);
    const Verdict v = verdictFromAnswer(json::parse(answer.toStdString()));
    QCOMPARE(static_cast<uint>(v.code), code);
    QCOMPARE(QString::fromStdString(v.desc), desc);
  }
  void longReasonsAreCutOnACharacterBoundary() {
    std::string reason(511, 'a');
    reason += "\xC3\xA9";  // é straddles byte 512
    const Verdict v = verdictFromAnswer(json{{"status", "error"}, {"eligibility", "PROOF_INVALID"}, {"message", reason}});
    QCOMPARE(v.desc.size(), std::size_t{511});
    QCOMPARE(truncateUtf8("abc", 10), std::string("abc"));
  }
  void resultJsonShape() {
    waku::StoreQueryResponse r;
    r.request_id = "q";
    r.status_code = waku::StatusCode::BAD_REQUEST;
    r.status_desc = "BAD_REQUEST";
    r.eligibility_status = waku::EligibilityStatus{waku::EligibilityCode::PARAMS_REJECTED, "no"};
    json j = storeResponseToJson(r);
    QCOMPARE(j["statusCode"].get<int>(), 400);
    QCOMPARE(j["eligibility"], (json{{"code", 1}, {"name", "PARAMS_REJECTED"}, {"desc", "no"}}));
    QVERIFY(!j.contains("paginationCursor"));
    waku::WakuMessageKeyValue kv;
    kv.message_hash.fill(0xab);
    kv.message = waku::WakuMessage{{1, 2, 3}, "/t/1/x/proto", 0u, 1700000000000000000LL, std::nullopt, std::nullopt, std::nullopt};
    kv.pubsub_topic = "/waku/2/default-waku/proto";
    r.messages = {kv};
    r.pagination_cursor = kv.message_hash;
    r.eligibility_status.reset();
    j = storeResponseToJson(r);
    std::string abab;
    for (int i = 0; i < 32; ++i) abab += "ab";
    QCOMPARE(j["paginationCursor"].get<std::string>(), abab);
    QCOMPARE(j["messages"][0]["message"]["payload"].get<std::string>(), std::string("AQID"));
    QCOMPARE(j["messages"][0]["message"]["timestamp"].get<std::int64_t>(), 1700000000000000000LL);
    auto back = wakuMessageFromJson(j["messages"][0]["message"]);
    QVERIFY(back.ok());
    QCOMPARE(back.value(), *kv.message);
  }
  void messageJsonIsStrict_data() {
    QTest::addColumn<QString>("message");
    QTest::newRow("no topic") << R"({"payload":""})";
    QTest::newRow("unknown key") << R"({"contentTopic":"/a","payloadHex":"00"})";
    QTest::newRow("bad base64") << R"({"contentTopic":"/a","payload":"***"})";
    QTest::newRow("meta too long") << R"({"contentTopic":"/a","meta":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})";
    QTest::newRow("timestamp fraction") << R"({"contentTopic":"/a","timestamp":1.5})";
    QTest::newRow("version negative") << R"({"contentTopic":"/a","version":-1})";
  }
  void messageJsonIsStrict() {
    QFETCH(QString, message);
    auto m = wakuMessageFromJson(json::parse(message.toStdString()));
    QVERIFY(!m.ok());
    QCOMPARE(m.error().code, std::string(kInvalidMessage));
  }
};

QTEST_APPLESS_MAIN(TstHookRouting)
#include "tst_hook_routing.moc"
