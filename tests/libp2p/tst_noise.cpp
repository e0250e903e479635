// Noise XX and the libp2p /noise handshake (spec libp2p.md §4, vectors §12).
#include <QtTest>

#include "libp2p_test_bytes.h"
#include "lezpay/libp2p/noise_credential.h"
#include "lezpay/libp2p/noise_handshake_state.h"
#include "lezpay/libp2p/noise_payload_codec.h"
#include "lezpay/libp2p/noise_session.h"

using namespace lezpay::libp2p;

namespace {

Key32 key32(const char* hex) {
  const auto b = hexBytes(hex);
  Key32 k{};
  std::copy(b.begin(), b.end(), k.begin());
  return k;
}

Key32 filled(std::uint8_t v) {
  Key32 k{};
  k.fill(v);
  return k;
}

X25519KeyPair pair(const Key32& priv) {
  auto p = X25519KeyPair::fromPrivate(std::span<const std::uint8_t, 32>(priv));
  if (!p.ok()) qFatal("x25519");
  return *p;
}

Secp256k1Identity identity(std::uint8_t v) {
  auto id = Secp256k1Identity::fromSecret(std::vector<std::uint8_t>(32, v));
  if (!id.ok()) qFatal("identity");
  return *id;
}

NoiseCredential credential(const Secp256k1Identity& id, const Key32& staticPrivate) {
  auto c = noiseCredentialFromIdentity(id, staticPrivate);
  if (!c.ok()) qFatal("credential");
  return *c;
}

struct Handshake {
  Secp256k1Identity dialerId = identity(1);
  Secp256k1Identity listenerId;
  NoiseCredential dialerCredential;
  NoiseCredential listenerCredential;
  std::optional<NoiseHandshake> dialer;
  std::optional<NoiseHandshake> listener;

  explicit Handshake(std::optional<PeerId> expected = std::nullopt, std::uint8_t listenerSecret = 2)
      : listenerId(identity(listenerSecret)),
        dialerCredential(credential(dialerId, filled(3))),
        listenerCredential(credential(listenerId, filled(5))) {
    init(std::move(expected));
  }
  Handshake(NoiseCredential d, NoiseCredential l)
      : listenerId(identity(2)), dialerCredential(std::move(d)), listenerCredential(std::move(l)) {
    init(std::nullopt);
  }

  void init(std::optional<PeerId> expected) {
    NoiseConfig d{true, &dialerCredential, filled(4), std::move(expected)};
    NoiseConfig l{false, &listenerCredential, filled(6), std::nullopt};
    dialer.emplace(std::move(NoiseHandshake::create(d)).value());
    listener.emplace(std::move(NoiseHandshake::create(l)).value());
  }

  // Delivers whole messages; returns the first error (dialer's or listener's).
  lezpay::util::Status run() {
    auto a = dialer->start();
    if (a.size() != 2 + 32) return lezpay::util::Error{"TEST", "message A is not 34 bytes"};
    auto b = listener->feed(a);
    if (!b.ok()) return b.error();
    auto c = dialer->feed(b->output);
    if (!c.ok()) return c.error();
    if (!c->done) return lezpay::util::Error{"TEST", "dialer not done after B"};
    auto end = listener->feed(c->output);
    if (!end.ok()) return end.error();
    if (!end->done) return lezpay::util::Error{"TEST", "listener not done after C"};
    return lezpay::util::okStatus();
  }
};

}  // namespace

class TstNoise : public QObject {
  Q_OBJECT
 private slots:
  void hkdfMatchesTheJsLibp2pNoiseVector() {
    const auto ikm = hexBytes(
        "a3eae50ea37a47e8a7aa0c7cd8e16528670536dcd538cebfd724fb68ce44f1910ad898860666227d4e8dd50d22a9a64d1c0a6f47ace092510161e9e442953da3");
    auto [k1, k2] = noiseHkdf(key32("4e6f6973655f58585f32353531395f58436861436861506f6c795f5348413235"), ikm);
    QCOMPARE(hexOf(k1), QByteArray("cc5659adff12714982f806e2477a8d5ddd071def4c29bb38777b7e37046f6914"));
    QCOMPARE(hexOf(k2), QByteArray("a16ada915e551ab623f38be674bb4ef15d428ae9d80688899c9ef9b62ef208fa"));
  }

  void xxMatchesTheCacophonyVector() {
    const auto prologue = hexBytes("4a6f686e2047616c74");
    NoiseXXHandshakeState init(true, prologue, pair(key32("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1")),
                               pair(key32("893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a")));
    NoiseXXHandshakeState resp(false, prologue, pair(key32("4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893")),
                               pair(key32("bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b")));
    const char* messages[6][2] = {
        {"4c756477696720766f6e204d69736573",
         "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573"},
        {"4d757272617920526f746862617264",
         "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e08d6b68aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f8814c7194e83f23dbd8d162c9326ad"},
        {"462e20412e20486179656b",
         "c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58c9fea0d4ec82a286427402f113e4b6ae769a1d95941d49b25030"},
        {"4361726c204d656e676572", "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"},
        {"4a65616e2d426170746973746520536179", "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5"},
        {"457567656e2042f6686d20766f6e2042617765726b", "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f"},
    };
    for (int i = 0; i < 3; ++i) {
      auto& writer = i % 2 == 0 ? init : resp;
      auto& reader = i % 2 == 0 ? resp : init;
      auto msg = writer.writeMessage(hexBytes(messages[i][0]));
      QVERIFY2(msg.ok(), messageOf(msg));
      QCOMPARE(hexOf(*msg), QByteArray(messages[i][1]));
      auto payload = reader.readMessage(*msg);
      QVERIFY2(payload.ok(), messageOf(payload));
      QCOMPARE(hexOf(*payload), QByteArray(messages[i][0]));
    }
    QVERIFY(init.complete() && resp.complete());
    QCOMPARE(hexOf(init.handshakeHash()), QByteArray("c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e"));
    QCOMPARE(hexOf(resp.handshakeHash()), hexOf(init.handshakeHash()));
    auto [iSend, iRecv] = init.split();
    auto [rSend, rRecv] = resp.split();
    // Transport messages: the responder first, then alternating.
    for (int i = 3; i < 6; ++i) {
      auto& send = i % 2 == 0 ? iSend : rSend;
      auto& recv = i % 2 == 0 ? rRecv : iRecv;
      auto c = send.encryptWithAd({}, hexBytes(messages[i][0]));
      QVERIFY(c.ok());
      QCOMPARE(hexOf(*c), QByteArray(messages[i][1]));
      auto p = recv.decryptWithAd({}, *c);
      QVERIFY(p.ok());
      QCOMPARE(hexOf(*p), QByteArray(messages[i][0]));
    }
  }

  void libp2pHandshakeAuthenticatesBothPeers() {
    Handshake h;
    auto s = h.run();
    QVERIFY2(s.ok(), messageOf(s));
    QVERIFY(h.dialer->remotePeerId() == PeerId::fromPublicKey(h.listenerId.publicKey()));
    QVERIFY(h.listener->remotePeerId() == PeerId::fromPublicKey(h.dialerId.publicKey()));
    auto dt = h.dialer->takeTransport();
    auto lt = h.listener->takeTransport();
    auto c = dt.encrypt(textBytes("hello"));
    QVERIFY(c.ok());
    QCOMPARE(c->size(), std::size_t{2 + 5 + 16});
    std::vector<std::uint8_t> plain;
    QVERIFY(lt.decrypt(*c, plain).ok());
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(plain.data()), 5), QByteArray("hello"));
  }

  void externallySignedCredentialInteroperatesWithOneFromTheSecret() {
    // What the delivery node does: the key holder signs the static key; the node keeps no secret.
    const auto holder = identity(2);
    const Key32 staticPrivate = filled(5);
    const auto sig = holder.sign(noiseStaticKeyMessage(pair(staticPrivate).publicKey));
    auto external = noiseCredentialFromSignature(holder.publicKey(), staticPrivate, sig);
    QVERIFY2(external.ok(), messageOf(external));
    QVERIFY(external->peerId() == PeerId::fromPublicKey(holder.publicKey()));
    // RFC 6979: the same key signs the same message the same way, wherever it is held.
    QVERIFY(external->identitySig == credential(holder, staticPrivate).identitySig);
    Handshake h(credential(identity(1), filled(3)), *external);
    auto s = h.run();
    QVERIFY2(s.ok(), messageOf(s));
    QVERIFY(h.dialer->remotePeerId() == PeerId::fromPublicKey(holder.publicKey()));
    QVERIFY(h.listener->remotePeerId() == PeerId::fromPublicKey(identity(1).publicKey()));
    // And the other way round: the externally signed side dials.
    Handshake back(*external, credential(identity(3), filled(7)));
    QVERIFY2(back.run().ok(), "the externally signed credential cannot dial");
    QVERIFY(back.listener->remotePeerId() == PeerId::fromPublicKey(holder.publicKey()));
  }

  void credentialWhoseSignatureDoesNotVerifyIsRefused() {
    const auto holder = identity(2);
    const Key32 staticPrivate = filled(5);
    // Over another static key.
    auto other = noiseCredentialFromSignature(holder.publicKey(), staticPrivate, holder.sign(noiseStaticKeyMessage(filled(9))));
    QCOMPARE(codeOf(other), QString("NOISE_BAD_SIGNATURE"));
    // By another identity.
    const auto msg = noiseStaticKeyMessage(pair(staticPrivate).publicKey);
    QCOMPARE(codeOf(noiseCredentialFromSignature(holder.publicKey(), staticPrivate, identity(4).sign(msg))), QString("NOISE_BAD_SIGNATURE"));
    // Not a DER signature.
    QCOMPARE(codeOf(noiseCredentialFromSignature(holder.publicKey(), staticPrivate, std::vector<std::uint8_t>(64, 1))),
             QString("NOISE_BAD_SIGNATURE"));
    // A key that is not a curve point.
    PublicKey bogus{KeyType::SECP256K1, std::vector<std::uint8_t>(33, 0)};
    QCOMPARE(codeOf(noiseCredentialFromSignature(bogus, staticPrivate, holder.sign(msg))), QString("INVALID_KEY"));
  }

  void messageBHasTheSizeTheSpecGives() {
    Handshake h;
    auto b = h.listener->feed(h.dialer->start());
    QVERIFY(b.ok());
    const std::size_t payload = encodeNoiseHandshakePayload(
                                    {encodePublicKey(h.listenerId.publicKey()), h.listenerId.sign(textBytes("x"))})
                                    .size();
    // 2 (frame) + 32 (e) + 48 (s) + payload + 16; DER signatures vary by a byte or two.
    QVERIFY(b->output.size() >= 2 + 32 + 48 + 16 + payload - 2 && b->output.size() <= 2 + 32 + 48 + 16 + payload + 2);
    const std::size_t len = (std::size_t{b->output[0]} << 8) | b->output[1];
    QCOMPARE(len + 2, b->output.size());
  }

  void dialerChecksTheExpectedPeerId() {
    Handshake ok(PeerId::fromPublicKey(identity(2).publicKey()));
    QVERIFY(ok.run().ok());
    Handshake wrong(PeerId::fromPublicKey(identity(9).publicKey()));
    auto s = wrong.run();
    QCOMPARE(codeOf(s), QString("NOISE_PEER_ID_MISMATCH"));
    QVERIFY(QString::fromStdString(s.error().message).contains("not the dialed"));
  }

  void aPeerPresentingOurOwnIdentityIsRefused() {
    Handshake h(std::nullopt, 1);
    QCOMPARE(codeOf(h.run()), QString("NOISE_SELF_CONNECTION"));
  }

  void tamperedMessagesFailAuthentication() {
    Handshake h;
    auto b = h.listener->feed(h.dialer->start());
    QVERIFY(b.ok());
    auto bad = b->output;
    bad[2 + 32 + 5] ^= 0x01;  // inside the encrypted static key
    QCOMPARE(codeOf(h.dialer->feed(bad)), QString("NOISE_DECRYPT_FAILED"));
    QCOMPARE(codeOf(h.dialer->feed({})), QString("NOISE_MALFORMED_MESSAGE"));  // failed for good
  }

  void shortMessagesAreMalformed_data() {
    QTest::addColumn<int>("size");
    QTest::newRow("empty A") << 0;
    QTest::newRow("31-byte A") << 31;
  }
  void shortMessagesAreMalformed() {
    QFETCH(int, size);
    Handshake h;
    std::vector<std::uint8_t> frame{0, static_cast<std::uint8_t>(size)};
    frame.resize(2 + static_cast<std::size_t>(size), 0x42);
    QCOMPARE(codeOf(h.listener->feed(frame)), QString("NOISE_MALFORMED_MESSAGE"));
    // Message B cut below its keys and tag.
    Handshake h2;
    (void)h2.dialer->start();
    std::vector<std::uint8_t> shortB{0, 90};
    shortB.resize(92, 0x11);
    QCOMPARE(codeOf(h2.dialer->feed(shortB)), QString("NOISE_MALFORMED_MESSAGE"));
  }

  void badPayloadSignatureIsRefused() {
    // A responder built from the bare XX state, signing another static key than its own.
    const auto liar = identity(7);
    const auto s = pair(filled(5));
    NoiseXXHandshakeState resp(false, {}, s, pair(filled(6)));
    Handshake h;
    auto a = h.dialer->start();
    QVERIFY(resp.readMessage(std::span<const std::uint8_t>(a).subspan(2)).ok());
    auto wrongKey = textBytes("noise-libp2p-static-key:");
    wrongKey.resize(wrongKey.size() + 32, 0x99);
    auto payload = encodeNoiseHandshakePayload({encodePublicKey(liar.publicKey()), liar.sign(wrongKey)});
    auto b = resp.writeMessage(payload);
    QVERIFY(b.ok());
    std::vector<std::uint8_t> frame{static_cast<std::uint8_t>(b->size() >> 8), static_cast<std::uint8_t>(b->size())};
    QCOMPARE(codeOf(h.dialer->feed(concat(frame, *b))), QString("NOISE_BAD_SIGNATURE"));
  }

  void payloadWithoutIdentityIsRefused() {
    NoiseXXHandshakeState resp(false, {}, pair(filled(5)), pair(filled(6)));
    Handshake h;
    auto a = h.dialer->start();
    QVERIFY(resp.readMessage(std::span<const std::uint8_t>(a).subspan(2)).ok());
    auto b = resp.writeMessage(hexBytes("12020102"));  // identity_sig only
    std::vector<std::uint8_t> frame{static_cast<std::uint8_t>(b->size() >> 8), static_cast<std::uint8_t>(b->size())};
    QCOMPARE(codeOf(h.dialer->feed(concat(frame, *b))), QString("MISSING_REQUIRED_FIELD"));
  }

  void handshakeWorksByteByByteAndKeepsTheRemainder() {
    Handshake h;
    auto a = h.dialer->start();
    std::vector<std::uint8_t> b;
    for (auto byte : a) {
      auto st = h.listener->feed(std::vector<std::uint8_t>{byte});
      QVERIFY(st.ok());
      b.insert(b.end(), st->output.begin(), st->output.end());
    }
    std::vector<std::uint8_t> c;
    for (auto byte : b) {
      auto st = h.dialer->feed(std::vector<std::uint8_t>{byte});
      QVERIFY(st.ok());
      c.insert(c.end(), st->output.begin(), st->output.end());
    }
    QVERIFY(h.dialer->done());
    // Message C and the first transport frame in one read, as js sends them.
    auto dt = h.dialer->takeTransport();
    auto first = dt.encrypt(textBytes("yamux"));
    auto end = h.listener->feed(concat(c, *first));
    QVERIFY(end.ok() && end->done);
    auto rest = h.listener->takeRemainder();
    QCOMPARE(rest.size(), first->size());
    auto lt = h.listener->takeTransport();
    std::vector<std::uint8_t> plain;
    for (auto byte : rest) QVERIFY(lt.decrypt(std::vector<std::uint8_t>{byte}, plain).ok());
    QCOMPARE(plain.size(), std::size_t{5});
  }

  void transportSplitsLargeWritesIntoMaximalFrames() {
    Handshake h;
    QVERIFY(h.run().ok());
    auto dt = h.dialer->takeTransport();
    auto lt = h.listener->takeTransport();
    std::vector<std::uint8_t> big(200000);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7);
    auto c = dt.encrypt(big);
    QVERIFY(c.ok());
    QCOMPARE((std::size_t{(*c)[0]} << 8) | (*c)[1], std::size_t{65535});
    QCOMPARE(c->size(), big.size() + 4 * (2 + 16));  // 65519 * 3 + 3443
    std::vector<std::uint8_t> plain;
    QVERIFY(lt.decrypt(*c, plain).ok());
    QVERIFY(plain == big);
    auto again = std::move(dt.encrypt(big)).value();
    again[100] ^= 1;
    plain.clear();
    QCOMPARE(codeOf(lt.decrypt(again, plain)), QString("NOISE_DECRYPT_FAILED"));
  }

  void transportStopsAtTheNonceLimit() {
    Handshake h;
    QVERIFY(h.run().ok());
    auto dt = h.dialer->takeTransport();
    dt.sendCipher().setNonceForTest(UINT64_MAX - 1);
    QVERIFY(dt.encrypt(textBytes("last")).ok());
    QCOMPARE(codeOf(dt.encrypt(textBytes("one more"))), QString("NOISE_NONCE_EXHAUSTED"));
  }

  void payloadCodecRoundTripsAndRejectsMalformedInput() {
    NoiseHandshakePayload p{hexBytes("0802122102aa"), hexBytes("3045")};
    auto back = decodeNoiseHandshakePayload(encodeNoiseHandshakePayload(p));
    QVERIFY(back.ok() && *back == p);
    // js 16.x extensions (stream_muxers) are skipped.
    auto withExt = concat(encodeNoiseHandshakePayload(p), hexBytes("220e120c2f79616d75782f312e302e30"));
    back = decodeNoiseHandshakePayload(withExt);
    QVERIFY2(back.ok(), messageOf(back));
    QCOMPARE(codeOf(decodeNoiseHandshakePayload(hexBytes("0a0508"))), QString("TRUNCATED"));
    QCOMPARE(codeOf(decodeNoiseHandshakePayload(hexBytes("0a00"))), QString("MISSING_REQUIRED_FIELD"));
    QCOMPARE(codeOf(decodeNoiseHandshakePayload(hexBytes("0a0012000a00"))), QString("DUPLICATE_FIELD"));
    QCOMPARE(codeOf(decodeNoiseHandshakePayload(hexBytes("0a00120020"))), QString("TRUNCATED"));
    QCOMPARE(codeOf(decodeNoiseHandshakePayload(hexBytes("0a0012002001"))), QString("FIELD_WRONG_TYPE"));
    std::vector<std::uint8_t> huge(kMaxNoisePayloadBytes + 1, 0);
    QCOMPARE(codeOf(decodeNoiseHandshakePayload(huge)), QString("TOO_LARGE"));
  }
};

QTEST_GUILESS_MAIN(TstNoise)
#include "tst_noise.moc"
