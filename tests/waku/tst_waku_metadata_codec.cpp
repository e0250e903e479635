// Waku metadata codec (waku/metadata_codec.h; libp2p.md §8): the spec's example bytes, round
// trips, the three shard encodings peers send, and refused input.
#include <QtTest>

#include <cstdint>
#include <vector>

#include "waku/metadata_codec.h"

using namespace waku;

namespace {
std::vector<std::uint8_t> fromHex(const QByteArray& hex) {
  const QByteArray b = QByteArray::fromHex(hex);
  return {b.begin(), b.end()};
}
QByteArray toHex(const std::vector<std::uint8_t>& v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size())).toHex();
}
}  // namespace

Q_DECLARE_METATYPE(waku::WakuMetadata)

class TstWakuMetadataCodec : public QObject {
  Q_OBJECT
 private slots:
  void encodesTheSpecExample() {
    // libp2p.md §8: cluster 1, shards 0..7 (the example's leading 1c is its length prefix).
    QCOMPARE(toHex(encodeWakuMetadata({1, {0, 1, 2, 3, 4, 5, 6, 7}})),
             QByteArray("0801100010011002100310041005100610071a080001020304050607"));
    // Cluster 0 is still written: nwaku disconnects when it is absent.
    QCOMPARE(toHex(encodeWakuMetadata({0, {2}})), QByteArray("080010021a0102"));
    // js-waku's request: a cluster and no shards, no field 3.
    QCOMPARE(toHex(encodeWakuMetadata({1, {}})), QByteArray("0801"));
  }

  void roundTrips_data() {
    QTest::addColumn<WakuMetadata>("metadata");
    QTest::newRow("full") << WakuMetadata{7, {0, 3, 1023, 4294967295u}};
    QTest::newRow("empty") << WakuMetadata{};
    QTest::newRow("cluster only") << WakuMetadata{0, {}};
    QTest::newRow("shards only") << WakuMetadata{std::nullopt, {5, 5}};
  }
  void roundTrips() {
    QFETCH(WakuMetadata, metadata);
    const auto bytes = encodeWakuMetadata(metadata);
    auto back = decodeWakuMetadata(bytes);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QVERIFY(*back == metadata);
    QCOMPARE(encodeWakuMetadata(*back), bytes);
  }

  void decodesWhatPeersSend_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<WakuMetadata>("expected");
    QTest::newRow("js-waku: field 2 unpacked") << QByteArray("0801100010011007") << WakuMetadata{1, {0, 1, 7}};
    QTest::newRow("libprotobuf: field 2 packed") << QByteArray("08011203000107") << WakuMetadata{1, {0, 1, 7}};
    QTest::newRow("nwaku: field 3 preferred over field 2") << QByteArray("0802100010011a020506") << WakuMetadata{2, {5, 6}};
    QTest::newRow("field 3 before field 2") << QByteArray("1a01090801100a") << WakuMetadata{1, {9}};
    QTest::newRow("field 3 in two chunks") << QByteArray("1a01011a020203") << WakuMetadata{std::nullopt, {1, 2, 3}};
    QTest::newRow("empty field 3 wins over field 2") << QByteArray("080110041a00") << WakuMetadata{1, {}};
    QTest::newRow("unknown fields skipped") << QByteArray("2003080128053a0161") << WakuMetadata{1, {}};
    QTest::newRow("empty input") << QByteArray("") << WakuMetadata{};
  }
  void decodesWhatPeersSend() {
    QFETCH(QByteArray, hex);
    QFETCH(WakuMetadata, expected);
    auto m = decodeWakuMetadata(fromHex(hex));
    QVERIFY2(m.ok(), m.ok() ? "" : m.error().message.c_str());
    QVERIFY(*m == expected);
  }

  void refusesBadInput_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::newRow("cluster twice") << QByteArray("08010802") << "DUPLICATE_FIELD" << "WakuMetadata.cluster_id";
    QTest::newRow("cluster as bytes") << QByteArray("0a0101") << "FIELD_WRONG_TYPE" << "WakuMetadata.cluster_id";
    QTest::newRow("cluster above u32") << QByteArray("088080808010") << "INVALID_VALUE" << "WakuMetadata.cluster_id";
    QTest::newRow("shard above u32") << QByteArray("108080808010") << "INVALID_VALUE" << "WakuMetadata.shards";
    QTest::newRow("packed shard cut") << QByteArray("1a0180") << "TRUNCATED" << "WakuMetadata.shards_packed";
    QTest::newRow("shards as fixed32") << QByteArray("1501000000") << "FIELD_WRONG_TYPE" << "WakuMetadata.shards";
    QTest::newRow("truncated tag value") << QByteArray("08") << "TRUNCATED" << "WakuMetadata";
    QTest::newRow("overlong varint") << QByteArray("088000") << "VARINT_OVERLONG" << "WakuMetadata";
  }
  void refusesBadInput() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    QFETCH(QString, field);
    auto m = decodeWakuMetadata(fromHex(hex));
    QVERIFY(!m.ok());
    QCOMPARE(QString::fromStdString(m.error().code), code);
    QVERIFY2(QString::fromStdString(m.error().message).contains(field), m.error().message.c_str());
  }

  void refusesInputAboveTheLimit() {
    std::vector<std::uint8_t> big;
    while (big.size() <= kMaxWakuMetadataBytes) big.insert(big.end(), {0x10, 0x01});
    auto m = decodeWakuMetadata(big);
    QVERIFY(!m.ok());
    QCOMPARE(QString::fromStdString(m.error().code), QString("TOO_LARGE"));
  }
};

QTEST_APPLESS_MAIN(TstWakuMetadataCodec)
#include "tst_waku_metadata_codec.moc"
