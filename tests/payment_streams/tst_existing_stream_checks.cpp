// The provider's check of a proposal that names an existing stream
// (lez/stream_eligibility/existing_stream_checks.h): accepted and bound at once when the stream
// pays this provider, is active and meets the policy; otherwise refused with the stable code that
// names what does not match; the shared checks (signature, vault, deadline) still apply.
#include <QtTest>

#include "eligibility_fixture.h"
#include "lez/stream_eligibility/existing_stream_checks.h"

using namespace fixture;
using se::PolicyRejectReason;
using se::Verdict;

namespace {

constexpr ls::StreamId kExisting = 2;

eligibility::StreamProposal existingProposal(std::uint64_t rate = 10, std::uint64_t allocation = 1000) {
  auto p = unsignedProposal(rate, allocation);
  p.existing_stream_id = kExisting;
  sign(p);
  return p;
}

// A vault whose whole balance is already allocated (to the existing stream among others).
se::VaultView fullyAllocated() { return vault(U128(1000), U128(1000)); }

se::ExistingStreamDecision run(const std::optional<ls::StreamConfig>& stored, const se::ProviderSession* boundTo = nullptr,
                               const std::string& requester = "peer-a", eligibility::StreamProposal p = existingProposal()) {
  return se::checkExistingStreamProposal(p, policy(), fullyAllocated(), stored, kNowMs, boundTo, requester);
}

void expectRefused(const se::ExistingStreamDecision& d, const char* code, Verdict v) {
  QVERIFY2(!d.outcome.ok(), qPrintable(QString::fromStdString(d.outcome.message)));
  QCOMPARE(QString::fromStdString(d.code), QString(code));
  QVERIFY2(d.outcome.verdict == v, qPrintable(QString::fromUtf8(se::toString(d.outcome.verdict).data())));
  QVERIFY2(d.outcome.message.rfind(std::string(code) + ": ", 0) == 0, qPrintable(QString::fromStdString(d.outcome.message)));
  QVERIFY(!d.session);
}

}  // namespace

class TstExistingStreamChecks : public QObject {
  Q_OBJECT

 private slots:
  void acceptedAndBoundAtOnceWithoutUnallocatedFunds() {
    auto d = run(stream(kExisting));
    QVERIFY2(d.outcome.ok(), qPrintable(QString::fromStdString(d.outcome.message)));
    QVERIFY(d.session);
    QCOMPARE(d.session->boundStreamId.value(), kExisting);
    QCOMPARE(d.session->requesterPeerId.value(), std::string("peer-a"));
    QCOMPARE(d.session->owner, owner());
    QVERIFY(!d.supersedes);
    // The same proposal without the extension is a new stream, which this vault cannot fund.
    auto plain = se::checkProposal(proposal(), policy(), fullyAllocated(), kNow);
    QVERIFY(plain.outcome.reason == PolicyRejectReason::UnallocatedInsufficient);
  }

  void eachMismatchHasItsCode() {
    expectRefused(run(std::nullopt), se::kExistingStreamNotFound, Verdict::ParamsRejected);
    auto other = stream(kExisting);
    other.provider = owner();
    auto mismatch = run(other);
    expectRefused(mismatch, se::kExistingStreamProviderMismatch, Verdict::ParamsRejected);
    QVERIFY(mismatch.outcome.reason == PolicyRejectReason::ProviderMismatch);
    expectRefused(run(stream(kExisting, 10, U128(1000), ls::StreamState::Paused)), se::kExistingStreamNotActive, Verdict::StreamNotActive);
    expectRefused(run(stream(kExisting, 10, U128(1000), ls::StreamState::Closed)), se::kExistingStreamNotActive, Verdict::StreamNotActive);
    expectRefused(run(stream(kExisting, 10, U128(50))), se::kExistingStreamNotActive, Verdict::StreamNotActive);  // depleted (accrued 100 > 50)
    expectRefused(run(stream(kExisting, 1, U128(1000)), nullptr, "peer-a", existingProposal(1)), se::kExistingStreamRateTooLow,
                  Verdict::ParamsRejected);  // below the policy's minimum rate 2
    expectRefused(run(stream(kExisting, 5, U128(1000))), se::kExistingStreamRateTooLow, Verdict::ParamsRejected);  // below the proposed 10
    expectRefused(run(stream(kExisting, 10, U128(1000)), nullptr, "peer-a", existingProposal(10, 2000)), se::kExistingStreamAllocationTooLow,
                  Verdict::ParamsRejected);
  }

  void boundToAnotherPeerIsRefusedTheSamePeerSupersedes() {
    auto bound = session();
    bound.sessionKey[0] ^= 1;
    bound.boundStreamId = kExisting;
    bound.requesterPeerId = "peer-b";
    expectRefused(run(stream(kExisting), &bound, "peer-a"), se::kExistingStreamAlreadyBound, Verdict::ParamsRejected);
    bound.requesterPeerId.reset();  // an unpinned session is not the requester's either
    expectRefused(run(stream(kExisting), &bound, "peer-a"), se::kExistingStreamAlreadyBound, Verdict::ParamsRejected);
    bound.requesterPeerId = "peer-a";
    auto d = run(stream(kExisting), &bound, "peer-a");
    QVERIFY(d.outcome.ok());
    QVERIFY(d.supersedes && *d.supersedes == bound.sessionKey);
  }

  void sharedChecksStillApply() {
    auto forged = existingProposal();
    forged.vault_proof.owner_signature[0] ^= 1;
    auto d = run(stream(kExisting), nullptr, "peer-a", forged);
    QVERIFY(d.outcome.verdict == Verdict::ProofInvalid);
    QVERIFY(d.code.empty());
    QVERIFY(!d.signatureVerified);
    auto late = unsignedProposal(10, 1000, kNow + 10'000);
    late.existing_stream_id = kExisting;
    sign(late);
    auto deadline = run(stream(kExisting), nullptr, "peer-a", late);
    QVERIFY(deadline.outcome.reason == PolicyRejectReason::CreateStreamDeadlineInvalid);
    QVERIFY(deadline.signatureVerified);
  }
};

QTEST_APPLESS_MAIN(TstExistingStreamChecks)
#include "tst_existing_stream_checks.moc"
