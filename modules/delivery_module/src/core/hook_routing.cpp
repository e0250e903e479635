#include "delivery/hook_routing.h"

#include <algorithm>

#include "lezpay/proto/varint.h"
#include "logos/eligibility.h"

namespace delivery {
namespace {

bool knownArm(std::string_view arm) {
  using namespace logos::eligibility;
  return arm == kArmAll || arm == kArmProofOfPayment || arm == kArmStreamProposal || arm == kArmStreamProof;
}

}  // namespace

lezpay::util::Status HookRegistry::set(std::string_view arm, std::string module) {
  if (!knownArm(arm)) {
    return lezpay::util::Error{kInvalidArm, "arm '" + std::string(arm) + "' is not one of all, proof_of_payment, stream_proposal, stream_proof"};
  }
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == arm; });
  if (module.empty()) {
    if (it != entries_.end()) entries_.erase(it);
  } else if (it != entries_.end()) {
    it->second = std::move(module);
  } else {
    entries_.emplace_back(std::string(arm), std::move(module));
  }
  return lezpay::util::okStatus();
}

std::optional<std::string> HookRegistry::lookup(std::string_view arm) const {
  if (entries_.empty()) return std::nullopt;
  const std::string_view wanted = arm.empty() ? logos::eligibility::kArmStreamProposal : arm;
  for (const auto& e : entries_) if (e.first == wanted) return e.second;
  for (const auto& e : entries_) if (e.first == logos::eligibility::kArmAll) return e.second;
  return entries_.front().second;
}

nlohmann::json HookRegistry::toJson() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& e : entries_) out[e.first] = e.second;
  return out;
}

std::string_view proofArm(std::span<const std::uint8_t> proof) {
  auto tag = lezpay::proto::decodeVarint(proof);
  if (!tag.ok()) return {};
  // Every arm is a length-delimited field (wire type 2).
  if ((tag->value & 7u) != 2u) return {};
  return logos::eligibility::armForFieldNumber(tag->value >> 3);
}

std::string truncateUtf8(std::string_view text, std::size_t maxBytes) {
  if (text.size() <= maxBytes) return std::string(text);
  std::size_t n = maxBytes;
  // Step back over continuation bytes so the cut never splits a character.
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n));
}

Verdict verdictFromAnswer(const nlohmann::json& answerIn) {
  using logos::eligibility::Verdict;
  const nlohmann::json* answer = &answerIn;
  // A client-style wrapper {"status":"ok","result":{...}} carries the module's envelope inside.
  if (answer->is_object() && answer->contains("result") && (*answer)["result"].is_object() &&
      (*answer)["result"].contains("status")) {
    answer = &(*answer)["result"];
  }
  auto text = [&](std::string fallback) {
    if (answer->is_object() && answer->contains("message") && (*answer)["message"].is_string() &&
        !(*answer)["message"].get<std::string>().empty()) {
      return (*answer)["message"].get<std::string>();
    }
    return fallback;
  };
  Verdict v = Verdict::ProofInvalid;
  std::string desc;
  if (!answer->is_object() || !answer->contains("status") || !(*answer)["status"].is_string()) {
    desc = "the eligibility verifier answered something that is not an envelope";
  } else {
    const std::string status = (*answer)["status"].get<std::string>();
    // Verdict name, or -1 when absent or unknown.
    int named = -1;
    if (answer->contains("eligibility") && (*answer)["eligibility"].is_string()) {
      if (auto parsed = logos::eligibility::verdictFromString((*answer)["eligibility"].get<std::string>())) named = static_cast<int>(*parsed);
    }
    if (status == "ok" && named == static_cast<int>(Verdict::Ok)) {
      v = Verdict::Ok;
    } else if (status == "error" && named > static_cast<int>(Verdict::Ok)) {
      v = logos::eligibility::verdictFromCode(named);
      desc = text("");
    } else if (status == "ok") {
      desc = "the eligibility verifier answered ok without an OK verdict";
    } else {
      const bool codeText = answer->contains("code") && (*answer)["code"].is_string();
      desc = "eligibility verifier failed: " + text(codeText ? (*answer)["code"].get<std::string>() : std::string("no reason given"));
    }
  }
  delivery::Verdict out;
  out.code = static_cast<waku::EligibilityCode>(static_cast<std::uint32_t>(v));
  out.desc = truncateUtf8(desc.empty() ? std::string(logos::eligibility::defaultDescription(v)) : desc, waku::kMaxEligibilityDescBytes);
  return out;
}

}  // namespace delivery
