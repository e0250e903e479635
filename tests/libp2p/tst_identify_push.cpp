// Applying an identify push to what we know of a peer (lezpay/libp2p/identify_push.h, spec
// libp2p.md §6): non-empty fields replace, absent and empty ones keep, and a push never changes
// who the peer is. The bytes are those js-libp2p 2.8 pushes after `node.handle()`.
#include <QtTest>

#include "libp2p_test_bytes.h"
#include "lezpay/libp2p/identify_codec.h"
#include "lezpay/libp2p/identify_push.h"
#include "lezpay/libp2p/key_codec.h"
#include "lezpay/libp2p/peer_id.h"

using namespace lezpay::libp2p;

namespace {
// spec libp2p.md §12: the secp256k1 vector key and an Ed25519 key of another peer.
constexpr const char* kPublicKey = "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99";
constexpr const char* kOtherKey = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

PeerId vectorPeer() { return PeerId::fromPublicKey(*decodePublicKey(hexBytes(kPublicKey))); }

Identify knownFromIdentify() {
  Identify m;
  m.publicKey = hexBytes(kPublicKey);
  m.listenAddrs.push_back(ip4TcpMultiaddr(0x7f000001, 60000));
  m.protocols = {"/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"};
  m.protocolVersion = "ipfs/0.1.0";
  m.agentVersion = "js-libp2p/2.8.11";
  return m;
}
}  // namespace

class TstIdentifyPush : public QObject {
  Q_OBJECT
 private slots:
  void pushedProtocolsReplaceTheKnownList() {
    // What js-libp2p pushes: no key, its protocols, versions, a signed record (skipped on decode).
    Identify pushed;
    pushed.protocols = {"/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0", "/x/1.0.0"};
    pushed.protocolVersion = "ipfs/0.1.0";
    pushed.agentVersion = "js-libp2p/2.8.11 UserAgent=v22";
    auto decoded = decodeIdentify(concat(encodeIdentify(pushed), hexBytes("42020a00")));
    QVERIFY2(decoded.ok(), messageOf(decoded));
    const Identify known = knownFromIdentify();
    auto after = applyIdentifyPush(vectorPeer(), known, *decoded);
    QVERIFY2(after.ok(), messageOf(after));
    QCOMPARE(after->protocols, pushed.protocols);
    QCOMPARE(*after->agentVersion, *pushed.agentVersion);
    // What the push did not carry stays as identify told it.
    QCOMPARE(*after->publicKey, *known.publicKey);
    QCOMPARE(after->listenAddrs, known.listenAddrs);
  }

  void emptyPushChangesNothing() {
    const Identify known = knownFromIdentify();
    auto after = applyIdentifyPush(vectorPeer(), known, Identify{});
    QVERIFY2(after.ok(), messageOf(after));
    QVERIFY(*after == known);
    // Against nothing known yet, a push is all we know.
    Identify pushed;
    pushed.protocols = {"/x/1.0.0"};
    pushed.listenAddrs.push_back(ip4TcpMultiaddr(0x7f000001, 4001));
    auto first = applyIdentifyPush(vectorPeer(), Identify{}, pushed);
    QVERIFY2(first.ok(), messageOf(first));
    QVERIFY(*first == pushed);
  }

  void pushWithThePeersOwnKeyIsAccepted() {
    Identify pushed;
    pushed.publicKey = hexBytes(kPublicKey);
    pushed.protocols = {"/y/1.0.0"};
    auto after = applyIdentifyPush(vectorPeer(), Identify{}, pushed);
    QVERIFY2(after.ok(), messageOf(after));
    QCOMPARE(after->protocols, pushed.protocols);
  }

  void pushUnderAnotherKeyIsRefused_data() {
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("another peer's key") << QByteArray(kOtherKey);
    QTest::newRow("a key that does not decode") << QByteArray("0802");
  }
  void pushUnderAnotherKeyIsRefused() {
    QFETCH(QByteArray, key);
    Identify pushed;
    pushed.publicKey = hexBytes(key.constData());
    pushed.protocols = {"/evil/1.0.0"};
    auto after = applyIdentifyPush(vectorPeer(), knownFromIdentify(), pushed);
    QCOMPARE(codeOf(after), QString("IDENTIFY_KEY_MISMATCH"));
    QVERIFY2(!after.error().message.empty(), "the refusal says why");
  }
};

QTEST_GUILESS_MAIN(TstIdentifyPush)
#include "tst_identify_push.moc"
