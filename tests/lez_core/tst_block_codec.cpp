// lez::core Block, BlockHeader and HashableBlockData codecs (block_codec.h; spec §4) against
// tests/vectors/lez_core.json.
#include <QJsonArray>
#include <QtTest>

#include "lez/core/block_codec.h"
#include "lez/core/hashing.h"
#include "lez/core/transaction_codec.h"
#include "test_support.h"

using namespace lez::core;
using lez_test::hexBytes;
using lez_test::qhex;

namespace {
QString codeOf(const lezpay::util::Error& e) { return QString::fromStdString(e.code); }
QString msgOf(const lezpay::util::Error& e) { return QString::fromStdString(e.message); }
std::string s(const QJsonObject& o, const char* key) {
  return o.value(QLatin1String(key)).toString().toStdString();
}

Block vectorBlock() {
  const auto doc = lez_test::loadVectors("lez_core.json");
  const auto tv = doc.value(QStringLiteral("transaction")).toObject();
  const auto bv = doc.value(QStringLiteral("block")).toObject();
  Block b;
  b.header.blockId = static_cast<std::uint64_t>(bv.value(QStringLiteral("block_id")).toInteger());
  b.header.prevBlockHash = lezpay::util::fromHexFixed<32>(s(bv, "prev_block_hash")).value();
  b.header.timestamp = static_cast<std::uint64_t>(bv.value(QStringLiteral("timestamp")).toInteger());
  b.header.signature = Signature::fromHex(s(bv, "signature")).value();
  b.body.transactions.push_back(decodeLeeTransaction(hexBytes(s(tv, "lee_transaction_borsh"))).value());
  b.body.transactions.push_back(decodeLeeTransaction(hexBytes(s(tv, "deployment_lee_borsh"))).value());
  b.header.hash = blockHash(hashableData(b));
  b.bedrockStatus = static_cast<BedrockStatus>(bv.value(QStringLiteral("bedrock_status")).toInt());
  return b;
}
}  // namespace

class TstBlockCodec : public QObject {
  Q_OBJECT
 private slots:
  void fullBlockMatchesVector() {
    const auto bv = lez_test::loadVectors("lez_core.json").value(QStringLiteral("block")).toObject();
    const Block b = vectorBlock();
    QCOMPARE(qhex(encode(hashableData(b))), QString::fromStdString(s(bv, "hashable_borsh")));
    QCOMPARE(qhex(b.header.hash), QString::fromStdString(s(bv, "block_hash")));
    const auto bytes = encode(b);
    QCOMPARE(qhex(bytes), QString::fromStdString(s(bv, "block_borsh")));
    auto back = decodeBlock(bytes);
    QVERIFY2(back.ok(), lez_test::why(back).constData());
    QVERIFY(back.value() == b);
    QVERIFY(back.value().bedrockStatus == BedrockStatus::Finalized);
  }

  void emptyBlockRoundTrips() {
    const Block b;
    const auto bytes = encode(b);
    QCOMPARE(bytes.size(), kBlockHeaderBytes + 4 + 1);
    auto back = decodeBlock(bytes);
    QVERIFY(back.ok());
    QVERIFY(back.value() == b);
    const HashableBlockData d;
    QVERIFY(decodeHashableBlockData(encode(d)).value() == d);
  }

  void headerRoundTrips() {
    const Block b = vectorBlock();
    const auto bytes = encode(b.header);
    QCOMPARE(bytes.size(), kBlockHeaderBytes);
    QVERIFY(decodeBlockHeader(bytes).value() == b.header);
  }

  void hashableDataRoundTrips() {
    const auto d = hashableData(vectorBlock());
    auto back = decodeHashableBlockData(encode(d));
    QVERIFY2(back.ok(), lez_test::why(back).constData());
    QVERIFY(back.value() == d);
  }

  void decodeRejectsEveryTruncation() {
    const auto full = encode(vectorBlock());
    for (std::size_t n = 0; n < full.size(); ++n) {
      auto r = decodeBlock(std::span<const std::uint8_t>(full.data(), n));
      QVERIFY(!r.ok());
      QVERIFY2(codeOf(r.error()) == QLatin1String("TRUNCATED"), lez_test::why(r).constData());
    }
  }

  void decodeRejectsTrailingBytes() {
    auto bytes = encode(vectorBlock());
    bytes.push_back(0);
    QCOMPARE(codeOf(decodeBlock(bytes).error()), QStringLiteral("TRAILING_BYTES"));
    auto h = encode(hashableData(vectorBlock()));
    h.push_back(0);
    QCOMPARE(codeOf(decodeHashableBlockData(h).error()), QStringLiteral("TRAILING_BYTES"));
  }

  void decodeRejectsUnknownBedrockStatus() {
    auto bytes = encode(Block{});
    bytes.back() = 3;
    auto r = decodeBlock(bytes);
    QCOMPARE(codeOf(r.error()), QStringLiteral("INVALID_VARIANT"));
    QVERIFY(msgOf(r.error()).contains(QStringLiteral("bedrock_status")));
  }

  void errorNamesTheTransactionIndex() {
    Block b = vectorBlock();
    auto bytes = encode(b);
    // The second transaction starts after the header, the count and the first transaction.
    const std::size_t second = kBlockHeaderBytes + 4 + encode(b.body.transactions[0]).size();
    bytes[second] = 1;  // PrivacyPreserving
    auto r = decodeBlock(bytes);
    QCOMPARE(codeOf(r.error()), QStringLiteral("UNSUPPORTED_VARIANT"));
    QVERIFY2(msgOf(r.error()).contains(QStringLiteral("transactions[1]")), lez_test::why(r).constData());
  }

  void transactionCountIsBoundedByInput() {
    BorshWriter w;
    w.writeFixed(std::vector<std::uint8_t>(kBlockHeaderBytes, 0));
    w.writeU32(0xffffffff);
    w.writeU8(0);
    auto r = decodeBlock(std::move(w).take());
    QCOMPARE(codeOf(r.error()), QStringLiteral("TRUNCATED"));
  }
};

QTEST_APPLESS_MAIN(TstBlockCodec)
#include "tst_block_codec.moc"
