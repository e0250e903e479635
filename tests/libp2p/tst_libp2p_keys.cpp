// Identity keys, signatures and peer ids (spec libp2p.md §3, vectors §12).
#include <QtTest>

#include <openssl/evp.h>

#include "libp2p_test_bytes.h"
#include "lezpay/libp2p/identify_codec.h"
#include "lezpay/libp2p/identity.h"
#include "lezpay/libp2p/key_codec.h"
#include "lezpay/libp2p/peer_id.h"

using namespace lezpay::libp2p;

namespace {
constexpr const char* kSecret = "53DADF1D5A164D6B4ACDB15E24AA4C5B1D3461BDBD42ABEDB0A4404D56CED8FB";
constexpr const char* kPublicKey = "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99";
constexpr const char* kPeerId = "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY";
constexpr const char* kCid = "bafzaajiiaijcca3xo7uzjzcsyilaj6i54cj44qk7kqzpoao5rti2pjx6udtdbp6kte";
// secp256k1 group order n, for building a high-S twin of a signature.
constexpr const char* kOrder = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

Secp256k1Identity vectorIdentity() {
  auto id = Secp256k1Identity::fromSecret(hexBytes(kSecret));
  if (!id.ok()) qFatal("vector secret rejected");
  return *id;
}

// r, s of a DER signature with one-byte lengths (always the case for secp256k1).
std::vector<std::uint8_t> derWithS(const std::vector<std::uint8_t>& der, const std::vector<std::uint8_t>& s) {
  const std::size_t rLen = der[3];
  std::vector<std::uint8_t> r(der.begin() + 4, der.begin() + 4 + static_cast<long>(rLen));
  std::vector<std::uint8_t> sv = s;
  while (sv.size() > 1 && sv[0] == 0 && sv[1] < 0x80) sv.erase(sv.begin());
  if (sv[0] >= 0x80) sv.insert(sv.begin(), 0);
  std::vector<std::uint8_t> out{0x30, static_cast<std::uint8_t>(4 + r.size() + sv.size()), 0x02, static_cast<std::uint8_t>(r.size())};
  out.insert(out.end(), r.begin(), r.end());
  out.push_back(0x02);
  out.push_back(static_cast<std::uint8_t>(sv.size()));
  out.insert(out.end(), sv.begin(), sv.end());
  return out;
}

std::vector<std::uint8_t> sOf(const std::vector<std::uint8_t>& der) {
  const std::size_t rLen = der[3];
  const std::size_t sLen = der[5 + rLen];
  std::vector<std::uint8_t> s(der.begin() + 6 + static_cast<long>(rLen), der.begin() + 6 + static_cast<long>(rLen + sLen));
  while (s.size() > 32) s.erase(s.begin());
  while (s.size() < 32) s.insert(s.begin(), 0);
  return s;
}

std::vector<std::uint8_t> subtractFromOrder(const std::vector<std::uint8_t>& s) {
  const auto n = hexBytes(kOrder);
  std::vector<std::uint8_t> out(32);
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int d = n[i] - s[i] - borrow;
    borrow = d < 0;
    out[i] = static_cast<std::uint8_t>(d + (borrow ? 256 : 0));
  }
  return out;
}
}  // namespace

class TstLibp2pKeys : public QObject {
  Q_OBJECT
 private slots:
  void secp256k1VectorGivesThePublicKeyAndPeerId() {
    const auto id = vectorIdentity();
    QCOMPARE(hexOf(encodePublicKey(id.publicKey())), QByteArray(kPublicKey));
    const PeerId peer = PeerId::fromPublicKey(id.publicKey());
    QCOMPARE(QString::fromStdString(peer.toBase58()), QString(kPeerId));
    // `/p2p` bytes: a5 03 ‖ LP(multihash) = a503 27 0025 ‖ PublicKey.
    QCOMPARE(hexOf(peer.bytes()), QByteArray("0025") + QByteArray(kPublicKey));
  }

  void ed25519VectorGivesItsPeerId() {
    auto key = decodePublicKey(hexBytes("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"));
    QVERIFY2(key.ok(), messageOf(key));
    QCOMPARE(key->type, KeyType::ED25519);
    QCOMPARE(QString::fromStdString(PeerId::fromPublicKey(*key).toBase58()), QString("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq"));
  }

  void parsesBase58AndCidForms() {
    auto a = parsePeerId(kPeerId);
    QVERIFY2(a.ok(), messageOf(a));
    auto b = parsePeerId(kCid);
    QVERIFY2(b.ok(), messageOf(b));
    QVERIFY(*a == *b);
    QCOMPARE(hexOf(encodePublicKey(*a->inlinePublicKey())), QByteArray(kPublicKey));
  }

  void largeKeysHashToSha256Ids() {
    PublicKey rsa{KeyType::RSA, std::vector<std::uint8_t>(300, 7)};
    const PeerId id = PeerId::fromPublicKey(rsa);
    QCOMPARE(id.bytes().size(), std::size_t{34});
    QCOMPARE(id.bytes()[0], std::uint8_t{0x12});
    QVERIFY(QString::fromStdString(id.toBase58()).startsWith("Qm"));
    QVERIFY(!id.inlinePublicKey().has_value());
    auto back = parsePeerId(id.toBase58());
    QVERIFY(back.ok() && *back == id);
  }

  void rejectsMalformedPeerIds_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("not base58") << "16Uiu2HAm0OIl";
    QTest::newRow("unknown multihash") << "3mJr7AoUXx2Wqd";
    QTest::newRow("cid wrong codec") << "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    QTest::newRow("cid upper case") << "BAFZAAJIIAIJCCA3XO7UZJZCSYILAJ6I54CJ44QK7KQZPOAO5RTI2PJX6UDTDBP6KTE";
    QTest::newRow("too long") << QString(200, 'a');
  }
  void rejectsMalformedPeerIds() {
    QFETCH(QString, text);
    auto r = parsePeerId(text.toStdString());
    QCOMPARE(codeOf(r), QString("INVALID_PEER_ID"));
    QVERIFY(!r.error().message.empty());
  }

  void identityIdWithNonCanonicalKeyIsRejected() {
    // Data before Type: the same key in another field order would be a second id for one key.
    auto pk = hexBytes(kPublicKey);
    std::vector<std::uint8_t> swapped(pk.begin() + 2, pk.end());
    swapped.push_back(0x08);
    swapped.push_back(0x02);
    std::vector<std::uint8_t> mh{0x00, static_cast<std::uint8_t>(swapped.size())};
    mh.insert(mh.end(), swapped.begin(), swapped.end());
    QCOMPARE(codeOf(PeerId::fromBytes(mh)), QString("INVALID_PEER_ID"));
  }

  void keyCodecRoundTripsAndRejectsMalformedInput_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::newRow("missing data") << QByteArray("0802") << "MISSING_REQUIRED_FIELD";
    QTest::newRow("missing type") << QByteArray("120100") << "MISSING_REQUIRED_FIELD";
    QTest::newRow("unknown type") << QByteArray("08051200") << "INVALID_VALUE";
    QTest::newRow("duplicate type") << QByteArray("080208021200") << "DUPLICATE_FIELD";
    QTest::newRow("unknown field") << QByteArray("080212001800") << "INVALID_VALUE";
    QTest::newRow("truncated") << QByteArray("08021221037777") << "TRUNCATED";
    QTest::newRow("overlong varint") << QByteArray("0882001200") << "VARINT_OVERLONG";
  }
  void keyCodecRoundTripsAndRejectsMalformedInput() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    QCOMPARE(codeOf(decodePublicKey(hexBytes(hex.constData()))), code);
    auto ok = decodePublicKey(hexBytes(kPublicKey));
    QVERIFY(ok.ok());
    QCOMPARE(hexOf(encodePublicKey(*ok)), QByteArray(kPublicKey));
    PrivateKey priv{KeyType::SECP256K1, hexBytes(kSecret)};
    auto back = decodePrivateKey(encodePrivateKey(priv));
    QVERIFY(back.ok() && *back == priv);
  }

  void secp256k1SignaturesAreLowSAndVerify() {
    const auto id = vectorIdentity();
    const auto msg = textBytes("noise-libp2p-static-key:0123456789abcdef0123456789abcdef");
    for (int i = 0; i < 32; ++i) {
      auto m = msg;
      m.push_back(static_cast<std::uint8_t>(i));
      const auto sig = id.sign(m);
      QVERIFY(sig.size() <= 72);
      const auto s = sOf(sig);
      QVERIFY2(s[0] < 0x80, "S must be in the lower half of the order");
      auto v = verifySignature(id.publicKey(), m, sig);
      QVERIFY2(v.ok(), messageOf(v));
      // The high-S twin of the same signature is refused, as js and nim refuse it.
      QCOMPARE(codeOf(verifySignature(id.publicKey(), m, derWithS(sig, subtractFromOrder(s)))), QString("INVALID_SIGNATURE"));
    }
  }

  void secp256k1VerificationRejectsTamperingAndBadKeys() {
    const auto id = vectorIdentity();
    const auto msg = textBytes("hello");
    auto sig = id.sign(msg);
    QCOMPARE(codeOf(verifySignature(id.publicKey(), textBytes("hellO"), sig)), QString("INVALID_SIGNATURE"));
    QCOMPARE(codeOf(verifySignature(id.publicKey(), msg, std::vector<std::uint8_t>(sig.begin(), sig.end() - 1))), QString("INVALID_SIGNATURE"));
    QCOMPARE(codeOf(verifySignature(id.publicKey(), msg, {})), QString("INVALID_SIGNATURE"));
    PublicKey notAPoint{KeyType::SECP256K1, std::vector<std::uint8_t>(33, 0x05)};
    QCOMPARE(codeOf(verifySignature(notAPoint, msg, sig)), QString("INVALID_KEY"));
    PublicKey rsa{KeyType::RSA, std::vector<std::uint8_t>(270, 1)};
    QCOMPARE(codeOf(verifySignature(rsa, msg, sig)), QString("UNSUPPORTED_KEY_TYPE"));
    QCOMPARE(codeOf(Secp256k1Identity::fromSecret(std::vector<std::uint8_t>(32, 0))), QString("INVALID_KEY"));
    QCOMPARE(codeOf(Secp256k1Identity::fromSecret(hexBytes(kOrder))), QString("INVALID_KEY"));
    QCOMPARE(codeOf(Secp256k1Identity::fromSecret(std::vector<std::uint8_t>(31, 1))), QString("INVALID_KEY"));
  }

  void ed25519SignaturesVerify() {
    // A key and signature made by OpenSSL here, checked through the libp2p key form.
    EVP_PKEY* pkey = nullptr;
    EVP_PKEY_CTX* kctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
    QVERIFY(kctx && EVP_PKEY_keygen_init(kctx) == 1 && EVP_PKEY_keygen(kctx, &pkey) == 1);
    EVP_PKEY_CTX_free(kctx);
    std::vector<std::uint8_t> pub(32);
    std::size_t len = pub.size();
    QVERIFY(EVP_PKEY_get_raw_public_key(pkey, pub.data(), &len) == 1);
    const auto msg = textBytes("noise-libp2p-static-key:abc");
    std::vector<std::uint8_t> sig(64);
    std::size_t sigLen = sig.size();
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    QVERIFY(EVP_DigestSignInit(md, nullptr, nullptr, nullptr, pkey) == 1);
    QVERIFY(EVP_DigestSign(md, sig.data(), &sigLen, msg.data(), msg.size()) == 1);
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(pkey);
    const PublicKey key{KeyType::ED25519, pub};
    auto v = verifySignature(key, msg, sig);
    QVERIFY2(v.ok(), messageOf(v));
    auto bad = sig;
    bad[10] ^= 1;
    QCOMPARE(codeOf(verifySignature(key, msg, bad)), QString("INVALID_SIGNATURE"));
    QCOMPARE(codeOf(verifySignature(key, msg, std::vector<std::uint8_t>(63, 0))), QString("INVALID_SIGNATURE"));
    QCOMPARE(codeOf(verifySignature(PublicKey{KeyType::ED25519, std::vector<std::uint8_t>(31, 0)}, msg, sig)), QString("INVALID_KEY"));
    QVERIFY(QString::fromStdString(PeerId::fromPublicKey(key).toBase58()).startsWith("12D3KooW"));
  }

  void identifyRoundTripsAndBoundsItsFields() {
    Identify m;
    m.publicKey = hexBytes(kPublicKey);
    m.listenAddrs.push_back(ip4TcpMultiaddr(0x7f000001, 60000));
    m.protocols = {"/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"};
    m.protocolVersion = "ipfs/0.1.0";
    m.agentVersion = "lez-pay/0.1.0";
    QCOMPARE(hexOf(m.listenAddrs[0]), QByteArray("047f00000106ea60"));
    auto back = decodeIdentify(encodeIdentify(m));
    QVERIFY2(back.ok(), messageOf(back));
    QVERIFY(*back == m);
    auto empty = decodeIdentify({});
    QVERIFY(empty.ok() && *empty == Identify{});
    std::vector<std::uint8_t> many;
    for (int i = 0; i < 257; ++i) {
      many.push_back(0x1a);
      many.push_back(1);
      many.push_back('a');
    }
    QCOMPARE(codeOf(decodeIdentify(many)), QString("TOO_LARGE"));
    QCOMPARE(codeOf(decodeIdentify(hexBytes("0a0508"))), QString("TRUNCATED"));
    QCOMPARE(codeOf(decodeIdentify(hexBytes("1a01ff"))), QString("INVALID_UTF8"));
    QCOMPARE(codeOf(decodeIdentify(hexBytes("4001"))), QString("FIELD_WRONG_TYPE"));
  }
};

QTEST_GUILESS_MAIN(TstLibp2pKeys)
#include "tst_libp2p_keys.moc"
