// Fuzz target: the agent side's decoders and normalisers in libs/x402 (spend_request_json.h,
// spend_policy.h): spendRequestFromJson, directSpendFromJson and policyFromJson over any JSON the
// input parses to, sanitizeReason and urlOrigin over the raw bytes.
// Properties: no crash; decode → encode → decode gives the same value; a sanitised reason has no
// control characters and sanitising again changes nothing; an origin is its own origin.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "x402/spend_policy.h"
#include "x402/spend_request_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto clean = x402::sanitizeReason(text); clean.ok()) {
    for (unsigned char c : clean.value()) FUZZ_CHECK(c >= 0x20 && c != 0x7f);
    auto again = x402::sanitizeReason(clean.value());
    FUZZ_CHECK(again.ok() && again.value() == clean.value());
    FUZZ_CHECK(x402::utf8Length(clean.value()) <= clean.value().size());
  }
  if (auto origin = x402::urlOrigin(text); origin.ok()) {
    auto again = x402::urlOrigin(origin.value());
    FUZZ_CHECK(again.ok() && again.value() == origin.value());
  }

  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return 0;
  if (auto r = x402::spendRequestFromJson(j); r.ok()) {
    auto back = x402::spendRequestFromJson(x402::toJson(r.value()));
    FUZZ_CHECK(back.ok());
    FUZZ_CHECK(back.value() == r.value());
    (void)x402::publicView(r.value());
  }
  if (auto d = x402::directSpendFromJson(j); d.ok()) {
    auto back = x402::directSpendFromJson(x402::toJson(d.value()));
    FUZZ_CHECK(back.ok() && back.value() == d.value());
  }
  if (auto p = x402::policyFromJson(j, x402::SpendPolicy{}); p.ok()) {
    FUZZ_CHECK(x402::validatePolicy(p.value()).ok());
    auto back = x402::policyFromJson(x402::toJson(p.value()), x402::SpendPolicy{});
    FUZZ_CHECK(back.ok() && back.value() == p.value());
  }
  return 0;
}
