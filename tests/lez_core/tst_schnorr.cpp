// lez::core BIP-340 (schnorr.h, public_key.h; spec §5) against the official BIP-340 test vectors
// in tests/vectors/bip340.json.
#include <QJsonArray>
#include <QtTest>

#include "lez/core/schnorr.h"
#include "test_support.h"

using namespace lez::core;
using lez_test::hexBytes;
using lez_test::qhex;

namespace {
QString codeOf(const lezpay::util::Error& e) { return QString::fromStdString(e.code); }
std::string s(const QJsonObject& o, const char* key) {
  return o.value(QLatin1String(key)).toString().toStdString();
}
QJsonArray bip340() { return lez_test::loadVectors("bip340.json").value(QStringLiteral("vectors")).toArray(); }
}  // namespace

class TstSchnorr : public QObject {
  Q_OBJECT
 private slots:
  void vectorFileIsComplete() {
    const auto list = bip340();
    QCOMPARE(list.size(), 19);
    for (int i = 0; i < list.size(); ++i) {
      QCOMPARE(list[i].toObject().value(QStringLiteral("index")).toInt(), i);
    }
  }

  void verifyMatchesEveryVector_data() {
    QTest::addColumn<QString>("pubkey");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("signature");
    QTest::addColumn<bool>("expected");
    for (const auto& item : bip340()) {
      const auto v = item.toObject();
      const auto name = QStringLiteral("%1 %2").arg(v.value(QStringLiteral("index")).toInt())
                            .arg(v.value(QStringLiteral("comment")).toString());
      QTest::newRow(qPrintable(name)) << v.value(QStringLiteral("public_key")).toString()
                                      << v.value(QStringLiteral("message")).toString()
                                      << v.value(QStringLiteral("signature")).toString()
                                      << v.value(QStringLiteral("verification_result")).toBool();
    }
  }
  // A key that fails to parse counts as a failed verification (vectors 5 and 14).
  void verifyMatchesEveryVector() {
    QFETCH(QString, pubkey);
    QFETCH(QString, message);
    QFETCH(QString, signature);
    QFETCH(bool, expected);
    auto pk = PublicKey::fromHex(pubkey.toStdString());
    const auto sig = Signature::fromHex(signature.toStdString());
    QVERIFY(sig.ok());
    const bool ok = pk.ok() && verify(sig.value(), hexBytes(message.toStdString()), pk.value());
    QCOMPARE(ok, expected);
    if (!pk.ok()) QCOMPARE(codeOf(pk.error()), QStringLiteral("INVALID_PUBLIC_KEY"));
  }

  // Signing with the vector's aux must reproduce the vector's signature exactly (32-byte messages).
  void signReproducesVectors() {
    int signedCount = 0;
    for (const auto& item : bip340()) {
      const auto v = item.toObject();
      if (s(v, "secret_key").empty()) continue;
      const auto msg = hexBytes(s(v, "message"));
      auto key = SecretKey::fromHex(s(v, "secret_key"));
      QVERIFY(key.ok());
      QCOMPARE(QString::fromStdString(key.value().publicKey().toHex()),
               QString::fromStdString(s(v, "public_key")).toLower());
      if (msg.size() != 32) continue;  // sign32 takes 32-byte messages only
      Hash32 m{};
      std::copy(msg.begin(), msg.end(), m.begin());
      const auto aux = lezpay::util::fromHexFixed<32>(s(v, "aux_rand")).value();
      const auto sig = sign(key.value(), m, aux);
      QCOMPARE(QString::fromStdString(sig.toHex()), QString::fromStdString(s(v, "signature")).toLower());
      ++signedCount;
    }
    QCOMPARE(signedCount, 4);
  }

  void secretKeyRejects_data() {
    QTest::addColumn<QString>("hex");
    QTest::newRow("zero") << QString(64, QLatin1Char('0'));
    QTest::newRow("curve order n") << "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    QTest::newRow("above n") << "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142";
    QTest::newRow("all ones") << QString(64, QLatin1Char('f'));
    QTest::newRow("31 bytes") << QString(62, QLatin1Char('1'));
    QTest::newRow("33 bytes") << QString(66, QLatin1Char('1'));
    QTest::newRow("not hex") << QString(64, QLatin1Char('z'));
  }
  void secretKeyRejects() {
    QFETCH(QString, hex);
    auto k = SecretKey::fromHex(hex.toStdString());
    QVERIFY(!k.ok());
    QCOMPARE(codeOf(k.error()), QStringLiteral("INVALID_SECRET_KEY"));
    QVERIFY(!QString::fromStdString(k.error().message).contains(hex));
  }

  void largestValidSecretIsAccepted() {
    QVERIFY(SecretKey::fromHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140").ok());
    QVERIFY(SecretKey::fromHex(QString(63, QLatin1Char('0')).toStdString() + "1").ok());
  }

  void generatedKeysSignAndVerify() {
    auto key = SecretKey::generate();
    QVERIFY(key.ok());
    auto other = SecretKey::generate();
    QVERIFY(other.ok());
    QVERIFY(key.value().publicKey() != other.value().publicKey());
    Hash32 msg{};
    msg[0] = 7;
    auto sig = sign(key.value(), msg);
    QVERIFY(sig.ok());
    QVERIFY(verify(sig.value(), msg, key.value().publicKey()));
    QVERIFY(!verify(sig.value(), msg, other.value().publicKey()));
    msg[31] = 1;
    QVERIFY(!verify(sig.value(), msg, key.value().publicKey()));
  }

  // Fresh aux gives different signature bytes that both verify: never compare signatures.
  void signaturesWithFreshAuxDifferButVerify() {
    const auto key = SecretKey::fromHex(std::string(63, '0') + "3").value();
    Hash32 msg{};
    auto a = sign(key, msg);
    auto b = sign(key, msg);
    QVERIFY(a.ok() && b.ok());
    QVERIFY(a.value() != b.value());
    QVERIFY(verify(a.value(), msg, key.publicKey()));
    QVERIFY(verify(b.value(), msg, key.publicKey()));
  }

  void verifyTakesTheKeyAsBytes() {
    auto key = SecretKey::generate().value();
    Hash32 msg{};
    msg.fill(0x5a);
    auto sig = sign(key, msg);
    QVERIFY(sig.ok());
    const auto pk = key.publicKey().bytes();
    QVERIFY(verify(sig.value(), msg, std::span<const std::uint8_t, 32>(pk.data(), 32)));
    auto other = pk;
    other[31] ^= 1;
    QVERIFY(!verify(sig.value(), msg, std::span<const std::uint8_t, 32>(other.data(), 32)));
    std::array<std::uint8_t, 32> notAKey{};
    notAKey.fill(0xff);  // above the field size: no x-only key
    QVERIFY(!verify(sig.value(), msg, std::span<const std::uint8_t, 32>(notAKey.data(), 32)));
  }
  void tamperedSignatureFails() {
    const auto key = SecretKey::fromHex(std::string(63, '0') + "5").value();
    Hash32 msg{};
    auto sig = sign(key, msg, AuxRand{});
    for (std::size_t i : {std::size_t{0}, std::size_t{31}, std::size_t{32}, std::size_t{63}}) {
      Signature bad = sig;
      bad.bytes[i] ^= 0x01;
      QVERIFY(!verify(bad, msg, key.publicKey()));
    }
  }

  void publicKeyParsing() {
    QVERIFY(PublicKey::fromHex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798").ok());
    QCOMPARE(codeOf(PublicKey::fromHex("79be").error()), QStringLiteral("WRONG_LENGTH"));
    QCOMPARE(codeOf(PublicKey::fromHex(std::string(64, '0')).error()), QStringLiteral("INVALID_PUBLIC_KEY"));
    QCOMPARE(codeOf(Signature::fromHex("00").error()), QStringLiteral("WRONG_LENGTH"));
  }

  void secretIsWipedOnDestruction() {
    alignas(SecretKey) unsigned char storage[sizeof(SecretKey)];
    auto key = SecretKey::fromHex(std::string(62, '0') + "ff");
    QVERIFY(key.ok());
    auto* p = new (storage) SecretKey(key.value());
    // Read the raw storage (which outlives the object) where the secret was.
    const auto offset = static_cast<std::size_t>(
        reinterpret_cast<const unsigned char*>(p->exposeSecret().data()) - storage);
    QCOMPARE(storage[offset + 31], static_cast<unsigned char>(0xff));
    p->~SecretKey();
    bool allZero = true;
    for (std::size_t i = 0; i < 32; ++i) allZero = allZero && storage[offset + i] == 0;
    QVERIFY(allZero);
  }
};

QTEST_APPLESS_MAIN(TstSchnorr)
#include "tst_schnorr.moc"
