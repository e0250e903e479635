// Key-free digests of the LIP-155 signed payloads (eligibility/signed_payloads.h;
// payment-streams.md §7). Expected preimages are written out by hand, field by field.
#include <QtTest>

#include <cstdint>
#include <vector>

#include "eligibility/signed_payloads.h"
#include "waku/canonical_request.h"

using namespace eligibility;

namespace {
QByteArray toHex(const std::vector<std::uint8_t>& v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size())).toHex();
}
QByteArray toHex(const Digest& d) { return QByteArray(reinterpret_cast<const char*>(d.data()), 32).toHex(); }
QByteArray sha256Hex(QByteArray hex) {
  hex.replace(" ", "");
  return QCryptographicHash::hash(QByteArray::fromHex(hex), QCryptographicHash::Sha256).toHex();
}
template <std::size_t N>
std::array<std::uint8_t, N> filled(std::uint8_t b) {
  std::array<std::uint8_t, N> a{};
  a.fill(b);
  return a;
}

StreamProposal proposal() {
  StreamProposal p;
  p.vault_proof = VaultProof{0x0102030405060708ull, filled<32>(0x11), filled<32>(0x22), filled<64>(0x33), TokenId{}};
  p.stream_params = StreamParams{"/vac/waku/store-query/3.0.0", 10, 1000, 1'700'000'300};
  p.public_key = filled<32>(0x44);
  return p;
}

// "/LEZ/v0.1/VaultOwnerAuth/" (25 bytes) + 7 zero bytes, then the Borsh body in spec order.
const QByteArray kExpectedMessage =
    QByteArray("2f4c455a2f76302e312f5661756c744f776e6572417574682f 00000000000000"
               " 0807060504030201") +                                   // vault_id u64 LE
    " " + QByteArray("11").repeated(32) +                              // provider_id
    " " + QByteArray("22").repeated(32) +                              // owner_public_key
    " 1b000000 2f7661632f77616b752f73746f72652d71756572792f332e302e30" // service_id (27 bytes)
    " " + QByteArray("00").repeated(32) +                              // token_id (native)
    " 0a00000000000000"                                                 // rate 10
    " e8030000000000000000000000000000"                                 // allocation 1000 as u128 LE
    " 2cf2536500000000"                                                 // deadline 1700000300
    " " + QByteArray("44").repeated(32);                               // session_public_key
}  // namespace

class TstSignedPayloads : public QObject {
  Q_OBJECT
 private slots:
  void vaultOwnerAuthMessageMatchesTheSpecLayout() {
    const auto msg = vaultOwnerAuthMessage(vaultOwnerAuthOf(proposal()));
    QCOMPARE(toHex(msg), QByteArray(kExpectedMessage).replace(" ", ""));
    QCOMPARE(msg.size(), std::size_t{32 + 8 + 32 + 32 + 4 + 27 + 32 + 8 + 16 + 8 + 32});
    QCOMPARE(kVaultOwnerAuthDomain.size(), std::size_t{25});
  }

  void vaultOwnerAuthDigestIsSha256OfTheMessage() {
    QCOMPARE(toHex(vaultOwnerAuthDigest(proposal())), sha256Hex(kExpectedMessage));
    QCOMPARE(toHex(vaultOwnerAuthDigest(vaultOwnerAuthOf(proposal()))), sha256Hex(kExpectedMessage));
  }

  void ownerSignatureIsNotPartOfTheDigest() {
    StreamProposal p = proposal();
    p.vault_proof.owner_signature = filled<64>(0x99);
    QVERIFY(vaultOwnerAuthDigest(p) == vaultOwnerAuthDigest(proposal()));
  }

  void everySignedFieldChangesTheDigest_data() {
    QTest::addColumn<int>("field");
    const char* names[] = {"vault_id", "provider_id", "owner_public_key", "service_id", "token_id",
                           "rate", "allocation", "deadline", "session_public_key"};
    for (int i = 0; i < 9; ++i) QTest::newRow(names[i]) << i;
  }
  void everySignedFieldChangesTheDigest() {
    QFETCH(int, field);
    VaultOwnerAuth a = vaultOwnerAuthOf(proposal());
    const Digest before = vaultOwnerAuthDigest(a);
    switch (field) {
      case 0: a.vault_id ^= 1; break;
      case 1: a.provider_id[31] ^= 1; break;
      case 2: a.owner_public_key[0] ^= 1; break;
      case 3: a.service_id += "x"; break;
      case 4: a.token_id[5] ^= 1; break;
      case 5: a.rate += 1; break;
      case 6: a.allocation += 1; break;
      case 7: a.create_stream_deadline += 1; break;
      case 8: a.session_public_key[7] ^= 1; break;
    }
    QVERIFY(vaultOwnerAuthDigest(a) != before);
  }

  void allocationIsZeroExtendedToU128() {
    VaultOwnerAuth a;
    a.allocation = UINT64_MAX;
    const auto msg = vaultOwnerAuthMessage(a);
    // offset: prefix 32 + vault_id 8 + 32 + 32 + service_id len 4 (empty) + token 32 + rate 8
    const std::size_t at = 32 + 8 + 32 + 32 + 4 + 32 + 8;
    QCOMPARE(toHex(std::vector<std::uint8_t>(msg.begin() + at, msg.begin() + at + 16)),
             QByteArray("ffffffffffffffff0000000000000000"));
  }

  void streamProofDigestIsSha256OfTheWholeN8() {
    waku::StoreQueryRequest q;
    q.request_id = "req";
    q.content_topics = {"/t"};
    const auto n8 = waku::canonicalStoreRequest(q);
    QCOMPARE(toHex(streamProofDigest(n8)), sha256Hex(toHex(n8)));
    QVERIFY(streamProofDigest(n8) == waku::canonicalStoreRequestDigest(q));
  }
};

QTEST_APPLESS_MAIN(TstSignedPayloads)
#include "tst_signed_payloads.moc"
