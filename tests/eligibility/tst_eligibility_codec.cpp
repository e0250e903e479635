// LIP-155 eligibility message codecs (eligibility/*_codec.h; payment-streams.md §7).
#include <QtTest>

#include <cstdint>
#include <string>
#include <vector>

#include "eligibility/eligibility_proof_codec.h"
#include "eligibility/policy_codec.h"
#include "eligibility/stream_proof_codec.h"
#include "eligibility/stream_proposal_codec.h"

using namespace eligibility;

namespace {
std::vector<std::uint8_t> fromHex(QByteArray hex) {
  hex.replace(" ", "");
  const QByteArray b = QByteArray::fromHex(hex);
  return {b.begin(), b.end()};
}
QByteArray toHex(const std::vector<std::uint8_t>& v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size())).toHex();
}
QByteArray rep(const char* byteHex, int n) { return QByteArray(byteHex).repeated(n); }
QByteArray lenHex(const QByteArray& hex) {  // one-byte length prefix of a hex payload (< 128 bytes)
  return QByteArray::number(hex.size() / 2, 16).rightJustified(2, '0');
}
template <std::size_t N>
std::array<std::uint8_t, N> filled(std::uint8_t b) {
  std::array<std::uint8_t, N> a{};
  a.fill(b);
  return a;
}
QString codeOf(const lezpay::util::Error& e) { return QString::fromStdString(e.code); }

StreamProposal sampleProposal() {
  StreamProposal p;
  p.vault_proof = VaultProof{7, filled<32>(0x11), filled<32>(0x22), filled<64>(0x33), TokenId{}};
  p.stream_params = StreamParams{"/vac/waku/store-query/3.0.0", 10, 1000, 1'700'000'300};
  p.public_key = filled<32>(0x44);
  return p;
}
StreamProof sampleProof() { return StreamProof{3, filled<64>(0x55)}; }

// Hand-written encodings (field tags: 0a = 1 len, 12 = 2 len, 1a = 3 len, 22 = 4 len, 2a = 5 len,
// 10 = 2 varint, 18 = 3 varint, 20 = 4 varint).
const QByteArray kVaultProofHex = QByteArray("0a08 0700000000000000") + " 1220" + rep("11", 32) + " 1a20" + rep("22", 32) +
                                  " 2240" + rep("33", 64) + " 2a20" + rep("00", 32);
const QByteArray kStreamParamsHex = "0a1b 2f7661632f77616b752f73746f72652d71756572792f332e302e30 100a 18e807 20ace4cfaa06";
const QByteArray kStreamProofHex = QByteArray("0a08 0300000000000000 1240") + rep("55", 64);

QByteArray proposalHex() {
  const QByteArray vp = QByteArray(kVaultProofHex).replace(" ", "");
  const QByteArray sp = QByteArray(kStreamParamsHex).replace(" ", "");
  return "0a" + QByteArray::number(vp.size() / 2, 16) + "01" + vp  // 178 = b2 01
         + "12" + lenHex(sp) + sp + "1a20" + rep("44", 32);
}
}  // namespace

Q_DECLARE_METATYPE(eligibility::EligibilityProof)

class TstEligibilityCodec : public QObject {
  Q_OBJECT
 private slots:
  void proofRoundTripsEveryArm_data() {
    QTest::addColumn<EligibilityProof>("proof");
    QTest::addColumn<int>("kind");
    QTest::newRow("stream_proposal") << EligibilityProof{sampleProposal()} << int(ProofKind::STREAM_PROPOSAL);
    QTest::newRow("stream_proposal empty") << EligibilityProof{StreamProposal{}} << int(ProofKind::STREAM_PROPOSAL);
    QTest::newRow("stream_proof") << EligibilityProof{sampleProof()} << int(ProofKind::STREAM_PROOF);
    QTest::newRow("stream_proof empty") << EligibilityProof{StreamProof{}} << int(ProofKind::STREAM_PROOF);
    const std::string json = R"({"x402Version":2,"accepted":{"scheme":"exact"},"payload":{"transaction":"AAEC"}})";
    QTest::newRow("proof_of_payment") << EligibilityProof{ProofOfPayment{Bytes(json.begin(), json.end())}} << int(ProofKind::PROOF_OF_PAYMENT);
    StreamProposal extreme = sampleProposal();
    extreme.vault_proof.vault_id = UINT64_MAX;
    extreme.stream_params = StreamParams{std::string(kMaxServiceIdBytes, 's'), UINT64_MAX, UINT64_MAX, UINT64_MAX};
    QTest::newRow("stream_proposal extremes") << EligibilityProof{extreme} << int(ProofKind::STREAM_PROPOSAL);
    StreamProposal existing = sampleProposal();
    existing.existing_stream_id = 9;
    QTest::newRow("stream_proposal existing stream") << EligibilityProof{existing} << int(ProofKind::STREAM_PROPOSAL);
  }

  // Field 100 (existing_stream_id, a lez-pay extension): 8 bytes LE after the spec's fields, so a
  // decoder that knows only fields 1-3 skips it; a wrong width or a repeat is refused.
  void existingStreamIdIsAnOptionalTrailingField() {
    StreamProposal p = sampleProposal();
    p.existing_stream_id = 9;
    QCOMPARE(toHex(encodeStreamProposal(p)), proposalHex() + "a20608" + "0900000000000000");
    QCOMPARE(toHex(encodeStreamProposal(sampleProposal())), proposalHex());
    auto wrongWidth = decodeStreamProposal(fromHex(proposalHex() + "a2060409000000"));
    QVERIFY(!wrongWidth.ok());
    auto twice = decodeStreamProposal(fromHex(proposalHex() + "a206080900000000000000" + "a206080900000000000000"));
    QVERIFY(!twice.ok());
  }
  void proofRoundTripsEveryArm() {
    QFETCH(EligibilityProof, proof);
    QFETCH(int, kind);
    const auto bytes = encodeEligibilityProof(proof);
    auto back = decodeEligibilityProof(bytes);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QCOMPARE(int(back->kind()), kind);
    QVERIFY(*back == proof);
    QCOMPARE(encodeEligibilityProof(*back), bytes);
  }

  void proofKindNames() {
    QCOMPARE(QString::fromUtf8(toString(ProofKind::PROOF_OF_PAYMENT).data()), QString("proof_of_payment"));
    QCOMPARE(QString::fromUtf8(toString(ProofKind::STREAM_PROPOSAL).data()), QString("stream_proposal"));
    QCOMPARE(QString::fromUtf8(toString(ProofKind::STREAM_PROOF).data()), QString("stream_proof"));
  }

  void decodesHandWrittenMessages() {
    auto vp = decodeVaultProof(fromHex(kVaultProofHex));
    QVERIFY2(vp.ok(), vp.ok() ? "" : vp.error().message.c_str());
    QVERIFY(*vp == sampleProposal().vault_proof);
    QCOMPARE(toHex(encodeVaultProof(*vp)), QByteArray(kVaultProofHex).replace(" ", ""));

    auto sp = decodeStreamParams(fromHex(kStreamParamsHex));
    QVERIFY2(sp.ok(), sp.ok() ? "" : sp.error().message.c_str());
    QVERIFY(*sp == sampleProposal().stream_params);
    QCOMPARE(toHex(encodeStreamParams(*sp)), QByteArray(kStreamParamsHex).replace(" ", ""));

    auto proposal = decodeStreamProposal(fromHex(proposalHex()));
    QVERIFY2(proposal.ok(), proposal.ok() ? "" : proposal.error().message.c_str());
    QVERIFY(*proposal == sampleProposal());
    QCOMPARE(toHex(encodeStreamProposal(*proposal)), proposalHex());

    const QByteArray proofHex = QByteArray(kStreamProofHex).replace(" ", "");
    auto sproof = decodeStreamProof(fromHex(proofHex));
    QVERIFY(sproof.ok());
    QVERIFY(*sproof == sampleProof());

    // EligibilityProof arm 3: 1a 4c (76 bytes) ‖ StreamProof.
    auto ep = decodeEligibilityProof(fromHex("1a4c" + proofHex));
    QVERIFY2(ep.ok(), ep.ok() ? "" : ep.error().message.c_str());
    QCOMPARE(int(ep->kind()), int(ProofKind::STREAM_PROOF));
    QCOMPARE(std::get<StreamProof>(ep->arm).stream_id, std::uint64_t{3});
    // arm 2: 12 <len> ‖ StreamProposal (len > 127: two-byte varint)
    const QByteArray prop = proposalHex();
    const int n = prop.size() / 2;
    const QByteArray len = QByteArray::number((n & 0x7F) | 0x80, 16) + QByteArray::number(n >> 7, 16).rightJustified(2, '0');
    auto ep2 = decodeEligibilityProof(fromHex("12" + len + prop));
    QVERIFY2(ep2.ok(), ep2.ok() ? "" : ep2.error().message.c_str());
    QCOMPARE(int(ep2->kind()), int(ProofKind::STREAM_PROPOSAL));
    // arm 1: 0a 02 "{}"
    auto ep1 = decodeEligibilityProof(fromHex("0a02 7b7d"));
    QVERIFY(ep1.ok());
    QCOMPARE(int(ep1->kind()), int(ProofKind::PROOF_OF_PAYMENT));
    QCOMPARE(std::get<ProofOfPayment>(ep1->arm).payment_payload.size(), std::size_t{2});
  }

  void unknownFieldsAreSkipped_data() {
    QTest::addColumn<QByteArray>("unknown");
    QTest::newRow("varint 9") << QByteArray("4801");
    QTest::newRow("len 10") << QByteArray("5203 616263");
    QTest::newRow("i64 11") << QByteArray("59 0102030405060708");
    QTest::newRow("i32 12") << QByteArray("65 01020304");
  }
  void unknownFieldsAreSkipped() {
    QFETCH(QByteArray, unknown);
    QVERIFY(decodeVaultProof(fromHex(unknown + kVaultProofHex + unknown)).value() == sampleProposal().vault_proof);
    QVERIFY(decodeStreamParams(fromHex(unknown + kStreamParamsHex)).value() == sampleProposal().stream_params);
    QVERIFY(decodeStreamProposal(fromHex(proposalHex() + unknown)).value() == sampleProposal());
    QVERIFY(decodeStreamProof(fromHex(kStreamProofHex + unknown)).value() == sampleProof());
    QVERIFY(decodeEligibilityProof(fromHex(unknown + "1a4c" + kStreamProofHex + unknown)).value() == EligibilityProof{sampleProof()});
  }

  void proofRejects_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    const QByteArray proof = QByteArray(kStreamProofHex).replace(" ", "");
    QTest::newRow("no arm") << QByteArray("") << "MISSING_REQUIRED_FIELD" << "no arm";
    QTest::newRow("only unknown fields") << QByteArray("4801") << "MISSING_REQUIRED_FIELD" << "no arm";
    QTest::newRow("two arms") << "0a027b7d" + ("1a4c" + proof) << "ONEOF_CONFLICT" << "stream_proof";
    QTest::newRow("same arm twice") << ("1a4c" + proof) + ("1a4c" + proof) << "DUPLICATE_FIELD" << "stream_proof";
    QTest::newRow("empty proof_of_payment") << QByteArray("0a00") << "INVALID_VALUE" << "proof_of_payment";
    QTest::newRow("arm as varint") << QByteArray("1801") << "FIELD_WRONG_TYPE" << "stream_proof";
    QTest::newRow("signature 63 bytes") << "1a4b" + QByteArray("0a080300000000000000123f") + rep("55", 63) << "WRONG_LENGTH" << "signature";
    QTest::newRow("signature 65 bytes") << "1a4d" + QByteArray("0a0803000000000000001241") + rep("55", 65) << "WRONG_LENGTH" << "signature";
    QTest::newRow("stream_id 7 bytes") << "1a4b" + QByteArray("0a07030000000000001240") + rep("55", 64) << "WRONG_LENGTH" << "stream_id";
    QTest::newRow("stream_id 9 bytes") << "1a4d" + QByteArray("0a0903000000000000000012 40") + rep("55", 64) << "WRONG_LENGTH" << "stream_id";
    QTest::newRow("stream_proof without signature") << QByteArray("1a0a 0a080300000000000000") << "MISSING_REQUIRED_FIELD" << "signature";
    QTest::newRow("stream_proof without stream_id") << "1a42" + ("1240" + rep("55", 64)) << "MISSING_REQUIRED_FIELD" << "stream_id";
    QTest::newRow("truncated arm") << "1a4c" + proof.left(100) << "TRUNCATED" << "EligibilityProof";
    QTest::newRow("group wire type") << QByteArray("1b") << "BAD_WIRE_TYPE" << "EligibilityProof";
  }
  void proofRejects() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    auto r = decodeEligibilityProof(fromHex(hex));
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), code);
    QVERIFY2(QString::fromStdString(r.error().message).contains(mentions), r.error().message.c_str());
  }

  void proofRejectsInputAboveTheLimit() {
    Bytes big(kMaxEligibilityProofBytes, 'x');
    auto r = decodeEligibilityProof(encodeEligibilityProof(EligibilityProof{ProofOfPayment{big}}));
    QCOMPARE(codeOf(r.error()), QString("TOO_LARGE"));
    big.resize(kMaxEligibilityProofBytes - 4);
    QVERIFY(decodeEligibilityProof(encodeEligibilityProof(EligibilityProof{ProofOfPayment{big}})).ok());
  }

  void vaultProofRejects_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    const QByteArray id = "0a08 0700000000000000";
    const QByteArray prov = " 1220" + rep("11", 32);
    const QByteArray pk = " 1a20" + rep("22", 32);
    const QByteArray sig = " 2240" + rep("33", 64);
    const QByteArray tok = " 2a20" + rep("00", 32);
    QTest::newRow("missing vault_id") << prov + pk + sig + tok << "MISSING_REQUIRED_FIELD" << "vault_id";
    QTest::newRow("missing provider_id") << id + pk + sig + tok << "MISSING_REQUIRED_FIELD" << "provider_id";
    QTest::newRow("missing owner_public_key") << id + prov + sig + tok << "MISSING_REQUIRED_FIELD" << "owner_public_key";
    QTest::newRow("missing owner_signature") << id + prov + pk + tok << "MISSING_REQUIRED_FIELD" << "owner_signature";
    QTest::newRow("missing token_id") << id + prov + pk + sig << "MISSING_REQUIRED_FIELD" << "token_id";
    QTest::newRow("vault_id 4 bytes") << "0a04 07000000" + prov + pk + sig + tok << "WRONG_LENGTH" << "vault_id";
    QTest::newRow("vault_id as varint") << "0807" + prov + pk + sig + tok << "FIELD_WRONG_TYPE" << "vault_id";
    QTest::newRow("provider_id 31 bytes") << id + " 121f" + rep("11", 31) + pk + sig + tok << "WRONG_LENGTH" << "provider_id";
    QTest::newRow("owner_public_key 33 bytes") << id + prov + " 1a21" + rep("22", 33) + sig + tok << "WRONG_LENGTH" << "owner_public_key";
    QTest::newRow("owner_signature 32 bytes") << id + prov + pk + " 2220" + rep("33", 32) + tok << "WRONG_LENGTH" << "owner_signature";
    QTest::newRow("token_id empty") << id + prov + pk + sig + " 2a00" << "WRONG_LENGTH" << "token_id";
    QTest::newRow("duplicate token_id") << id + prov + pk + sig + tok + tok << "DUPLICATE_FIELD" << "token_id";
  }
  void vaultProofRejects() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    auto r = decodeVaultProof(fromHex(hex));
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), code);
    QVERIFY2(QString::fromStdString(r.error().message).contains(mentions), r.error().message.c_str());
  }

  void streamParamsRejects_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    const QByteArray nums = " 100a 18e807 2005";
    QTest::newRow("missing service_id") << nums << "MISSING_REQUIRED_FIELD" << "service_id";
    QTest::newRow("missing stream_rate") << QByteArray("0a01 61 18e807 2005") << "MISSING_REQUIRED_FIELD" << "stream_rate";
    QTest::newRow("missing allocation") << QByteArray("0a01 61 100a 2005") << "MISSING_REQUIRED_FIELD" << "allocation";
    QTest::newRow("missing deadline") << QByteArray("0a01 61 100a 18e807") << "MISSING_REQUIRED_FIELD" << "create_stream_deadline";
    QTest::newRow("service_id 129 bytes") << "0a8101" + rep("61", 129) + nums << "TOO_LARGE" << "service_id";
    QTest::newRow("service_id with NUL") << "0a03 610062" + nums << "INVALID_VALUE" << "service_id";
    QTest::newRow("service_id invalid utf8") << "0a02 c0af" + nums << "INVALID_UTF8" << "service_id";
    QTest::newRow("rate as len") << QByteArray("0a01 61 1201 0a 18e807 2005") << "FIELD_WRONG_TYPE" << "stream_rate";
    QTest::newRow("rate overflow") << QByteArray("0a01 61 10ffffffffffffffffff02 18e807 2005") << "VARINT_OVERFLOW" << "StreamParams";
  }
  void streamParamsRejects() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    auto r = decodeStreamParams(fromHex(hex));
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), code);
    QVERIFY2(QString::fromStdString(r.error().message).contains(mentions), r.error().message.c_str());
  }

  void serviceIdMayBeEmptyAndAtTheLimit() {
    QVERIFY(decodeStreamParams(fromHex("0a00 100a 18e807 2005")).ok());
    QVERIFY(decodeStreamParams(encodeStreamParams(StreamParams{std::string(128, 'a'), 1, 1, 1})).ok());
    QVERIFY(checkServiceId("/vac/waku/store-query/3.0.0").ok());
    QCOMPARE(codeOf(checkServiceId(std::string("a\0b", 3)).error()), QString("INVALID_VALUE"));
  }

  void proposalRejectsBadParts() {
    StreamProposal p = sampleProposal();
    const auto good = encodeStreamProposal(p);
    // Replace the session key with 31 bytes.
    QByteArray hex = toHex(good);
    hex.chop(2 * 34);
    hex += "1a1f" + rep("44", 31);
    auto r = decodeStreamProposal(fromHex(hex));
    QCOMPARE(codeOf(r.error()), QString("WRONG_LENGTH"));
    QVERIFY(QString::fromStdString(r.error().message).contains("public_key"));
    // Missing stream_params.
    const QByteArray vp = QByteArray(kVaultProofHex).replace(" ", "");
    auto m = decodeStreamProposal(fromHex("0ab201" + vp + "1a20" + rep("44", 32)));
    QCOMPARE(codeOf(m.error()), QString("MISSING_REQUIRED_FIELD"));
    QVERIFY(QString::fromStdString(m.error().message).contains("stream_params"));
    // A malformed nested VaultProof names the path.
    auto n = decodeEligibilityProof(fromHex("1220 0a1e" + rep("00", 30)));
    QVERIFY(!n.ok());
    QVERIFY2(QString::fromStdString(n.error().message).startsWith("EligibilityProof.stream_proposal"), n.error().message.c_str());
  }

  // ---- policies and termination --------------------------------------------------------------
  void policiesRoundTrip() {
    StreamProviderPolicy p;
    p.max_create_stream_deadline_delay = 300;
    p.vault_proof_max_response_bytes = 65536;
    p.accepted_tokens = {TokenStreamPolicy{TokenId{}, 1, 100}, TokenStreamPolicy{filled<32>(9), 0, 0}};
    auto back = decodeStreamProviderPolicy(encodeStreamProviderPolicy(p));
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QVERIFY(*back == p);
    std::vector<TokenStreamPolicy> sixteen;
    for (int i = 0; i < 16; ++i) sixteen.push_back(TokenStreamPolicy{filled<32>(static_cast<std::uint8_t>(i)), 1, 1});
    p.accepted_tokens = sixteen;
    QVERIFY(decodeStreamProviderPolicy(encodeStreamProviderPolicy(p)).ok());

    const TokenStreamPolicy t{filled<32>(1), 5, 6};
    QVERIFY(decodeTokenStreamPolicy(encodeTokenStreamPolicy(t)).value() == t);
    for (const auto& st : {ServiceTermination{TerminationType::TEMPORARY, 60}, ServiceTermination{TerminationType::PERMANENT, 0}, ServiceTermination{}}) {
      auto s = decodeServiceTermination(encodeServiceTermination(st));
      QVERIFY(s.ok());
      QVERIFY(*s == st);
    }
    // Encoders write zero values: TEMPORARY/0 is "0800 1000".
    QCOMPARE(toHex(encodeServiceTermination(ServiceTermination{})), QByteArray("08001000"));
  }

  void policyAbsentScalarsAreZero() {
    auto t = decodeTokenStreamPolicy(fromHex("0a20" + rep("01", 32)));
    QVERIFY(t.ok());
    QCOMPARE(t->min_rate, std::uint64_t{0});
    QCOMPARE(t->min_allocation, std::uint64_t{0});
    auto p = decodeStreamProviderPolicy(fromHex("1a22 0a20" + rep("01", 32)));
    QVERIFY2(p.ok(), p.ok() ? "" : p.error().message.c_str());
    QCOMPARE(p->max_create_stream_deadline_delay, std::uint64_t{0});
    auto s = decodeServiceTermination({});
    QVERIFY(s.ok());
    QCOMPARE(int(s->termination_type), int(TerminationType::TEMPORARY));
  }

  void policyRejects_data() {
    QTest::addColumn<int>("which");  // 0 token policy, 1 provider policy, 2 termination
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    const QByteArray tokA = "1a22 0a20" + rep("01", 32);
    QTest::newRow("token policy without token_id") << 0 << QByteArray("1001") << "MISSING_REQUIRED_FIELD" << "token_id";
    QTest::newRow("token_id 31 bytes") << 0 << "0a1f" + rep("01", 31) << "WRONG_LENGTH" << "token_id";
    QTest::newRow("no accepted tokens") << 1 << QByteArray("082c") << "MISSING_REQUIRED_FIELD" << "accepted_tokens";
    QTest::newRow("duplicate token") << 1 << tokA + tokA << "INVALID_VALUE" << "accepted_tokens[1]";
    QTest::newRow("17 tokens") << 1 << QByteArray() << "TOO_LARGE" << "accepted_tokens";
    QTest::newRow("bad nested token") << 1 << QByteArray("1a02 1001") << "MISSING_REQUIRED_FIELD" << "accepted_tokens[0]";
    QTest::newRow("duplicate delay") << 1 << "082c 082c" + tokA << "DUPLICATE_FIELD" << "max_create_stream_deadline_delay";
    QTest::newRow("unknown termination type") << 2 << QByteArray("0802") << "INVALID_VALUE" << "termination_type";
    QTest::newRow("permanent with resume_after") << 2 << QByteArray("0801 1005") << "INVALID_VALUE" << "resume_after";
  }
  void policyRejects() {
    QFETCH(int, which);
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    std::vector<std::uint8_t> bytes = fromHex(hex);
    if (hex.isEmpty() && which == 1) {  // 17 distinct tokens
      StreamProviderPolicy p;
      for (int i = 0; i < 17; ++i) p.accepted_tokens.push_back(TokenStreamPolicy{filled<32>(static_cast<std::uint8_t>(i)), 0, 0});
      bytes = encodeStreamProviderPolicy(p);
    }
    lezpay::util::Error e;
    if (which == 0) e = decodeTokenStreamPolicy(bytes).error();
    if (which == 1) e = decodeStreamProviderPolicy(bytes).error();
    if (which == 2) e = decodeServiceTermination(bytes).error();
    QCOMPARE(QString::fromStdString(e.code), code);
    QVERIFY2(QString::fromStdString(e.message).contains(mentions), e.message.c_str());
  }
};

QTEST_APPLESS_MAIN(TstEligibilityCodec)
#include "tst_eligibility_codec.moc"
