#include "lez/stream_eligibility/verdict.h"

namespace lez::stream_eligibility {

std::string_view toString(Verdict verdict) {
  switch (verdict) {
    case Verdict::Ok: return "OK";
    case Verdict::ParamsRejected: return "PARAMS_REJECTED";
    case Verdict::ProofInvalid: return "PROOF_INVALID";
    case Verdict::StreamNotActive: return "STREAM_NOT_ACTIVE";
  }
  return "PROOF_INVALID";
}

std::string_view toString(PolicyRejectReason reason) {
  switch (reason) {
    case PolicyRejectReason::RateBelowPolicyMin: return "RateBelowPolicyMin";
    case PolicyRejectReason::AllocationBelowPolicyMin: return "AllocationBelowPolicyMin";
    case PolicyRejectReason::CreateStreamDeadlineInvalid: return "CreateStreamDeadlineInvalid";
    case PolicyRejectReason::UnallocatedInsufficient: return "UnallocatedInsufficient";
    case PolicyRejectReason::RateBelowAcceptedParams: return "RateBelowAcceptedParams";
    case PolicyRejectReason::AllocationBelowAcceptedParams: return "AllocationBelowAcceptedParams";
    case PolicyRejectReason::ProviderMismatch: return "ProviderMismatch";
    case PolicyRejectReason::StreamNotActive: return "StreamNotActive";
    case PolicyRejectReason::ResponseTooLarge: return "ResponseTooLarge";
    case PolicyRejectReason::TokenNotAccepted: return "TokenNotAccepted";
  }
  return "Unknown";
}

Verdict verdictForReason(PolicyRejectReason reason) {
  return reason == PolicyRejectReason::StreamNotActive ? Verdict::StreamNotActive : Verdict::ParamsRejected;
}

}  // namespace lez::stream_eligibility
