// Store v3 request/response codec (waku/store_codec.h; waku-store.md §2, §3, §5, §9).
#include <QtTest>

#include <cstdint>
#include <string>
#include <vector>

#include "lezpay/proto/writer.h"
#include "waku/store_codec.h"
#include "waku/waku_message_codec.h"

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
QByteArray rep(const char* byteHex, int n) { return QByteArray(byteHex).repeated(n); }
MessageHash hashOf(std::uint8_t fill) {
  MessageHash h{};
  h.fill(fill);
  return h;
}
MessageHash counting() {
  MessageHash h{};
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<std::uint8_t>(i);
  return h;
}
const QByteArray kCountingHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

WakuMessage fullMessage() {
  WakuMessage m;
  m.payload = {0x01, 0x02, 0x03};
  m.content_topic = "/waku/2/default-content/proto";
  m.version = 1;
  m.timestamp = 1681964442000000000;
  m.meta = Bytes{0x73, 0x65};
  m.rate_limit_proof = Bytes(40, 0x7A);
  m.ephemeral = false;
  return m;
}

StoreQueryRequest fullRequest() {
  StoreQueryRequest q;
  q.request_id = "req-1";
  q.include_data = true;
  q.pubsub_topic = "/waku/2/rs/1/0";
  q.content_topics = {"/app/1/chat/proto", "/app/1/other/proto"};
  q.time_start = 1'700'000'000'000'000'000;
  q.time_end = -5;
  q.message_hashes = {counting(), hashOf(0xAB)};
  q.eligibility_proof = Bytes{0x1A, 0x02, 0x08, 0x01};
  q.pagination_cursor = hashOf(0xCD);
  q.pagination_forward = true;
  q.pagination_limit = 50;
  return q;
}

StoreQueryResponse fullResponse() {
  StoreQueryResponse r;
  r.request_id = "req-1";
  r.status_code = StatusCode::SUCCESS;
  r.status_desc = "OK";
  r.messages.push_back(WakuMessageKeyValue{counting(), fullMessage(), std::string("/waku/2/rs/1/0")});
  r.messages.push_back(WakuMessageKeyValue{hashOf(0x11), std::nullopt, std::nullopt});
  WakuMessage empty;
  r.messages.push_back(WakuMessageKeyValue{hashOf(0x22), empty, std::string("")});
  r.eligibility_status = EligibilityStatus{EligibilityCode::STREAM_NOT_ACTIVE, "stream not active"};
  r.pagination_cursor = hashOf(0x33);
  return r;
}

QString codeOf(const lezpay::util::Error& e) { return QString::fromStdString(e.code); }
}  // namespace

Q_DECLARE_METATYPE(waku::StoreQueryRequest)
Q_DECLARE_METATYPE(waku::StoreQueryResponse)

class TstStoreCodec : public QObject {
  Q_OBJECT
 private slots:
  // ---- round trips ---------------------------------------------------------------------------
  void requestRoundTrips_data() {
    QTest::addColumn<StoreQueryRequest>("request");
    QTest::newRow("full") << fullRequest();
    QTest::newRow("empty") << StoreQueryRequest{};
    StoreQueryRequest hashes;
    hashes.request_id = "h";
    hashes.message_hashes = std::vector<MessageHash>(kMaxMessageHashes, hashOf(1));
    QTest::newRow("hash lookup at the limit") << hashes;
    StoreQueryRequest defaults;
    defaults.request_id = "d";
    defaults.pubsub_topic = "";
    defaults.time_start = 0;
    defaults.time_end = 0;
    defaults.pagination_limit = 0;
    defaults.eligibility_proof = Bytes{};
    defaults.pagination_cursor = MessageHash{};
    QTest::newRow("present with default values") << defaults;
    StoreQueryRequest extremes;
    extremes.request_id = std::string(kMaxRequestIdBytes, 'x');
    extremes.time_start = INT64_MIN;
    extremes.time_end = INT64_MAX;
    extremes.pagination_limit = UINT64_MAX;
    extremes.content_topics = std::vector<std::string>(kMaxContentTopics, std::string(kMaxTopicBytes, 't'));
    QTest::newRow("extremes") << extremes;
  }
  void requestRoundTrips() {
    QFETCH(StoreQueryRequest, request);
    const auto bytes = encodeStoreQueryRequest(request);
    auto back = decodeStoreQueryRequest(bytes);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QVERIFY(*back == request);
    QCOMPARE(encodeStoreQueryRequest(*back), bytes);
    QVERIFY(checkStoreQueryRequest(request).ok());
  }

  void responseRoundTrips_data() {
    QTest::addColumn<StoreQueryResponse>("response");
    QTest::newRow("full") << fullResponse();
    QTest::newRow("empty") << StoreQueryResponse{};
    StoreQueryResponse failure;
    failure.request_id = "r";
    failure.status_code = StatusCode::BAD_REQUEST;
    failure.status_desc = "BAD_REQUEST";
    failure.eligibility_status = EligibilityStatus{EligibilityCode::OK, ""};
    QTest::newRow("eligibility with defaults") << failure;
    StoreQueryResponse page;
    page.request_id = "p";
    page.status_code = StatusCode::SUCCESS;
    page.status_desc = "OK";
    page.messages = std::vector<WakuMessageKeyValue>(kMaxMessagesPerResponse, WakuMessageKeyValue{hashOf(9), std::nullopt, std::nullopt});
    QTest::newRow("full page of hashes") << page;
  }
  void responseRoundTrips() {
    QFETCH(StoreQueryResponse, response);
    const auto bytes = encodeStoreQueryResponse(response);
    auto back = decodeStoreQueryResponse(bytes);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QVERIFY(*back == response);
    QCOMPARE(encodeStoreQueryResponse(*back), bytes);
  }

  // ---- the fields nwaku requires are always written (§9 trap 1) ------------------------------
  void encodersWriteRequiredDefaultFields() {
    QCOMPARE(toHex(encodeStoreQueryRequest(StoreQueryRequest{})), QByteArray("0a00" "1000" "a00300"));
    QCOMPARE(toHex(encodeStoreQueryResponse(StoreQueryResponse{})), QByteArray("0a00" "5000" "5a00"));
    QCOMPARE(toHex(encodeWakuMessage(WakuMessage{})), QByteArray("0a00" "1200"));
    StoreQueryResponse one;
    one.messages.push_back(WakuMessageKeyValue{MessageHash{}, std::nullopt, std::nullopt});
    QCOMPARE(toHex(encodeStoreQueryResponse(one)), QByteArray("0a00" "5000" "5a00" "a20122" "0a20") + rep("00", 32));
  }

  // ---- hand-written wire bytes (§2 tags 0a 10 52 5a 60 68 a2 01 9a 03 a0 03 a8 03, f2 01) ----
  void decodesHandWrittenRequest() {
    const QByteArray hex = QByteArray("0a03") + hexOf("abc")   // request_id "abc"
                           + "1001"                            // include_data true
                           + "5202" + hexOf("/t")              // pubsub_topic
                           + "5a02" + hexOf("/c")              // content_topics[0]
                           + "5a02" + hexOf("/d")              // content_topics[1]
                           + "6002"                            // time_start = 1 (zigzag 2)
                           + "6801"                            // time_end = -1 (zigzag 1)
                           + "a20120" + kCountingHex           // message_hashes[0]
                           + "f20103" + "aabbcc"               // eligibility_proof
                           + "9a0320" + rep("cd", 32)          // pagination_cursor
                           + "a00301"                          // pagination_forward true
                           + "a803e807";                       // pagination_limit 1000
    const auto bytes = fromHex(hex);
    auto q = decodeStoreQueryRequest(bytes);
    QVERIFY2(q.ok(), q.ok() ? "" : q.error().message.c_str());
    QCOMPARE(QString::fromStdString(q->request_id), QString("abc"));
    QVERIFY(q->include_data);
    QCOMPARE(QString::fromStdString(q->pubsub_topic.value()), QString("/t"));
    QCOMPARE(q->content_topics.size(), std::size_t{2});
    QCOMPARE(QString::fromStdString(q->content_topics[1]), QString("/d"));
    QCOMPARE(q->time_start.value(), std::int64_t{1});
    QCOMPARE(q->time_end.value(), std::int64_t{-1});
    QCOMPARE(q->message_hashes.size(), std::size_t{1});
    QVERIFY(q->message_hashes[0] == counting());
    QCOMPARE(toHex(q->eligibility_proof.value()), QByteArray("aabbcc"));
    QVERIFY(q->pagination_cursor.value() == hashOf(0xCD));
    QVERIFY(q->pagination_forward);
    QCOMPARE(q->pagination_limit.value(), std::uint64_t{1000});
    // Our encoder writes the same fields in the same order: byte-identical.
    QCOMPARE(toHex(encodeStoreQueryRequest(*q)), hex);
  }

  void decodesHandWrittenResponse() {
    const QByteArray msg = QByteArray("0a02") + "0102" + "1202" + hexOf("/c") + "5004";  // timestamp 2
    const QByteArray kv = QByteArray("0a20") + kCountingHex + "12" + QByteArray::number(msg.size() / 2, 16).rightJustified(2, '0') + msg + "1a02" + hexOf("/t");
    const QByteArray elig = QByteArray("0802") + "120d" + hexOf("proof invalid");
    const QByteArray hex = QByteArray("0a01") + hexOf("r")
                           + "50c801"                          // status_code 200
                           + "5a02" + hexOf("OK")              // status_desc
                           + "a201" + QByteArray::number(kv.size() / 2, 16).rightJustified(2, '0') + kv
                           + "f201" + QByteArray::number(elig.size() / 2, 16).rightJustified(2, '0') + elig
                           + "9a0320" + rep("ee", 32);
    auto r = decodeStoreQueryResponse(fromHex(hex));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(QString::fromStdString(r->request_id), QString("r"));
    QCOMPARE(int(r->status_code), 200);
    QCOMPARE(QString::fromStdString(r->status_desc), QString("OK"));
    QCOMPARE(r->messages.size(), std::size_t{1});
    const auto& e = r->messages[0];
    QVERIFY(e.message_hash == counting());
    QCOMPARE(toHex(e.message->payload), QByteArray("0102"));
    QCOMPARE(QString::fromStdString(e.message->content_topic), QString("/c"));
    QCOMPARE(e.message->timestamp.value(), std::int64_t{2});
    QVERIFY(!e.message->version.has_value());
    QCOMPARE(QString::fromStdString(e.pubsub_topic.value()), QString("/t"));
    QCOMPARE(int(r->eligibility_status->code), int(EligibilityCode::PROOF_INVALID));
    QCOMPARE(QString::fromStdString(r->eligibility_status->desc), QString("proof invalid"));
    QVERIFY(r->pagination_cursor.value() == hashOf(0xEE));
    QCOMPARE(toHex(encodeStoreQueryResponse(*r)), hex);
  }

  // ---- tolerance: request fields 2 and 52 may be absent (docs/decisions.md) -------------------
  void requestWithoutBoolFieldsDefaultsToFalse() {
    auto q = decodeStoreQueryRequest(fromHex(QByteArray("0a01") + hexOf("r")));
    QVERIFY2(q.ok(), q.ok() ? "" : q.error().message.c_str());
    QVERIFY(!q->include_data);
    QVERIFY(!q->pagination_forward);
    auto explicitFalse = decodeStoreQueryRequest(fromHex(QByteArray("0a01") + hexOf("r") + "1000a00300"));
    QVERIFY(explicitFalse.ok());
    QVERIFY(*q == *explicitFalse);
  }

  // ---- unknown fields ------------------------------------------------------------------------
  void unknownFieldsAreSkipped_data() {
    QTest::addColumn<QByteArray>("unknown");
    QTest::newRow("varint 95") << QByteArray("f80596 01");
    QTest::newRow("i64 96") << QByteArray("810601020304 05060708");
    QTest::newRow("len 97") << QByteArray("8a0603616263");
    QTest::newRow("i32 98") << QByteArray("950601020304");
    QTest::newRow("reserved 50 as len") << QByteArray("920300");
    QTest::newRow("field 4 varint") << QByteArray("2007");
  }
  void unknownFieldsAreSkipped() {
    QFETCH(QByteArray, unknown);
    unknown.replace(" ", "");
    const QByteArray base = toHex(encodeStoreQueryRequest(fullRequest()));
    // Unknown fields before and after the known ones, in each message kind.
    auto q = decodeStoreQueryRequest(fromHex(unknown + base + unknown));
    QVERIFY2(q.ok(), q.ok() ? "" : q.error().message.c_str());
    QVERIFY(*q == fullRequest());
    StoreQueryResponse resp = fullResponse();
    auto r = decodeStoreQueryResponse(fromHex(unknown + toHex(encodeStoreQueryResponse(resp))));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QVERIFY(*r == resp);
    auto m = decodeWakuMessage(fromHex(toHex(encodeWakuMessage(fullMessage())) + unknown));
    QVERIFY(m.ok());
    QVERIFY(*m == fullMessage());
  }

  // ---- rejections ----------------------------------------------------------------------------
  void requestRejects_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    const QByteArray id = QByteArray("0a01") + hexOf("r");
    QTest::newRow("missing request_id") << QByteArray("1001a00301") << "MISSING_REQUIRED_FIELD" << "request_id";
    QTest::newRow("empty input") << QByteArray("") << "MISSING_REQUIRED_FIELD" << "request_id";
    QTest::newRow("duplicate request_id") << id + id << "DUPLICATE_FIELD" << "request_id";
    QTest::newRow("request_id as varint") << QByteArray("0801") << "FIELD_WRONG_TYPE" << "request_id";
    QTest::newRow("include_data as len") << id + "1200" << "FIELD_WRONG_TYPE" << "include_data";
    QTest::newRow("include_data 2") << id + "1002" << "INVALID_VALUE" << "include_data";
    QTest::newRow("hash 31 bytes") << id + "a2011f" + rep("00", 31) << "WRONG_LENGTH" << "message_hashes";
    QTest::newRow("hash 33 bytes") << id + "a20121" + rep("00", 33) << "WRONG_LENGTH" << "message_hashes";
    QTest::newRow("cursor 16 bytes") << id + "9a0310" + rep("00", 16) << "WRONG_LENGTH" << "pagination_cursor";
    QTest::newRow("empty cursor") << id + "9a0300" << "WRONG_LENGTH" << "pagination_cursor";
    QTest::newRow("topic invalid utf8") << id + "5202c0af" << "INVALID_UTF8" << "pubsub_topic";
    QTest::newRow("11 content topics") << id + QByteArray("5a012f").repeated(11) << "TOO_LARGE" << "content_topics";
    QTest::newRow("request_id too long") << QByteArray("0a8102") + rep("61", 257) << "TOO_LARGE" << "request_id";
    QTest::newRow("duplicate forward") << id + "a00301a00300" << "DUPLICATE_FIELD" << "pagination_forward";
    QTest::newRow("time_start as i64") << id + "61" + rep("00", 8) << "FIELD_WRONG_TYPE" << "time_start";
    QTest::newRow("group") << id + "a303" << "BAD_WIRE_TYPE" << "StoreQueryRequest";
    QTest::newRow("truncated limit value") << id + "a803e8" << "TRUNCATED" << "StoreQueryRequest";
    QTest::newRow("truncated limit tag") << id + "a8" << "TRUNCATED" << "StoreQueryRequest";
    QTest::newRow("truncated hash") << id + "a20120" + rep("00", 20) << "TRUNCATED" << "StoreQueryRequest";
    QTest::newRow("truncated request_id") << QByteArray("0a0561") << "TRUNCATED" << "StoreQueryRequest";
    QTest::newRow("overlong varint") << id + "a0038100" << "VARINT_OVERLONG" << "StoreQueryRequest";
  }
  void requestRejects() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    auto q = decodeStoreQueryRequest(fromHex(hex));
    QVERIFY(!q.ok());
    QCOMPARE(codeOf(q.error()), code);
    QVERIFY2(QString::fromStdString(q.error().message).contains(mentions), q.error().message.c_str());
  }

  void requestRejectsInputAboveTheLimit() {
    std::vector<std::uint8_t> big = encodeStoreQueryRequest(fullRequest());
    big.resize(kMaxStoreRequestBytes + 1, 0);
    auto q = decodeStoreQueryRequest(big);
    QVERIFY(!q.ok());
    QCOMPARE(codeOf(q.error()), QString("TOO_LARGE"));
    StoreQueryRequest tooMany;
    tooMany.message_hashes.resize(kMaxMessageHashes + 1);
    QCOMPARE(codeOf(decodeStoreQueryRequest(encodeStoreQueryRequest(tooMany)).error()), QString("TOO_LARGE"));
    QCOMPARE(codeOf(checkStoreQueryRequest(tooMany).error()), QString("TOO_LARGE"));
  }

  void responseRejects_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    const QByteArray head = QByteArray("0a01") + hexOf("r") + "50c801" + "5a00";
    const QByteArray hash = QByteArray("0a20") + rep("01", 32);
    const QByteArray msg = QByteArray("0a00") + "1200";
    QTest::newRow("missing request_id") << QByteArray("50c8015a00") << "MISSING_REQUIRED_FIELD" << "request_id";
    QTest::newRow("missing status_code") << QByteArray("0a01") + hexOf("r") + "5a00" << "MISSING_REQUIRED_FIELD" << "status_code";
    QTest::newRow("missing status_desc") << QByteArray("0a01") + hexOf("r") + "50c801" << "MISSING_REQUIRED_FIELD" << "status_desc";
    QTest::newRow("status_code above u32") << QByteArray("0a00") + "5080808080" + "10" + "5a00" << "INVALID_VALUE" << "status_code";
    QTest::newRow("kv without hash") << head + "a201" + "02" + "1a00" << "MISSING_REQUIRED_FIELD" << "message_hash";
    QTest::newRow("kv hash 31 bytes") << head + "a201" + "21" + "0a1f" + rep("01", 31) << "WRONG_LENGTH" << "message_hash";
    QTest::newRow("kv message without topic") << head + "a201" + "28" + hash + "1204" + msg << "INVALID_VALUE" << "pubsub_topic";
    QTest::newRow("kv topic without message") << head + "a201" + "24" + hash + "1a00" << "INVALID_VALUE" << "pubsub_topic";
    QTest::newRow("message without payload") << head + "a201" + "28" + hash + "1202" + "1200" + "1a00" << "MISSING_REQUIRED_FIELD" << "payload";
    QTest::newRow("message without content_topic") << head + "a201" + "28" + hash + "1202" + "0a00" + "1a00" << "MISSING_REQUIRED_FIELD" << "content_topic";
    QTest::newRow("meta 65 bytes") << head + "a201" + "6d" + hash + "1247" + msg + "5a41" + rep("00", 65) + "1a00" << "TOO_LARGE" << "meta";
    QTest::newRow("ephemeral 2") << head + "a201" + "2d" + hash + "1207" + msg + "f80102" + "1a00" << "INVALID_VALUE" << "ephemeral";
    QTest::newRow("messages as varint") << head + "a00101" << "FIELD_WRONG_TYPE" << "messages";
    QTest::newRow("eligibility without desc") << head + "f201" + "02" + "0802" << "MISSING_REQUIRED_FIELD" << "desc";
    QTest::newRow("eligibility without code") << head + "f201" + "02" + "1200" << "MISSING_REQUIRED_FIELD" << "code";
    QTest::newRow("eligibility desc 513 bytes") << head + "f201" + "8604" + "0802" + "128104" + rep("61", 513) << "TOO_LARGE" << "desc";
    QTest::newRow("cursor 31 bytes") << head + "9a031f" + rep("00", 31) << "WRONG_LENGTH" << "pagination_cursor";
    QTest::newRow("truncated message") << head + "a2012a" + hash << "TRUNCATED" << "StoreQueryResponse";
  }
  void responseRejects() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    auto r = decodeStoreQueryResponse(fromHex(hex));
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), code);
    QVERIFY2(QString::fromStdString(r.error().message).contains(mentions), r.error().message.c_str());
  }

  void responseRejectsMoreThanAPage() {
    StoreQueryResponse r;
    r.messages = std::vector<WakuMessageKeyValue>(kMaxMessagesPerResponse + 1, WakuMessageKeyValue{hashOf(9), std::nullopt, std::nullopt});
    auto back = decodeStoreQueryResponse(encodeStoreQueryResponse(r));
    QVERIFY(!back.ok());
    QCOMPARE(codeOf(back.error()), QString("TOO_LARGE"));
  }

  void wakuMessageLimits() {
    WakuMessage m = fullMessage();
    m.payload.assign(kMaxMessagePayloadBytes, 0x55);
    QVERIFY(decodeWakuMessage(encodeWakuMessage(m)).ok());
    QVERIFY(checkWakuMessage(m).ok());
    m.payload.push_back(0);
    QCOMPARE(codeOf(decodeWakuMessage(encodeWakuMessage(m)).error()), QString("TOO_LARGE"));
    QCOMPARE(codeOf(checkWakuMessage(m).error()), QString("TOO_LARGE"));
    WakuMessage worst = fullMessage();
    worst.payload.assign(kMaxMessagePayloadBytes, 1);
    worst.content_topic.assign(kMaxTopicBytes, 't');
    worst.meta = Bytes(kMaxMetaBytes, 2);
    worst.rate_limit_proof = Bytes(kMaxRateLimitProofBytes, 3);
    worst.version = UINT32_MAX;
    worst.timestamp = INT64_MIN;
    worst.ephemeral = true;
    QVERIFY(encodeWakuMessage(worst).size() <= kMaxWakuMessageBytes);
    QVERIFY(decodeWakuMessage(encodeWakuMessage(worst)).ok());
  }

  // ---- status codes --------------------------------------------------------------------------
  void statusNumbersMapWithoutCasting_data() {
    QTest::addColumn<uint>("number");
    QTest::addColumn<QString>("name");
    QTest::newRow("0") << 0u << "UNKNOWN";
    QTest::newRow("200") << 200u << "SUCCESS";
    QTest::newRow("300") << 300u << "BAD_RESPONSE";
    QTest::newRow("400") << 400u << "BAD_REQUEST";
    QTest::newRow("429") << 429u << "TOO_MANY_REQUESTS";
    QTest::newRow("503") << 503u << "SERVICE_UNAVAILABLE";
    QTest::newRow("504") << 504u << "PEER_DIAL_FAILURE";
    QTest::newRow("201 unknown") << 201u << "UNKNOWN";
    QTest::newRow("418 unknown") << 418u << "UNKNOWN";
  }
  void statusNumbersMapWithoutCasting() {
    QFETCH(uint, number);
    QFETCH(QString, name);
    QCOMPARE(QString::fromUtf8(toString(statusCodeFromNumber(number)).data()), name);
    lezpay::proto::Writer w;
    w.stringField(1, "r");
    w.varintField(10, number);
    w.stringField(11, "d");
    auto r = decodeStoreQueryResponse(w.bytes());
    QVERIFY(r.ok());
    QCOMPARE(QString::fromUtf8(toString(r->status_code).data()), name);
    QCOMPARE(isSuccess(r->status_code), number == 200);
  }

  void eligibilityCodesMapWithoutCasting() {
    QCOMPARE(int(eligibilityCodeFromNumber(0)), int(EligibilityCode::OK));
    QCOMPARE(int(eligibilityCodeFromNumber(3)), int(EligibilityCode::STREAM_NOT_ACTIVE));
    QCOMPARE(int(eligibilityCodeFromNumber(4)), int(EligibilityCode::UNKNOWN));
    QCOMPARE(QString::fromUtf8(defaultDescription(EligibilityCode::PARAMS_REJECTED).data()), QString("params rejected"));
    QCOMPARE(QString::fromUtf8(toString(EligibilityCode::PROOF_INVALID).data()), QString("PROOF_INVALID"));
    // An unknown inbound code decodes as UNKNOWN and re-encodes stably.
    const QByteArray hex = QByteArray("0a00" "5000" "5a00" "f201" "04" "0809" "1200");
    auto r = decodeStoreQueryResponse(fromHex(hex));
    QVERIFY(r.ok());
    QCOMPARE(int(r->eligibility_status->code), int(EligibilityCode::UNKNOWN));
    auto again = decodeStoreQueryResponse(encodeStoreQueryResponse(*r));
    QVERIFY(again.ok());
    QVERIFY(*again == *r);
  }
};

QTEST_APPLESS_MAIN(TstStoreCodec)
#include "tst_store_codec.moc"
