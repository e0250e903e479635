#pragma once
// Verdicts of the provider-side eligibility check (payment-streams.md §7 "Verdicts") and the
// reference PolicyRejectReason numbers. An Outcome is what verification answers: a verdict, an
// optional policy reason and a sentence for a person (it becomes the Store tag-30 `desc`).
//
// Mapping decisions (docs/decisions.md "payment_streams_module"):
// - PolicyRejectReason::StreamNotActive maps to STREAM_NOT_ACTIVE, every other reason to
//   PARAMS_REJECTED, except ProviderMismatch on the proof arm (the stream on chain pays someone
//   else), which the verdict table lists under STREAM_NOT_ACTIVE and we answer so.
// - Failures with no policy reason (malformed proof, bad signature, unknown session, provider_id
//   or token_id of a proposal that does not match) are PROOF_INVALID without a reason.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lez::stream_eligibility {

enum class Verdict : std::uint32_t { Ok = 0, ParamsRejected = 1, ProofInvalid = 2, StreamNotActive = 3 };

enum class PolicyRejectReason : std::uint32_t {
  RateBelowPolicyMin = 0,
  AllocationBelowPolicyMin = 1,
  CreateStreamDeadlineInvalid = 2,
  UnallocatedInsufficient = 3,
  RateBelowAcceptedParams = 4,
  AllocationBelowAcceptedParams = 5,
  ProviderMismatch = 6,
  StreamNotActive = 7,
  ResponseTooLarge = 8,
  TokenNotAccepted = 9,
};

std::string_view toString(Verdict verdict);             // "OK", "PARAMS_REJECTED", ...
std::string_view toString(PolicyRejectReason reason);   // "RateBelowPolicyMin", ...
// The verdict a policy reason maps to on its own (§7: 7 => STREAM_NOT_ACTIVE, others => 1).
Verdict verdictForReason(PolicyRejectReason reason);

struct Outcome {
  Verdict verdict = Verdict::Ok;
  std::optional<PolicyRejectReason> reason;
  std::string message;

  bool ok() const { return verdict == Verdict::Ok; }

  static Outcome accept(std::string message = "ok") { return Outcome{Verdict::Ok, std::nullopt, std::move(message)}; }
  static Outcome invalid(std::string message) { return Outcome{Verdict::ProofInvalid, std::nullopt, std::move(message)}; }
  static Outcome rejected(std::string message) { return Outcome{Verdict::ParamsRejected, std::nullopt, std::move(message)}; }
  static Outcome notActive(std::string message) { return Outcome{Verdict::StreamNotActive, std::nullopt, std::move(message)}; }
  static Outcome policy(PolicyRejectReason r, std::string message) { return Outcome{verdictForReason(r), r, std::move(message)}; }
};

}  // namespace lez::stream_eligibility
