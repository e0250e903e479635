#pragma once
// Eligibility hook contract between delivery_module (which knows nothing about payments) and
// the modules that verify or prepare proofs (payment_streams_module, x402_module).
// payment-streams.md §7, waku-store.md §3, logos-core.md §11.
//
// Provider side: delivery_module calls, on the module registered with setEligibilityVerifier,
//   kVerifyOperation {"proof_hex": <hex of EligibilityProof bytes, "" when absent>,
//                     "canonical_request_hex": <N8 bytes, prefix included, lowercase hex>,
//                     "requester_peer_id": <peer id string>}
//   and expects {"status":"ok","eligibility":"OK"} or
//   {"status":"error","eligibility":"PARAMS_REJECTED"|"PROOF_INVALID"|"STREAM_NOT_ACTIVE",
//    "message":<reason>}. Any other answer (timeout, unknown verdict, malformed) maps to
//   PROOF_INVALID with the answer's message.
// User side: delivery_module calls, on the module registered with setEligibilityProvider,
//   kPrepareProposalOperation {"canonical_request_hex", "provider_peer_id"} or
//   kPrepareProofOperation {"canonical_request_hex", "provider_peer_id", "stream_id"}
//   and expects {"status":"ok","kind":..,"bytes_hex":<EligibilityProof hex>, ...}.
//   kPreparePaymentOperation {"canonical_request_hex", "provider_peer_id", "options": {...}}
//   answers the same shape with "kind":"proof_of_payment" (x402_module; `options` is passed
//   through from the storeQuery JSON's "eligibility" object).
// Hooks are asynchronous (ModuleContext::callAsync): a hook may read the chain or settle a
// payment without blocking the host or the delivery module's thread.
//
// Routing by arm. The EligibilityProof has three arms (libs/eligibility): proof_of_payment (1),
// stream_proposal (2), stream_proof (3). delivery_module reads only the outer field number of the
// proof and calls the verifier registered for that arm:
//   setEligibilityVerifier(moduleName, arm)   arm = "all" (default) | one of kArmNames
//   setEligibilityProvider(moduleName, arm)   same
// A more specific registration wins over "all". A request with no proof (or one whose arm
// cannot be read) goes to the verifier of "stream_proposal", else "all", else the first one
// registered; that verifier answers PROOF_INVALID ("missing proof") itself.
// On the user side storeQuery attaches a proof only when asked: either "eligibilityProofHex"
// in the query JSON, or "eligibility": {"arm": <arm name>, "stream_id": "<u64>", "options": {...}},
// which selects the prepare operation for that arm on the registered provider module.
//
// Access: a module may call these operations on any module whose metadata "capabilities"
// declares kVerifierCapability (for kVerifyOperation) or kProviderCapability (for the prepare
// operations), without declaring it as a dependency: delivery_module cannot know at build time
// which payment module will be registered (the host enforces this, module_host.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace logos::eligibility {

inline constexpr std::string_view kVerifyOperation = "verifyEligibilityForStoreQuery";
inline constexpr std::string_view kPrepareProposalOperation = "prepareEligibilityProofWithStreamProposalForStoreQuery";
inline constexpr std::string_view kPrepareProofOperation = "prepareEligibilityProofWithStreamProofForStoreQuery";
inline constexpr std::string_view kPreparePaymentOperation = "prepareEligibilityProofWithPaymentForStoreQuery";

inline constexpr std::string_view kVerifierCapability = "eligibility.verifier";
inline constexpr std::string_view kProviderCapability = "eligibility.provider";

// Arm names as used in setEligibilityVerifier/Provider and in the storeQuery "eligibility" object.
inline constexpr std::string_view kArmAll = "all";
inline constexpr std::string_view kArmProofOfPayment = "proof_of_payment";  // field 1
inline constexpr std::string_view kArmStreamProposal = "stream_proposal";   // field 2
inline constexpr std::string_view kArmStreamProof = "stream_proof";         // field 3

// The prepare operation a provider module answers for an arm name; empty for unknown names.
constexpr std::string_view prepareOperationForArm(std::string_view arm) {
  if (arm == kArmProofOfPayment) return kPreparePaymentOperation;
  if (arm == kArmStreamProposal) return kPrepareProposalOperation;
  if (arm == kArmStreamProof) return kPrepareProofOperation;
  return {};
}

// The arm name of an EligibilityProof outer field number; empty for anything else.
constexpr std::string_view armForFieldNumber(std::uint64_t field) {
  switch (field) {
    case 1: return kArmProofOfPayment;
    case 2: return kArmStreamProposal;
    case 3: return kArmStreamProof;
    default: return {};
  }
}

// True when `operation` is a hook operation and the target declares the matching capability.
template <typename Capabilities>
bool isHookCallAllowed(std::string_view operation, const Capabilities& targetCapabilities) {
  std::string_view needed;
  if (operation == kVerifyOperation) needed = kVerifierCapability;
  else if (operation == kPrepareProposalOperation || operation == kPrepareProofOperation ||
           operation == kPreparePaymentOperation) needed = kProviderCapability;
  else return false;
  for (const auto& c : targetCapabilities)
    if (std::string_view(c) == needed) return true;
  return false;
}

// The hook operations a target with `targetCapabilities` accepts from any module (empty: none).
template <typename Capabilities>
std::vector<std::string> hookOperationsAllowed(const Capabilities& targetCapabilities) {
  std::vector<std::string> out;
  for (std::string_view op : {kVerifyOperation, kPrepareProposalOperation, kPrepareProofOperation, kPreparePaymentOperation})
    if (isHookCallAllowed(op, targetCapabilities)) out.emplace_back(op);
  return out;
}

// Store response tag-30 `code` values. Not HTTP-like.
enum class Verdict : std::uint32_t {
  Ok = 0,
  ParamsRejected = 1,
  ProofInvalid = 2,
  StreamNotActive = 3,
};

constexpr std::string_view toString(Verdict v) {
  switch (v) {
    case Verdict::Ok: return "OK";
    case Verdict::ParamsRejected: return "PARAMS_REJECTED";
    case Verdict::ProofInvalid: return "PROOF_INVALID";
    case Verdict::StreamNotActive: return "STREAM_NOT_ACTIVE";
  }
  return "PROOF_INVALID";
}

// Default tag-30 `desc` when the verifier gives no text (waku-store.md §3).
constexpr std::string_view defaultDescription(Verdict v) {
  switch (v) {
    case Verdict::Ok: return "ok";
    case Verdict::ParamsRejected: return "params rejected";
    case Verdict::ProofInvalid: return "proof invalid";
    case Verdict::StreamNotActive: return "stream not active";
  }
  return "proof invalid";
}

// Parses a verdict name; unknown names are nullopt (callers then use ProofInvalid).
constexpr std::optional<Verdict> verdictFromString(std::string_view s) {
  if (s == "OK") return Verdict::Ok;
  if (s == "PARAMS_REJECTED") return Verdict::ParamsRejected;
  if (s == "PROOF_INVALID") return Verdict::ProofInvalid;
  if (s == "STREAM_NOT_ACTIVE") return Verdict::StreamNotActive;
  return std::nullopt;
}

// Maps a wire number to a verdict; negative or unknown numbers are PROOF_INVALID, never a cast.
constexpr Verdict verdictFromCode(std::int64_t code) {
  switch (code) {
    case 0: return Verdict::Ok;
    case 1: return Verdict::ParamsRejected;
    case 2: return Verdict::ProofInvalid;
    case 3: return Verdict::StreamNotActive;
    default: return Verdict::ProofInvalid;
  }
}

// Maximum verifier text carried in tag-30 `desc` (waku-store.md §3).
inline constexpr std::size_t kMaxDescriptionBytes = 512;

}  // namespace logos::eligibility
