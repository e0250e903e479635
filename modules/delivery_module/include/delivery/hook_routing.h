#pragma once
// Eligibility hook routing and verdict mapping (interfaces/logos/eligibility.h). Pure.
//
// HookRegistry holds, per arm ("all", "proof_of_payment", "stream_proposal", "stream_proof"), the
// module registered with setEligibilityVerifier / setEligibilityProvider. Lookup for an arm:
// that arm's module, else "all", else the first module registered (in registration order).
// A request without a readable proof looks up "stream_proposal" (whose verifier answers
// PROOF_INVALID "missing proof" itself).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "lezpay/util/result.h"
#include "waku/store_common.h"

namespace delivery {

inline constexpr const char* kInvalidArm = "INVALID_ARM";

class HookRegistry {
 public:
  // Registers `module` for `arm` (an empty module name clears that arm). INVALID_ARM for names
  // outside "all" and the three arm names.
  lezpay::util::Status set(std::string_view arm, std::string module);
  bool empty() const { return entries_.empty(); }
  // The module to call for `arm` (an arm name, or empty for "no readable proof").
  std::optional<std::string> lookup(std::string_view arm) const;
  // {"all": "x402_module", ...} for getNodeInfo.
  nlohmann::json toJson() const;

 private:
  std::vector<std::pair<std::string, std::string>> entries_;  // (arm, module) in registration order
};

// The arm of a serialized EligibilityProof from its first field's number (delivery reads nothing
// else of the proof): "proof_of_payment" | "stream_proposal" | "stream_proof", or empty when the
// bytes are empty or start with anything else.
std::string_view proofArm(std::span<const std::uint8_t> proof);

struct Verdict {
  waku::EligibilityCode code = waku::EligibilityCode::PROOF_INVALID;
  std::string desc;  // ≤ waku::kMaxEligibilityDescBytes, never empty
};

// Maps a verifier's answer envelope: {"status":"ok","eligibility":"OK"} ⇒ OK;
// {"status":"error","eligibility":<known verdict>,"message":..} ⇒ that verdict with the message;
// anything else (timeout, access denied, unknown verdict, malformed) ⇒ PROOF_INVALID with the
// answer's message. The host wraps answers as {"status":"ok","result":{...}} for client calls
// only; module-to-module answers are the module's envelope, but a wrapped one is accepted too.
Verdict verdictFromAnswer(const nlohmann::json& answer);

// `text` cut to at most `maxBytes` bytes on a UTF-8 character boundary.
std::string truncateUtf8(std::string_view text, std::size_t maxBytes);

}  // namespace delivery
