// lez::core hashing: SHA-256, message digest, tx hash, block hash (sha256.h, hashing.h; spec §5).
#include <QJsonArray>
#include <QtTest>

#include "lez/core/block_codec.h"
#include "lez/core/hashing.h"
#include "lez/core/message_codec.h"
#include "lez/core/transaction_codec.h"
#include "test_support.h"

using namespace lez::core;
using lez_test::hexBytes;
using lez_test::qhex;

namespace {
std::string s(const QJsonObject& o, const char* key) {
  return o.value(QLatin1String(key)).toString().toStdString();
}
QJsonObject vectors(const char* section) {
  return lez_test::loadVectors("lez_core.json").value(QLatin1String(section)).toObject();
}
}  // namespace

class TstHashing : public QObject {
  Q_OBJECT
 private slots:
  void sha256KnownAnswers_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("digest");
    QTest::newRow("empty") << QByteArray()
                           << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    QTest::newRow("abc") << QByteArray("abc")
                         << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    QTest::newRow("two blocks") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
  }
  void sha256KnownAnswers() {
    QFETCH(QByteArray, input);
    QFETCH(QString, digest);
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(input.constData()),
                                              static_cast<std::size_t>(input.size()));
    QCOMPARE(qhex(sha256(bytes)), digest);
    Sha256 h;
    h.update(bytes.first(bytes.size() / 2)).update(bytes.subspan(bytes.size() / 2));
    QCOMPARE(qhex(h.finish()), digest);
  }

  void messageDigestMatchesVector() {
    const auto v = vectors("transaction");
    const auto m = decodeMessage(hexBytes(s(v, "message_borsh"))).value();
    QCOMPARE(qhex(messageDigest(m)), QString::fromStdString(s(v, "message_digest")));
  }

  void txHashMatchesVectorWithoutVariantByte() {
    const auto v = vectors("transaction");
    const auto lee = decodeLeeTransaction(hexBytes(s(v, "lee_transaction_borsh"))).value();
    QCOMPARE(qhex(transactionHash(*lee.asPublic())), QString::fromStdString(s(v, "tx_hash")));
    QCOMPARE(qhex(transactionHash(lee)), QString::fromStdString(s(v, "tx_hash")));
    // Not the hash of the tagged form.
    QVERIFY(transactionHash(lee) != sha256(encode(lee)));
    QCOMPARE(qhex(sha256(encode(*lee.asPublic()))), QString::fromStdString(s(v, "tx_hash")));
  }

  void deploymentHashMatchesVector() {
    const auto v = vectors("transaction");
    const auto lee = decodeLeeTransaction(hexBytes(s(v, "deployment_lee_borsh"))).value();
    QCOMPARE(qhex(transactionHash(lee)), QString::fromStdString(s(v, "deployment_hash")));
  }

  void blockHashMatchesVector() {
    const auto v = vectors("block");
    const auto d = decodeHashableBlockData(hexBytes(s(v, "hashable_borsh"))).value();
    QCOMPARE(qhex(blockHash(d)), QString::fromStdString(s(v, "block_hash")));
  }

  void hashesAreDeterministic() {
    const auto v = vectors("transaction");
    const auto m = decodeMessage(hexBytes(s(v, "message_borsh"))).value();
    QVERIFY(messageDigest(m) == messageDigest(Message(m)));
    const auto d = decodeHashableBlockData(hexBytes(s(vectors("block"), "hashable_borsh"))).value();
    QVERIFY(blockHash(d) == blockHash(HashableBlockData(d)));
  }

  void hashesChangeWithEveryField() {
    const auto v = vectors("transaction");
    const auto base = decodeMessage(hexBytes(s(v, "message_borsh"))).value();
    const auto d0 = messageDigest(base);
    Message a = base;
    a.nonces[1] = U128(6);
    QVERIFY(messageDigest(a) != d0);
    Message b = base;
    std::swap(b.accountIds[0], b.accountIds[1]);
    QVERIFY(messageDigest(b) != d0);
    Message c = base;
    c.instructionData.push_back(0);
    QVERIFY(messageDigest(c) != d0);
  }

  // The same Borsh bytes hashed under the message and block domains, and bare, all differ.
  void domainsAreSeparated() {
    const Message m;
    const auto body = encode(m);
    const auto bare = sha256(body);
    const auto digest = messageDigest(m);
    Sha256 block;
    block.update(kBlockMessagePrefix).update(body);
    const auto underBlock = block.finish();
    QVERIFY(digest != bare);
    QVERIFY(digest != underBlock);
    QVERIFY(bare != underBlock);
    Sha256 manual;
    manual.update(kPublicMessagePrefix).update(body);
    QVERIFY(manual.finish() == digest);
  }

  void prefixesHaveSpecLengths() {
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(kPublicMessagePrefix.data())),
             QByteArray("/LEE/v0.3/Message/Public/"));
    QCOMPARE(QByteArray("/LEE/v0.3/Message/Public/").size(), 25);
    QCOMPARE(kPublicMessagePrefix[24], std::uint8_t{'/'});
    QCOMPARE(kPublicMessagePrefix[25], std::uint8_t{0});
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(kBlockMessagePrefix.data())),
             QByteArray("/LEE/v0.3/Message/Block/"));
    QCOMPARE(kBlockMessagePrefix[23], std::uint8_t{'/'});
    QCOMPARE(kBlockMessagePrefix[24], std::uint8_t{0});
    QCOMPARE(kBlockMessagePrefix[31], std::uint8_t{0});
  }

  void hashText() {
    Hash32 h{};
    h[0] = 0xab;
    QCOMPARE(QString::fromStdString(hashToHex(h)), QStringLiteral("ab") + QString(62, QLatin1Char('0')));
  }
};

QTEST_APPLESS_MAIN(TstHashing)
#include "tst_hashing.moc"
