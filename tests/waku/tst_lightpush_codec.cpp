// Lightpush v3 codec and status handling (waku/lightpush_codec.h; waku-store.md §7).
#include <QtTest>

#include <cstdint>
#include <vector>

#include "waku/lightpush_codec.h"

using namespace waku;

namespace {
std::vector<std::uint8_t> fromHex(const QByteArray& hex) {
  const QByteArray b = QByteArray::fromHex(hex);
  return {b.begin(), b.end()};
}
QByteArray toHex(const std::vector<std::uint8_t>& v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size())).toHex();
}
QByteArray hexOf(const std::string& s) { return QByteArray::fromStdString(s).toHex(); }

LightPushRequest fullRequest() {
  LightPushRequest r;
  r.request_id = "lp-1";
  r.pubsub_topic = "/waku/2/rs/1/0";
  r.message.payload = {0xDE, 0xAD};
  r.message.content_topic = "/app/1/chat/proto";
  r.message.timestamp = 1681964442000000000;
  r.message.meta = Bytes{1};
  r.message.ephemeral = true;
  return r;
}
LightPushResponse fullResponse() {
  return LightPushResponse{"lp-1", LightPushStatus::SUCCESS, std::string("OK"), 3u};
}
}  // namespace

Q_DECLARE_METATYPE(waku::LightPushRequest)
Q_DECLARE_METATYPE(waku::LightPushResponse)

class TstLightPushCodec : public QObject {
  Q_OBJECT
 private slots:
  void requestRoundTrips_data() {
    QTest::addColumn<LightPushRequest>("request");
    QTest::newRow("full") << fullRequest();
    QTest::newRow("empty") << LightPushRequest{};
    LightPushRequest autosharding = fullRequest();
    autosharding.pubsub_topic.reset();
    QTest::newRow("autosharding") << autosharding;
  }
  void requestRoundTrips() {
    QFETCH(LightPushRequest, request);
    const auto bytes = encodeLightPushRequest(request);
    auto back = decodeLightPushRequest(bytes);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QVERIFY(*back == request);
    QCOMPARE(encodeLightPushRequest(*back), bytes);
  }

  void responseRoundTrips_data() {
    QTest::addColumn<LightPushResponse>("response");
    QTest::newRow("full") << fullResponse();
    QTest::newRow("empty") << LightPushResponse{};
    QTest::newRow("no peers") << LightPushResponse{"x", LightPushStatus::NO_PEERS_TO_RELAY, std::nullopt, std::nullopt};
  }
  void responseRoundTrips() {
    QFETCH(LightPushResponse, response);
    const auto bytes = encodeLightPushResponse(response);
    auto back = decodeLightPushResponse(bytes);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QVERIFY(*back == response);
    QCOMPARE(encodeLightPushResponse(*back), bytes);
  }

  void encodersWriteRequiredFields() {
    // request_id, and an empty WakuMessage with its two required fields.
    QCOMPARE(toHex(encodeLightPushRequest(LightPushRequest{})), QByteArray("0a00" "aa0104" "0a001200"));
    QCOMPARE(toHex(encodeLightPushResponse(LightPushResponse{})), QByteArray("0a00" "5000"));
  }

  void decodesHandWrittenBytes() {
    const QByteArray msg = QByteArray("0a01") + "ff" + "1202" + hexOf("/c");
    const QByteArray req = QByteArray("0a02") + hexOf("lp") + "a20102" + hexOf("/t") + "aa0107" + msg;
    auto r = decodeLightPushRequest(fromHex(req));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(QString::fromStdString(r->request_id), QString("lp"));
    QCOMPARE(QString::fromStdString(r->pubsub_topic.value()), QString("/t"));
    QCOMPARE(toHex(r->message.payload), QByteArray("ff"));
    QCOMPARE(QString::fromStdString(r->message.content_topic), QString("/c"));
    QCOMPARE(toHex(encodeLightPushRequest(*r)), req);

    const QByteArray resp = QByteArray("0a02") + hexOf("lp") + "50f903" + "5a02" + hexOf("no") + "6000";
    auto s = decodeLightPushResponse(fromHex(resp));
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    QCOMPARE(int(s->status_code), 505);
    QCOMPARE(QString::fromStdString(s->status_desc.value()), QString("no"));
    QCOMPARE(s->relay_peer_count.value(), 0u);
    QCOMPARE(toHex(encodeLightPushResponse(*s)), resp);
  }

  void unknownAndReservedFieldsAreSkipped() {
    // reserved request_type (10), nwaku's newer eligibility field 22, and an i64 field 99.
    const QByteArray extra = QByteArray("5000") + "b20100" + "990601020304050607 08";
    QByteArray hex = extra + toHex(encodeLightPushRequest(fullRequest()));
    hex.replace(" ", "");
    auto r = decodeLightPushRequest(fromHex(hex));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QVERIFY(*r == fullRequest());
  }

  void rejects_data() {
    QTest::addColumn<bool>("isRequest");
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    const QByteArray id = QByteArray("0a01") + hexOf("r");
    QTest::newRow("request without message") << true << id << "MISSING_REQUIRED_FIELD" << "message";
    QTest::newRow("request without request_id") << true << QByteArray("aa0104" "0a001200") << "MISSING_REQUIRED_FIELD" << "request_id";
    QTest::newRow("message without content_topic") << true << id + "aa0102" + "0a00" << "MISSING_REQUIRED_FIELD" << "content_topic";
    QTest::newRow("message as varint") << true << id + "a80101" << "FIELD_WRONG_TYPE" << "message";
    QTest::newRow("duplicate message") << true << id + "aa0104" "0a001200" "aa0104" "0a001200" << "DUPLICATE_FIELD" << "message";
    QTest::newRow("truncated message") << true << id + "aa0109" "0a00" << "TRUNCATED" << "LightPushRequest";
    QTest::newRow("response without status") << false << id << "MISSING_REQUIRED_FIELD" << "status_code";
    QTest::newRow("response without request_id") << false << QByteArray("50c801") << "MISSING_REQUIRED_FIELD" << "request_id";
    QTest::newRow("relay_peer_count above u32") << false << id + "50c801" + "608080808010" << "INVALID_VALUE" << "relay_peer_count";
    QTest::newRow("status_desc invalid utf8") << false << id + "50c801" + "5a01ff" << "INVALID_UTF8" << "status_desc";
  }
  void rejects() {
    QFETCH(bool, isRequest);
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    const auto bytes = fromHex(hex);
    const lezpay::util::Error e = isRequest ? decodeLightPushRequest(bytes).error() : decodeLightPushResponse(bytes).error();
    QCOMPARE(QString::fromStdString(e.code), code);
    QVERIFY2(QString::fromStdString(e.message).contains(mentions), e.message.c_str());
  }

  void sizeLimits() {
    LightPushRequest big = fullRequest();
    big.message.payload.assign(kMaxMessagePayloadBytes, 7);
    big.message.rate_limit_proof = Bytes(kMaxRateLimitProofBytes, 1);
    big.message.content_topic.assign(kMaxTopicBytes, 'c');
    big.pubsub_topic = std::string(kMaxTopicBytes, 'p');
    big.request_id.assign(kMaxRequestIdBytes, 'i');
    const auto bytes = encodeLightPushRequest(big);
    QVERIFY(bytes.size() <= kMaxLightPushRequestBytes);
    QVERIFY(decodeLightPushRequest(bytes).ok());
    std::vector<std::uint8_t> tooBig(kMaxLightPushRequestBytes + 1, 0);
    QCOMPARE(QString::fromStdString(decodeLightPushRequest(tooBig).error().code), QString("TOO_LARGE"));
    LightPushResponse r{std::string(kMaxRequestIdBytes, 'i'), LightPushStatus::SUCCESS, std::string(kMaxStatusDescBytes, 'd'), UINT32_MAX};
    QVERIFY(encodeLightPushResponse(r).size() <= kMaxLightPushResponseBytes);
    QVERIFY(decodeLightPushResponse(encodeLightPushResponse(r)).ok());
  }

  void statusNumbersMapWithoutCasting_data() {
    QTest::addColumn<uint>("number");
    QTest::addColumn<QString>("name");
    QTest::newRow("200") << 200u << "SUCCESS";
    QTest::newRow("400") << 400u << "BAD_REQUEST";
    QTest::newRow("413") << 413u << "PAYLOAD_TOO_LARGE";
    QTest::newRow("420") << 420u << "INVALID_MESSAGE";
    QTest::newRow("421") << 421u << "UNSUPPORTED_PUBSUB_TOPIC";
    QTest::newRow("429") << 429u << "TOO_MANY_REQUESTS";
    QTest::newRow("500") << 500u << "INTERNAL_SERVER_ERROR";
    QTest::newRow("503 (nwaku)") << 503u << "SERVICE_NOT_AVAILABLE";
    QTest::newRow("504") << 504u << "OUT_OF_RLN_PROOF";
    QTest::newRow("505 (nwaku)") << 505u << "NO_PEERS_TO_RELAY";
    QTest::newRow("0") << 0u << "UNKNOWN";
    QTest::newRow("999") << 999u << "UNKNOWN";
  }
  void statusNumbersMapWithoutCasting() {
    QFETCH(uint, number);
    QFETCH(QString, name);
    QCOMPARE(QString::fromUtf8(toString(lightPushStatusFromNumber(number)).data()), name);
  }

  void effectiveStatusTreatsZeroPeersAsNoPeers_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("peers");  // -1 = absent
    QTest::addColumn<int>("effective");
    QTest::newRow("200, 3 peers") << 200 << 3 << 200;
    QTest::newRow("200, 0 peers") << 200 << 0 << 505;
    QTest::newRow("200, absent") << 200 << -1 << 505;
    QTest::newRow("421, absent") << 421 << -1 << 421;
    QTest::newRow("429, 2 peers") << 429 << 2 << 429;
  }
  void effectiveStatusTreatsZeroPeersAsNoPeers() {
    QFETCH(int, status);
    QFETCH(int, peers);
    QFETCH(int, effective);
    LightPushResponse r;
    r.status_code = lightPushStatusFromNumber(static_cast<std::uint32_t>(status));
    if (peers >= 0) r.relay_peer_count = static_cast<std::uint32_t>(peers);
    QCOMPARE(int(effectiveStatus(r)), effective);
  }
};

QTEST_APPLESS_MAIN(TstLightPushCodec)
#include "tst_lightpush_codec.moc"
