// Peer id derivation (libp2p secp256k1 identity multihash) and multiaddr parsing/formatting.
#include <QtTest>

#include "delivery/multiaddr.h"
#include "delivery/peer_id.h"
#include "lezpay/util/hex.h"

using namespace delivery;

namespace {
NodeSecret secretOf(std::uint8_t last) {
  NodeSecret s{};
  s[31] = last;
  return s;
}
}  // namespace

class TstDeliveryIdentity : public QObject {
  Q_OBJECT
 private slots:
  // Expected values computed independently (Python: affine secp256k1 arithmetic + base58btc).
  void peerIdOfKnownSecrets_data() {
    QTest::addColumn<int>("secret");
    QTest::addColumn<QString>("compressed");
    QTest::addColumn<QString>("peerId");
    QTest::newRow("1") << 1 << "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                       << "16Uiu2HAm3cuhhRL2msUuLF62KRSfneFDx94RsuouyW25Ho42cFMq";
    QTest::newRow("2") << 2 << "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"
                       << "16Uiu2HAm8kegYGp6XeybmZAuNcnLosyjsRwZ44yLgfEuqLqYL9zt";
  }
  void peerIdOfKnownSecrets() {
    QFETCH(int, secret);
    QFETCH(QString, compressed);
    QFETCH(QString, peerId);
    auto key = compressedPublicKey(secretOf(static_cast<std::uint8_t>(secret)));
    QVERIFY2(key.ok(), key.ok() ? "" : key.error().message.c_str());
    QCOMPARE(QString::fromStdString(lezpay::util::toHex(key.value())), compressed);
    QCOMPARE(libp2pPublicKeyBytes(key.value()).size(), std::size_t{37});
    auto id = peerIdFromSecret(secretOf(static_cast<std::uint8_t>(secret)));
    QVERIFY(id.ok());
    QCOMPARE(QString::fromStdString(id.value()), peerId);
    QVERIFY(decodePeerId(id.value()).ok());
  }
  void invalidSecretsAreRefused() {
    QCOMPARE(peerIdFromSecret(NodeSecret{}).error().code, std::string(kInvalidNodeKey));
    NodeSecret n{};
    n.fill(0xff);  // above the curve order
    QCOMPARE(compressedPublicKey(n).error().code, std::string(kInvalidNodeKey));
  }
  void decodePeerIdRejectsNonMultihashes_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("not base58") << "16Uiu2HAm0OIl";
    QTest::newRow("account id") << "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo";
    QTest::newRow("truncated") << "16Uiu2HAm3cuhhRL2msUuLF62KRSfneFDx94RsuouyW25Ho42cF";
  }
  void decodePeerIdRejectsNonMultihashes() {
    QFETCH(QString, text);
    QVERIFY(!decodePeerId(text.toStdString()).ok());
  }
  void parsesMultiaddrs_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("hasPeer");
    QTest::newRow("ip4 + p2p") << "/ip4/127.0.0.1/tcp/60001/p2p/16Uiu2HAm3cuhhRL2msUuLF62KRSfneFDx94RsuouyW25Ho42cFMq" << "127.0.0.1" << 60001 << true;
    QTest::newRow("ip4") << "/ip4/10.0.0.2/tcp/1" << "10.0.0.2" << 1 << false;
    QTest::newRow("dns4") << "/dns4/localhost/tcp/65535" << "localhost" << 65535 << false;
    QTest::newRow("ip6") << "/ip6/::1/tcp/8000" << "::1" << 8000 << false;
  }
  void parsesMultiaddrs() {
    QFETCH(QString, text);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, hasPeer);
    auto a = parseMultiaddr(text.toStdString());
    QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
    QCOMPARE(QString::fromStdString(a->host), host);
    QCOMPARE(int(a->port), port);
    QCOMPARE(a->peer_id.has_value(), hasPeer);
    QCOMPARE(QString::fromStdString(formatMultiaddr(a.value())), text);
  }
  void rejectsBadMultiaddrs_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("no slash") << "ip4/1.2.3.4/tcp/1";
    QTest::newRow("three octets") << "/ip4/1.2.3/tcp/1";
    QTest::newRow("octet 256") << "/ip4/1.2.3.256/tcp/1";
    QTest::newRow("leading zero") << "/ip4/01.2.3.4/tcp/1";
    QTest::newRow("udp") << "/ip4/1.2.3.4/udp/1";
    QTest::newRow("port 0") << "/ip4/1.2.3.4/tcp/0";
    QTest::newRow("port 65536") << "/ip4/1.2.3.4/tcp/65536";
    QTest::newRow("no port") << "/ip4/1.2.3.4/tcp";
    QTest::newRow("ws") << "/ip4/1.2.3.4/tcp/1/ws";
    QTest::newRow("bad peer id") << "/ip4/1.2.3.4/tcp/1/p2p/xyz";
    QTest::newRow("unknown proto") << "/onion3/abc/tcp/1";
  }
  void rejectsBadMultiaddrs() {
    QFETCH(QString, text);
    auto a = parseMultiaddr(text.toStdString());
    QVERIFY(!a.ok());
    QCOMPARE(a.error().code, std::string(kInvalidMultiaddr));
    QVERIFY(!a.error().message.empty());
  }
};

QTEST_APPLESS_MAIN(TstDeliveryIdentity)
#include "tst_delivery_identity.moc"
