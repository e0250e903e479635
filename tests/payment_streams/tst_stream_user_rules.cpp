// User-side rules of lez::stream_eligibility: every user-side error code a pure rule can give
// (the wallet and chain failures, WALLET_SIGNING_FAILED and CHAIN_READ_FAILED, are reached in
// tests/functional/streams_eligibility.py), proposal construction, and proofs a provider accepts.
#include <QtTest>

#include "eligibility/eligibility_proof_codec.h"
#include "eligibility_fixture.h"

using namespace fixture;
using se::UserError;

namespace {

std::string code(UserError e) { return std::string(se::toString(e)); }

se::Negotiation negotiation(se::NegotiationState state = se::NegotiationState::Pending, std::optional<ls::StreamId> id = std::nullopt) {
  se::Negotiation n;
  n.providerPeerId = "peer";
  n.provider = provider();
  n.owner = owner();
  n.vaultId = kVault;
  n.sessionKey = sessionKey().publicKey().bytes();
  n.params = proposal().stream_params;  // rate 10, allocation 1000, deadline kNow + 120
  n.state = state;
  n.streamId = id;
  return n;
}

std::optional<ls::FoldedStream> folded(const ls::StreamConfig& s, ls::Timestamp at = kNow) {
  auto f = ls::foldStoredStream(s, at);
  return f.ok() ? std::optional<ls::FoldedStream>(f.value()) : std::nullopt;
}

}  // namespace

class TstStreamUserRules : public QObject {
  Q_OBJECT

 private slots:
  void errorCodeNames() {
    const std::vector<std::pair<UserError, const char*>> names{
        {UserError::UnknownProvider, "UNKNOWN_PROVIDER"},       {UserError::NoEligibleVault, "NO_ELIGIBLE_VAULT"},
        {UserError::ProposalPending, "PROPOSAL_PENDING"},       {UserError::ProposalExpired, "PROPOSAL_EXPIRED"},
        {UserError::StreamNotConfirmed, "STREAM_NOT_CONFIRMED"}, {UserError::StreamNotFound, "STREAM_NOT_FOUND"},
        {UserError::StreamDepleted, "STREAM_DEPLETED"},         {UserError::StreamPaused, "STREAM_PAUSED"},
        {UserError::StreamClosed, "STREAM_CLOSED"},             {UserError::WalletSigningFailed, "WALLET_SIGNING_FAILED"},
        {UserError::ChainReadFailed, "CHAIN_READ_FAILED"}};
    for (const auto& [e, name] : names) QCOMPARE(code(e), std::string(name));
  }

  void vaultEligibility() {
    se::UserTerms t;
    t.owner = owner();
    t.vaultId = kVault;
    t.allocation = 1000;
    QVERIFY(se::checkVaultEligible(vault().config, U128(1000), t).ok());
    auto st = se::checkVaultEligible(std::nullopt, U128(1000), t);
    QCOMPARE(st.error().code, code(UserError::NoEligibleVault));
    QCOMPARE(se::checkVaultEligible(vault().config, U128(1999), [&] { auto x = t; x.allocation = 1000; return x; }()).ok(), true);
    QCOMPARE(se::checkVaultEligible(vault(U128(2000), U128(1001)).config, U128(2000), t).error().code, code(UserError::NoEligibleVault));
    auto otherOwner = vault();
    otherOwner.config->owner = provider();
    QCOMPARE(se::checkVaultEligible(otherOwner.config, U128(5000), t).error().code, code(UserError::NoEligibleVault));
    auto otherToken = vault();
    otherToken.config->tokenId.fill(1);
    QCOMPARE(se::checkVaultEligible(otherToken.config, U128(5000), t).error().code, code(UserError::NoEligibleVault));
  }

  void proposalGate() {
    QVERIFY(se::proposalGate(nullptr, kNow).ok());
    auto pending = negotiation();
    QCOMPARE(se::proposalGate(&pending, kNow + 120).error().code, code(UserError::ProposalPending));
    QVERIFY(se::proposalGate(&pending, kNow + 121).ok());  // expired: a new proposal may replace it
    auto confirmed = negotiation(se::NegotiationState::Confirmed, 5);
    QVERIFY(se::proposalGate(&confirmed, kNow).ok());
  }

  void proofGate() {
    QCOMPARE(se::proofGate(nullptr, std::nullopt, kNow).error().code, code(UserError::StreamNotConfirmed));
    auto pending = negotiation();
    QCOMPARE(se::proofGate(&pending, std::nullopt, kNow).error().code, code(UserError::StreamNotConfirmed));
    QCOMPARE(se::proofGate(&pending, std::nullopt, kNow + 121).error().code, code(UserError::ProposalExpired));
    QCOMPARE(se::proofGate(&pending, ls::StreamId{5}, kNow + 121).error().code, code(UserError::ProposalExpired));
    QCOMPARE(se::proofGate(&pending, ls::StreamId{5}, kNow).value(), ls::StreamId{5});
    auto confirmed = negotiation(se::NegotiationState::Confirmed, 5);
    QCOMPARE(se::proofGate(&confirmed, std::nullopt, kNow + 9999).value(), ls::StreamId{5});
    QCOMPARE(se::proofGate(&confirmed, ls::StreamId{5}, kNow).value(), ls::StreamId{5});
    QCOMPARE(se::proofGate(&confirmed, ls::StreamId{6}, kNow).error().code, code(UserError::StreamNotFound));
  }

  void streamUsability() {
    QCOMPARE(se::streamUsable(std::nullopt, provider()).error().code, code(UserError::StreamNotFound));
    QVERIFY(se::streamUsable(folded(stream()), provider()).ok());
    QCOMPARE(se::streamUsable(folded(stream()), owner()).error().code, code(UserError::StreamNotFound));
    QCOMPARE(se::streamUsable(folded(stream(5, 10, U128(1000), ls::StreamState::Closed)), provider()).error().code,
             code(UserError::StreamClosed));
    QCOMPARE(se::streamUsable(folded(stream(5, 10, U128(1000), ls::StreamState::Paused)), provider()).error().code,
             code(UserError::StreamPaused));
    QCOMPARE(se::streamUsable(folded(stream(5, 10, U128(1000), ls::StreamState::Active, kNow - 100)), provider()).error().code,
             code(UserError::StreamDepleted));
    auto n = negotiation();
    QVERIFY(se::streamMatchesTerms(stream(5, 10, U128(1000)), n));
    QVERIFY(se::streamMatchesTerms(stream(5, 11, U128(2000)), n));
    QVERIFY(!se::streamMatchesTerms(stream(5, 9, U128(1000)), n));
    QVERIFY(!se::streamMatchesTerms(stream(5, 10, U128(999)), n));
    auto other = stream();
    other.provider = owner();
    QVERIFY(!se::streamMatchesTerms(other, n));
  }

  void unsignedProposalCarriesTheTerms() {
    auto p = unsignedProposal(7, 700, kNow + 60);
    QCOMPARE(p.vault_proof.vault_id, kVault);
    QCOMPARE(AccountId(p.vault_proof.provider_id), provider());
    QVERIFY(p.vault_proof.owner_public_key == ownerKey().publicKey().bytes());
    QVERIFY(p.vault_proof.token_id == ls::kNativeTokenId);
    QCOMPARE(p.stream_params.stream_rate, std::uint64_t{7});
    QCOMPARE(p.stream_params.allocation, std::uint64_t{700});
    QCOMPARE(p.stream_params.create_stream_deadline, kNow + 60);
    QCOMPARE(p.stream_params.service_id, std::string("/vac/waku/store-query/3.0.0"));
  }

  void builtProofRoundTripsAndVerifiesAtTheProvider() {
    const auto request = n8("req-u");
    auto bytes = se::buildStreamProof(sessionKey(), 5, request);
    QVERIFY(bytes.ok());
    auto decoded = eligibility::decodeEligibilityProof(bytes.value());
    QVERIFY(decoded.ok());
    QVERIFY(decoded->kind() == eligibility::ProofKind::STREAM_PROOF);
    const auto& pr = std::get<eligibility::StreamProof>(decoded->arm);
    QCOMPARE(pr.stream_id, ls::StreamId{5});
    QCOMPARE(eligibility::encodeEligibilityProof(decoded.value()), bytes.value());
    se::SessionBook book(4);
    book.insert(session(), kNow);
    auto* s = se::findSigningSession(book, pr, eligibility::streamProofDigest(request), "");
    QVERIFY(s != nullptr);
    QVERIFY(se::checkProofAgainstChain(*s, pr, policy(), stream(), kNowMs).verdict == se::Verdict::Ok);
    lez::core::AuxRand aux{};
    QCOMPARE(se::buildStreamProof(sessionKey(), 5, request, aux), se::buildStreamProof(sessionKey(), 5, request, aux));
  }

  // The wallet signs the digest, the module assembles: the same bytes as signing with the key here.
  void proofAssembledFromAWalletSignatureEqualsTheBuiltOne() {
    const auto request = n8("req-split");
    lez::core::AuxRand aux{};
    aux.fill(7);
    const auto digest = eligibility::streamProofDigest(request);
    const auto signature = lez::core::sign(sessionKey(), digest, aux).bytes;
    const auto assembled = se::assembleStreamProof(5, signature);
    QCOMPARE(assembled, se::buildStreamProof(sessionKey(), 5, request, aux));
    auto decoded = eligibility::decodeEligibilityProof(assembled);
    QVERIFY(decoded.ok());
    const auto& pr = std::get<eligibility::StreamProof>(decoded->arm);
    QCOMPARE(pr.stream_id, ls::StreamId{5});
    QVERIFY(pr.signature == signature);
    se::SessionBook book(4);
    book.insert(session(), kNow);
    QVERIFY(se::findSigningSession(book, pr, digest, "") != nullptr);
    QVERIFY(se::findSigningSession(book, pr, eligibility::streamProofDigest(n8("req-other")), "") == nullptr);
  }
};

QTEST_APPLESS_MAIN(TstStreamUserRules)
#include "tst_stream_user_rules.moc"
