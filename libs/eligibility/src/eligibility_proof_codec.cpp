#include "eligibility/eligibility_proof_codec.h"

#include <optional>

#include "eligibility/stream_proof_codec.h"
#include "eligibility/stream_proposal_codec.h"
#include "lezpay/proto/fields.h"
#include "lezpay/proto/try.h"
#include "lezpay/proto/writer.h"

namespace eligibility {

using lezpay::proto::ErrorCode;
using lezpay::proto::makeError;
using lezpay::util::Result;

std::vector<std::uint8_t> encodeEligibilityProof(const EligibilityProof& proof) {
  lezpay::proto::Writer w;
  if (const auto* pop = std::get_if<ProofOfPayment>(&proof.arm)) {
    w.bytesField(1, pop->payment_payload);
  } else if (const auto* proposal = std::get_if<StreamProposal>(&proof.arm)) {
    w.bytesField(2, encodeStreamProposal(*proposal));
  } else {
    w.bytesField(3, encodeStreamProof(std::get<StreamProof>(proof.arm)));
  }
  return w.take();
}

Result<EligibilityProof> decodeEligibilityProof(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxEligibilityProofBytes, "EligibilityProof"));
  std::optional<std::uint32_t> armField;
  std::span<const std::uint8_t> armBytes;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "EligibilityProof");
    const auto& f = *next;
    if (f.number < 1 || f.number > 3) continue;  // unknown field: skipped
    const std::string name = "EligibilityProof." + std::string(toString(static_cast<ProofKind>(f.number)));
    if (armField) {
      if (*armField == f.number) return makeError(ErrorCode::DUPLICATE_FIELD, name + ": appears more than once");
      return makeError(ErrorCode::ONEOF_CONFLICT, name + ": more than one arm set (also " +
                                                      std::string(toString(static_cast<ProofKind>(*armField))) + ")");
    }
    LEZPAY_PROTO_ASSIGN(armBytes, lezpay::proto::readBytes(f, name, kMaxEligibilityProofBytes));
    armField = f.number;
  }
  if (!armField) {
    return makeError(ErrorCode::MISSING_REQUIRED_FIELD, "EligibilityProof: no arm set (proof_of_payment, stream_proposal or stream_proof)");
  }
  switch (*armField) {
    case 1: {
      if (armBytes.empty()) return makeError(ErrorCode::INVALID_VALUE, "EligibilityProof.proof_of_payment: empty");
      return EligibilityProof{ProofOfPayment{Bytes(armBytes.begin(), armBytes.end())}};
    }
    case 2: {
      auto proposal = decodeStreamProposal(armBytes);
      if (!proposal) return lezpay::proto::withContext(proposal.error(), "EligibilityProof.stream_proposal");
      return EligibilityProof{std::move(proposal).value()};
    }
    default: {
      auto proof = decodeStreamProof(armBytes);
      if (!proof) return lezpay::proto::withContext(proof.error(), "EligibilityProof.stream_proof");
      return EligibilityProof{*proof};
    }
  }
}

}  // namespace eligibility
