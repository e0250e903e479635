// Provider-side checks of lez::stream_eligibility (payment-streams.md §7): every verdict path of
// the proposal and proof arms, every policy reason we emit, and a tampered byte in each signed
// field of a proposal and of a proof refused.
#include <QtTest>

#include "eligibility_fixture.h"

using namespace fixture;
using se::PolicyRejectReason;
using se::Verdict;

Q_DECLARE_METATYPE(se::Verdict)

namespace {

void expect(const se::Outcome& o, Verdict v, std::optional<PolicyRejectReason> reason = std::nullopt) {
  QVERIFY2(o.verdict == v, qPrintable(QString("verdict %1 (%2), expected %3")
                                          .arg(QString::fromUtf8(se::toString(o.verdict).data()))
                                          .arg(QString::fromStdString(o.message))
                                          .arg(QString::fromUtf8(se::toString(v).data()))));
  QVERIFY2(o.reason == reason, qPrintable(QString::fromStdString(o.message)));
  QVERIFY(!o.message.empty());
}

// Flips each bit pattern of one byte at a time in `bytes` and calls `check` on each variant.
template <std::size_t N, typename F>
void eachByteFlipped(const std::array<std::uint8_t, N>& bytes, F check) {
  for (std::size_t i = 0; i < N; ++i) {
    auto t = bytes;
    t[i] ^= 0x01;
    check(t, i);
  }
}

}  // namespace

class TstStreamProviderChecks : public QObject {
  Q_OBJECT

 private slots:
  void proposalAcceptedPinsTheSession() {
    auto d = se::checkProposal(proposal(), policy(), vault(), kNow);
    expect(d.outcome, Verdict::Ok);
    QVERIFY(d.session.has_value());
    QCOMPARE(d.session->owner, owner());
    QCOMPARE(d.session->vaultId, kVault);
    QCOMPARE(d.session->providerId, provider());
    QVERIFY(d.session->sessionKey == sessionKey().publicKey().bytes());
    QCOMPARE(d.session->params.allocation, std::uint64_t{1000});
    QVERIFY(!d.session->boundStreamId);
    QCOMPARE(d.session->replay.capacity(), std::size_t{4});
  }

  void proposalVerdictPaths() {
    auto run = [](eligibility::StreamProposal p, se::ProviderPolicy pol = policy(), se::VaultView v = vault(),
                  ls::Timestamp now = kNow) { return se::checkProposal(p, pol, v, now); };
    {  // service not sold here
      auto pol = policy();
      pol.serviceId = "/other/1";
      auto d = run(proposal(), pol);
      expect(d.outcome, Verdict::ParamsRejected);
      QVERIFY(!d.session);
    }
    {  // another provider account
      auto pol = policy();
      pol.provider = owner();
      expect(run(proposal(), pol).outcome, Verdict::ProofInvalid);
    }
    {  // owner key that is not a curve point
      auto p = proposal();
      p.vault_proof.owner_public_key.fill(0xff);
      expect(run(p).outcome, Verdict::ProofInvalid);
    }
    {  // session key that is not a curve point
      auto p = unsignedProposal();
      p.public_key.fill(0xff);
      sign(p);
      expect(run(p).outcome, Verdict::ProofInvalid);
    }
    {  // no vault at the PDA
      se::VaultView none{std::nullopt, U128(10'000)};
      expect(run(proposal(), policy(), none).outcome, Verdict::ParamsRejected);
    }
    {  // a vault of another owner
      auto v = vault();
      v.config->owner = provider();
      expect(run(proposal(), policy(), v).outcome, Verdict::ParamsRejected);
    }
    {  // token differs from the vault's
      auto v = vault();
      v.config->tokenId.fill(0x07);
      expect(run(proposal(), policy(), v).outcome, Verdict::ProofInvalid);
    }
    {  // token not accepted by policy
      auto pol = policy();
      pol.acceptedTokens = {ls::TokenId{1}};
      expect(run(proposal(), pol).outcome, Verdict::ParamsRejected, PolicyRejectReason::TokenNotAccepted);
    }
    {  // signed by another key
      auto p = unsignedProposal();
      sign(p, providerKey());
      expect(run(p).outcome, Verdict::ProofInvalid);
    }
    expect(run(proposal(1)).outcome, Verdict::ParamsRejected, PolicyRejectReason::RateBelowPolicyMin);
    expect(run(proposal(10, 99)).outcome, Verdict::ParamsRejected, PolicyRejectReason::AllocationBelowPolicyMin);
    expect(run(proposal(10, 1000, kNow)).outcome, Verdict::ParamsRejected, PolicyRejectReason::CreateStreamDeadlineInvalid);
    expect(run(proposal(10, 1000, kNow - 1)).outcome, Verdict::ParamsRejected, PolicyRejectReason::CreateStreamDeadlineInvalid);
    expect(run(proposal(10, 1000, kNow + 301)).outcome, Verdict::ParamsRejected, PolicyRejectReason::CreateStreamDeadlineInvalid);
    expect(run(proposal(10, 1000, kNow + 300)).outcome, Verdict::Ok);  // the upper bound is inclusive
    expect(run(proposal(10, 1000, kNow + 1)).outcome, Verdict::Ok);
    // unallocated = balance - total_allocated
    expect(run(proposal(10, 1000), policy(), vault(U128(1500), U128(501))).outcome, Verdict::ParamsRejected,
           PolicyRejectReason::UnallocatedInsufficient);
    expect(run(proposal(10, 1000), policy(), vault(U128(1500), U128(500))).outcome, Verdict::Ok);
    expect(run(proposal(10, 1000), policy(), vault(U128(100), U128(500))).outcome, Verdict::ParamsRejected,
           PolicyRejectReason::UnallocatedInsufficient);
  }

  // Every signed field of a proposal: change one byte while making every non-signature check
  // pass for the changed value, so only the owner signature can catch it.
  void proposalTamperedSignedFieldsAreRefused() {
    const auto base = proposal();
    int checked = 0;
    auto refused = [&](const eligibility::StreamProposal& p, se::ProviderPolicy pol, se::VaultView v, const char* field,
                       std::size_t i) {
      auto d = se::checkProposal(p, pol, v, kNow);
      QVERIFY2(d.outcome.verdict == Verdict::ProofInvalid,
               qPrintable(QString("%1 byte %2: %3").arg(field).arg(i).arg(QString::fromStdString(d.outcome.message))));
      ++checked;
    };
    for (int bit = 0; bit < 64; ++bit) {  // vault_id
      auto p = base;
      p.vault_proof.vault_id ^= (1ull << bit);
      auto v = vault();
      v.config->vaultId = p.vault_proof.vault_id;
      refused(p, policy(), v, "vault_id", bit);
    }
    eachByteFlipped(base.vault_proof.provider_id, [&](const auto& t, std::size_t i) {
      auto p = base;
      p.vault_proof.provider_id = t;
      auto pol = policy();
      pol.provider = AccountId(t);
      refused(p, pol, vault(), "provider_id", i);
    });
    eachByteFlipped(base.vault_proof.owner_public_key, [&](const auto& t, std::size_t i) {
      auto p = base;
      p.vault_proof.owner_public_key = t;
      auto v = vault();
      auto pk = lez::core::PublicKey::fromBytes(t);
      if (pk.ok()) v.config->owner = lez::core::publicAccountId(pk.value());
      refused(p, policy(), v, "owner_public_key", i);
    });
    eachByteFlipped(base.vault_proof.owner_signature, [&](const auto& t, std::size_t i) {
      auto p = base;
      p.vault_proof.owner_signature = t;
      refused(p, policy(), vault(), "owner_signature", i);
    });
    eachByteFlipped(base.vault_proof.token_id, [&](const auto& t, std::size_t i) {
      auto p = base;
      p.vault_proof.token_id = t;
      auto pol = policy();
      pol.acceptedTokens.push_back(t);
      auto v = vault();
      v.config->tokenId = t;
      refused(p, pol, v, "token_id", i);
    });
    for (std::size_t i = 0; i < base.stream_params.service_id.size(); ++i) {
      auto p = base;
      p.stream_params.service_id[i] ^= 0x01;
      auto pol = policy();
      pol.serviceId = p.stream_params.service_id;
      refused(p, pol, vault(), "service_id", i);
    }
    for (std::uint64_t rate : {11ull, 9ull, 10ull + (1ull << 40)}) {
      auto p = base;
      p.stream_params.stream_rate = rate;
      refused(p, policy(), vault(), "stream_rate", rate);
    }
    for (std::uint64_t allocation : {1001ull, 999ull, 1000ull ^ (1ull << 9)}) {
      auto p = base;
      p.stream_params.allocation = allocation;
      refused(p, policy(), vault(), "allocation", allocation);
    }
    for (std::uint64_t delta : {1ull, 2ull, 64ull}) {
      auto p = base;
      p.stream_params.create_stream_deadline -= delta;
      refused(p, policy(), vault(), "create_stream_deadline", delta);
    }
    eachByteFlipped(base.public_key, [&](const auto& t, std::size_t i) {
      auto p = base;
      p.public_key = t;
      refused(p, policy(), vault(), "session public_key", i);
    });
    QVERIFY(checked > 64 + 32 * 4 + 64);
  }

  void proofOkBindsAndRemembers() {
    se::SessionBook book(8);
    book.insert(session(), kNow);
    const auto request = n8("req-1");
    const auto pr = proof(request);
    auto* s = se::findSigningSession(book, pr, eligibility::streamProofDigest(request), "peer");
    QVERIFY(s != nullptr);
    expect(se::precheckProof(*s, pr, {"req-1"}, policy()), Verdict::Ok);
    expect(se::checkProofAgainstChain(*s, pr, policy(), stream(), kNowMs), Verdict::Ok);
    se::commitProof(book, *s, pr.stream_id, "req-1");
    QCOMPARE(s->boundStreamId.value(), ls::StreamId{5});
    QVERIFY(s->replay.contains("req-1"));
    auto replay = se::precheckProof(*s, pr, {"req-1"}, policy());
    expect(replay, Verdict::ProofInvalid);
    QVERIFY(replay.message.find("already served") != std::string::npos);
  }

  void proofFromAnotherPeerIsRefusedNamingBothIds() {
    const std::string user = "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY";
    const std::string other = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
    se::SessionBook book(8);
    auto pinned = session();
    pinned.requesterPeerId = user;
    book.insert(pinned, kNow);
    const auto request = n8("req-peer");
    const auto pr = proof(request);
    // The signature verifies whoever presents it: N8 does not cover the peer id.
    auto* s = se::findSigningSession(book, pr, eligibility::streamProofDigest(request), other);
    QVERIFY(s != nullptr);
    expect(se::checkRequesterBinding(*s, user), Verdict::Ok);
    auto refused = se::checkRequesterBinding(*s, other);
    expect(refused, Verdict::ProofInvalid);
    QCOMPARE(refused.message, std::string("this session is bound to peer 16Uiu2HA...5KvLpY; the proof came from peer 12D3KooW...o7R3pq"));
    expect(se::checkRequesterBinding(*s, ""), Verdict::ProofInvalid);
    QVERIFY(!se::pinRequester(*s, other));  // a pinned session never moves
    QCOMPARE(s->requesterPeerId.value(), user);
  }

  void plainSessionStaysBoundToTheEmptyPeerId() {
    auto s = session();
    s.requesterPeerId = std::string();
    expect(se::checkRequesterBinding(s, ""), Verdict::Ok);
    auto refused = se::checkRequesterBinding(s, "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY");
    expect(refused, Verdict::ProofInvalid);
    QVERIFY2(refused.message.find("bound to peer \"\" (plain transport)") != std::string::npos, qPrintable(QString::fromStdString(refused.message)));
    QVERIFY(!se::pinRequester(s, "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY"));
  }

  void unpinnedSessionIsPinnedByTheFirstValidProof() {
    auto s = session();
    s.requesterPeerId.reset();  // read from a state file written before the binding
    expect(se::checkRequesterBinding(s, "12D3KooWpeerA"), Verdict::Ok);
    expect(se::checkRequesterBinding(s, "12D3KooWpeerB"), Verdict::Ok);
    QVERIFY(se::pinRequester(s, "12D3KooWpeerA"));
    expect(se::checkRequesterBinding(s, "12D3KooWpeerA"), Verdict::Ok);
    expect(se::checkRequesterBinding(s, "12D3KooWpeerB"), Verdict::ProofInvalid);
    QCOMPARE(se::shortPeerId("12D3KooWpeerA"), std::string("12D3KooWpeerA"));
    QCOMPARE(se::shortPeerId(""), std::string("\"\" (plain transport)"));
  }

  void proofTamperedBytesFindNoSession() {
    se::SessionBook book(8);
    book.insert(session(), kNow);
    auto request = n8("req-tamper");
    const auto pr = proof(request);
    QVERIFY(se::findSigningSession(book, pr, eligibility::streamProofDigest(request), "") != nullptr);
    // Every byte of the signed N8 (prefix and body) and of the signature.
    for (std::size_t i = 0; i < request.size(); ++i) {
      auto t = request;
      t[i] ^= 0x01;
      QVERIFY2(se::findSigningSession(book, pr, eligibility::streamProofDigest(t), "") == nullptr, qPrintable(QString("N8 byte %1").arg(i)));
    }
    eachByteFlipped(pr.signature, [&](const auto& sig, std::size_t i) {
      auto t = pr;
      t.signature = sig;
      QVERIFY2(se::findSigningSession(book, t, eligibility::streamProofDigest(request), "") == nullptr, qPrintable(QString("sig byte %1").arg(i)));
    });
    // stream_id is not signed; once a session is bound, another id finds no candidate.
    auto* s = se::findSigningSession(book, pr, eligibility::streamProofDigest(request), "");
    se::commitProof(book, *s, 5, "req-tamper");
    auto other = pr;
    other.stream_id = 6;
    QVERIFY(se::findSigningSession(book, other, eligibility::streamProofDigest(request), "") == nullptr);
    // A proof signed by a key no session pinned.
    QVERIFY(se::findSigningSession(book, proof(request, 5, ownerKey()), eligibility::streamProofDigest(request), "") == nullptr);
  }

  void proofPrecheckPaths() {
    auto s = session();
    const auto pr = proof(n8("r"));
    auto pol = policy();
    pol.provider = owner();
    expect(se::precheckProof(s, pr, {"r"}, pol), Verdict::ProofInvalid);
    pol = policy();
    pol.serviceId = "/other/2";
    expect(se::precheckProof(s, pr, {"r"}, pol), Verdict::ParamsRejected);
    s.boundStreamId = 9;
    expect(se::precheckProof(s, pr, {"r"}, policy()), Verdict::ProofInvalid);
  }

  void proofChainPaths() {
    const auto s = session();
    const auto pr = proof(n8("r"));
    auto check = [&](const std::optional<ls::StreamConfig>& st, std::uint64_t clockMs = kNowMs, const se::ProviderSession& sess = session(),
                     se::ProviderPolicy pol = policy()) { return se::checkProofAgainstChain(sess, pr, pol, st, clockMs); };
    // First binding after the deadline (kNow + 120).
    expect(check(stream(), (kNow + 121) * 1000), Verdict::ParamsRejected, PolicyRejectReason::CreateStreamDeadlineInvalid);
    expect(check(stream(5, 10, U128(100'000)), (kNow + 120) * 1000), Verdict::Ok);
    auto bound = s;
    bound.boundStreamId = 5;
    expect(check(stream(5, 10, U128(100'000)), (kNow + 500) * 1000, bound), Verdict::Ok);  // a bound session has no deadline
    expect(check(std::nullopt), Verdict::StreamNotActive);
    auto wrongId = stream();
    wrongId.streamId = 6;
    expect(check(wrongId), Verdict::StreamNotActive);
    auto other = stream();
    other.provider = owner();
    expect(check(other), Verdict::StreamNotActive, PolicyRejectReason::ProviderMismatch);
    expect(check(stream(5, 10, U128(1000), ls::StreamState::Closed)), Verdict::StreamNotActive, PolicyRejectReason::StreamNotActive);
    expect(check(stream(5, 10, U128(1000), ls::StreamState::Paused)), Verdict::StreamNotActive, PolicyRejectReason::StreamNotActive);
    // Depleted by the fold: 1000 at 10/s from kNow - 100 ran out at kNow.
    expect(check(stream(5, 10, U128(1000), ls::StreamState::Active, kNow - 100)), Verdict::StreamNotActive,
           PolicyRejectReason::StreamNotActive);
    expect(check(stream(5, 10, U128(1000), ls::StreamState::Active, kNow - 99)), Verdict::Ok);
    expect(check(stream(5, 1)), Verdict::ParamsRejected, PolicyRejectReason::RateBelowPolicyMin);
    expect(check(stream(5, 9)), Verdict::ParamsRejected, PolicyRejectReason::RateBelowAcceptedParams);
    expect(check(stream(5, 10, U128(999))), Verdict::ParamsRejected, PolicyRejectReason::AllocationBelowAcceptedParams);
    auto strict = policy();
    strict.minAllocation = 5000;
    expect(check(stream(), kNowMs, s, strict), Verdict::ParamsRejected, PolicyRejectReason::AllocationBelowPolicyMin);
    // After binding the allocation is not re-checked (§7 step 4).
    expect(check(stream(5, 10, U128(999)), kNowMs, bound), Verdict::Ok);
    // A clock behind the stream cannot fold (6013): not active from the provider's view.
    expect(check(stream(5, 10, U128(1000), ls::StreamState::Active, kNow + 50)), Verdict::StreamNotActive);
  }

  void verdictNamesAndMapping() {
    QCOMPARE(QString::fromUtf8(se::toString(Verdict::Ok).data()), QString("OK"));
    QCOMPARE(QString::fromUtf8(se::toString(Verdict::StreamNotActive).data()), QString("STREAM_NOT_ACTIVE"));
    for (std::uint32_t r = 0; r <= 9; ++r) {
      const auto reason = static_cast<PolicyRejectReason>(r);
      QVERIFY(se::toString(reason) != "Unknown");
      QVERIFY(se::verdictForReason(reason) == (r == 7 ? Verdict::StreamNotActive : Verdict::ParamsRejected));
    }
  }
};

QTEST_APPLESS_MAIN(TstStreamProviderChecks)
#include "tst_stream_provider_checks.moc"
