// Deterministic message hash (waku/message_hash.h; waku-store.md §6). The spec vector is read from
// tests/vectors/waku_message_hash.json (shared with Python tests) and also pinned inline.
#include <QtTest>

#include <fstream>
#include <nlohmann/json.hpp>

#include "waku/message_hash.h"

using namespace waku;

namespace {
std::vector<std::uint8_t> fromHex(const QByteArray& hex) {
  const QByteArray b = QByteArray::fromHex(hex);
  return {b.begin(), b.end()};
}
QByteArray toHex(const MessageHash& h) {
  return QByteArray(reinterpret_cast<const char*>(h.data()), static_cast<qsizetype>(h.size())).toHex();
}
WakuMessage specMessage() {
  WakuMessage m;
  m.payload = fromHex("010203045445535405060708");
  m.content_topic = "/waku/2/default-content/proto";
  m.meta = fromHex("73757065722d736563726574");
  m.timestamp = 0x175789bfa23f8400;
  return m;
}
const char* kSpecTopic = "/waku/2/default-waku/proto";
}  // namespace

class TstMessageHash : public QObject {
  Q_OBJECT
 private slots:
  void specVectorInline() {
    QCOMPARE(toHex(computeMessageHash(kSpecTopic, specMessage())),
             QByteArray("64cce733fed134e83da02b02c6f689814872b1a0ac97ea56b76095c3c72bfe05"));
  }

  void specVectorsFromSharedFile() {
    std::ifstream in(std::string(LEZPAY_TEST_VECTORS_DIR) + "/waku_message_hash.json");
    QVERIFY(in.good());
    const auto doc = nlohmann::json::parse(in);
    const auto& vectors = doc.at("vectors");
    QVERIFY(!vectors.empty());
    for (const auto& v : vectors) {
      WakuMessage m;
      m.payload = fromHex(QByteArray::fromStdString(v.at("payload_hex").get<std::string>()));
      m.content_topic = v.at("content_topic").get<std::string>();
      m.meta = fromHex(QByteArray::fromStdString(v.at("meta_hex").get<std::string>()));
      m.timestamp = std::stoll(v.at("timestamp").get<std::string>());
      const auto got = computeMessageHash(v.at("pubsub_topic").get<std::string>(), m);
      QCOMPARE(toHex(got), QByteArray::fromStdString(v.at("message_hash_hex").get<std::string>()));
    }
  }

  void unhashedFieldsDoNotChangeTheHash() {
    const auto base = computeMessageHash(kSpecTopic, specMessage());
    WakuMessage m = specMessage();
    m.version = 7;
    m.ephemeral = true;
    m.rate_limit_proof = Bytes{1, 2, 3};
    QVERIFY(computeMessageHash(kSpecTopic, m) == base);
  }

  void hashedFieldsChangeTheHash() {
    const auto base = computeMessageHash(kSpecTopic, specMessage());
    WakuMessage m = specMessage();
    m.timestamp = *m.timestamp + 1;
    QVERIFY(computeMessageHash(kSpecTopic, m) != base);
    m = specMessage();
    m.meta.reset();
    QVERIFY(computeMessageHash(kSpecTopic, m) != base);
    QVERIFY(computeMessageHash("/other", specMessage()) != base);
  }

  void absentTimestampHashesAsEightZeroBytes() {
    WakuMessage absent = specMessage();
    absent.timestamp.reset();
    WakuMessage zero = specMessage();
    zero.timestamp = 0;
    QVERIFY(computeMessageHash(kSpecTopic, absent) == computeMessageHash(kSpecTopic, zero));
    // Equivalent to hashing the concatenation by hand.
    QByteArray pre = QByteArray(kSpecTopic) + QByteArray::fromHex("010203045445535405060708") +
                     "/waku/2/default-content/proto" + QByteArray::fromHex("73757065722d736563726574") + QByteArray(8, '\0');
    QCOMPARE(toHex(computeMessageHash(kSpecTopic, absent)), QCryptographicHash::hash(pre, QCryptographicHash::Sha256).toHex());
  }

  void negativeTimestampIsTwosComplementBigEndian() {
    WakuMessage m;
    m.content_topic = "/c";
    m.timestamp = -2;
    QByteArray pre = QByteArray("/t") + "/c" + QByteArray::fromHex("fffffffffffffffe");
    QCOMPARE(toHex(computeMessageHash("/t", m)), QCryptographicHash::hash(pre, QCryptographicHash::Sha256).toHex());
  }

  void emptyAndAbsentMetaAreTheSame() {
    WakuMessage a = specMessage();
    a.meta = Bytes{};
    WakuMessage b = specMessage();
    b.meta.reset();
    QVERIFY(computeMessageHash(kSpecTopic, a) == computeMessageHash(kSpecTopic, b));
  }
};

QTEST_APPLESS_MAIN(TstMessageHash)
#include "tst_message_hash.moc"
