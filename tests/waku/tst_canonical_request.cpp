// N8 canonical Store request (waku/canonical_request.h; payment-streams.md §7). Expected bytes are
// written out by hand, field by field, from the table in the spec.
#include <QtTest>

#include <cstdint>
#include <vector>

#include "waku/canonical_request.h"
#include "waku/store_codec.h"

using namespace waku;

namespace {
std::vector<std::uint8_t> fromHex(const QByteArray& hex) {
  QByteArray clean = hex;
  clean.replace(" ", "");
  const QByteArray b = QByteArray::fromHex(clean);
  return {b.begin(), b.end()};
}
QByteArray toHex(const std::vector<std::uint8_t>& v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size())).toHex();
}
MessageHash filled(std::uint8_t b) {
  MessageHash h{};
  h.fill(b);
  return h;
}
// "/LEZ/v0.1/StoreEligibility/" (27 bytes) + 5 zero bytes.
const QByteArray kPrefix = "2f4c455a2f76302e312f53746f7265456c69676962696c6974792f" "0000000000";
}  // namespace

Q_DECLARE_METATYPE(waku::StoreQueryRequest)

class TstCanonicalRequest : public QObject {
  Q_OBJECT
 private slots:
  void encodesEveryField_data() {
    QTest::addColumn<StoreQueryRequest>("request");
    QTest::addColumn<QByteArray>("body");

    StoreQueryRequest absent;
    absent.request_id = "r1";
    QTest::newRow("every optional absent") << absent
        << QByteArray("02000000 7231"   // 1 request_id "r1"
                      "00"              // 2 include_data false
                      "00"              // 3 pubsub_topic absent
                      "00000000"        // 4 content_topics: 0
                      "00"              // 5 time_start absent
                      "00"              // 6 time_end absent
                      "00000000"        // 7 message_hashes: 0
                      "00"              // 8 pagination_cursor absent
                      "00"              // 9 pagination_forward false
                      "00");            // 10 pagination_limit absent

    StoreQueryRequest present;
    present.request_id = "q";
    present.include_data = true;
    present.pubsub_topic = "/p";
    present.content_topics = {"/a", "/bc"};
    present.time_start = 1;
    present.time_end = -2;
    present.message_hashes = {filled(0x11)};
    present.pagination_cursor = filled(0x22);
    present.pagination_forward = true;
    present.pagination_limit = 300;
    present.eligibility_proof = Bytes{0xAA};  // excluded from N8
    QTest::newRow("every optional present") << present
        << (QByteArray("01000000 71"                         // 1 request_id "q"
                       "01"                                  // 2 include_data true
                       "01 02000000 2f70"                    // 3 pubsub_topic "/p"
                       "02000000 02000000 2f61 03000000 2f6263"  // 4 ["/a", "/bc"]
                       "01 0100000000000000"                 // 5 time_start 1
                       "01 feffffffffffffff"                 // 6 time_end -2
                       "01000000 ") + QByteArray("11").repeated(32) +   // 7 one hash
            QByteArray(" 01 ") + QByteArray("22").repeated(32) +        // 8 cursor
            QByteArray(" 01"                                  // 9 pagination_forward true
                       " 01 2c01000000000000"));              // 10 pagination_limit 300

    StoreQueryRequest defaults;
    defaults.request_id = "";
    defaults.pubsub_topic = "";
    defaults.time_start = 0;
    defaults.time_end = 0;
    defaults.pagination_cursor = MessageHash{};
    defaults.pagination_limit = 0;
    QTest::newRow("present with default values") << defaults
        << (QByteArray("00000000 00 01 00000000 00000000 01 0000000000000000 01 0000000000000000 00000000 01 ") +
            QByteArray("00").repeated(32) + QByteArray(" 00 01 0000000000000000"));
  }
  void encodesEveryField() {
    QFETCH(StoreQueryRequest, request);
    QFETCH(QByteArray, body);
    const auto n8 = canonicalStoreRequest(request);
    QCOMPARE(toHex(n8), toHex(fromHex(kPrefix + body)));
  }

  void prefixIsTheDomainPaddedTo32Bytes() {
    const auto n8 = canonicalStoreRequest(StoreQueryRequest{});
    QVERIFY(n8.size() > kDomainPrefixBytes);
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(n8.data()), 32), QByteArray("/LEZ/v0.1/StoreEligibility/") + QByteArray(5, '\0'));
    QCOMPARE(kStoreEligibilityDomain.size(), std::size_t{27});
  }

  void absentDiffersFromPresentWithDefault() {
    StoreQueryRequest a;
    a.request_id = "x";
    StoreQueryRequest b = a;
    b.pubsub_topic = "";
    QVERIFY(canonicalStoreRequest(a) != canonicalStoreRequest(b));
    b = a;
    b.pagination_limit = 0;
    QVERIFY(canonicalStoreRequest(a) != canonicalStoreRequest(b));
    b = a;
    b.time_end = 0;
    QVERIFY(canonicalStoreRequest(a) != canonicalStoreRequest(b));
  }

  void absentBoolFieldsGiveTheSameBytesAsExplicitFalse() {
    auto absent = decodeStoreQueryRequest(fromHex("0a0161"));
    auto explicitFalse = decodeStoreQueryRequest(fromHex("0a0161 1000 a00300"));
    QVERIFY(absent.ok() && explicitFalse.ok());
    QCOMPARE(canonicalStoreRequest(*absent), canonicalStoreRequest(*explicitFalse));
  }

  void eligibilityProofIsExcluded() {
    StoreQueryRequest a;
    a.request_id = "x";
    StoreQueryRequest b = a;
    b.eligibility_proof = Bytes(100, 0x42);
    QCOMPARE(canonicalStoreRequest(a), canonicalStoreRequest(b));
  }

  // The server computes N8 from the decoded request, whatever the protobuf field order.
  void protobufFieldOrderDoesNotMatter() {
    const QByteArray canonicalOrder = "0a0161 1001 5202 2f70 5a02 2f61 5a03 2f6263 a00301 a80305";
    const QByteArray shuffled = "a80305 5a02 2f61 f20101ff 1001 5202 2f70 a00301 5a03 2f6263 0a0161";
    auto a = decodeStoreQueryRequest(fromHex(canonicalOrder));
    auto b = decodeStoreQueryRequest(fromHex(shuffled));
    QVERIFY2(a.ok() && b.ok(), "decode");
    QCOMPARE(canonicalStoreRequest(*a), canonicalStoreRequest(*b));
  }

  void digestIsSha256OfN8() {
    StoreQueryRequest q;
    q.request_id = "digest";
    q.content_topics = {"/t"};
    const auto n8 = canonicalStoreRequest(q);
    const auto digest = canonicalStoreRequestDigest(q);
    const QByteArray expected = QCryptographicHash::hash(QByteArray(reinterpret_cast<const char*>(n8.data()), static_cast<qsizetype>(n8.size())), QCryptographicHash::Sha256);
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(digest.data()), 32), expected);
  }
};

QTEST_APPLESS_MAIN(TstCanonicalRequest)
#include "tst_canonical_request.moc"
