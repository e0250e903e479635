#include "eligibility/eligibility_types.h"

namespace eligibility {

std::string_view toString(ProofKind kind) {
  switch (kind) {
    case ProofKind::PROOF_OF_PAYMENT: return "proof_of_payment";
    case ProofKind::STREAM_PROPOSAL: return "stream_proposal";
    case ProofKind::STREAM_PROOF: return "stream_proof";
  }
  return "unknown";
}

}  // namespace eligibility
