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
// Hooks are asynchronous (ModuleContext::callAsync): a hook may read the chain or settle a
// payment without blocking the host or the delivery module's thread.

#include <cstdint>
#include <optional>
#include <string_view>

namespace logos::eligibility {

inline constexpr std::string_view kVerifyOperation = "verifyEligibilityForStoreQuery";
inline constexpr std::string_view kPrepareProposalOperation = "prepareEligibilityProofWithStreamProposalForStoreQuery";
inline constexpr std::string_view kPrepareProofOperation = "prepareEligibilityProofWithStreamProofForStoreQuery";

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
