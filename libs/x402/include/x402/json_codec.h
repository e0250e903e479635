#pragma once
// JSON codecs of the x402 v2 objects (x402.md §2, §3) with schema validation.
//
// Contract of every decoder (`parse*`):
// - Input is a parsed JSON value; a value of the wrong JSON type, a missing required field, a
//   field of the wrong type, an empty `url`, a non-canonical `amount`, a `maxTimeoutSeconds`
//   that is not a positive integer, or `accepts` empty fails with a stable Reason code and a
//   message naming the field ("accepted.maxTimeoutSeconds: must be a positive integer").
// - x402Version must be the integer 2: another integer is invalid_x402_version, a missing or
//   non-integer one is the object's malformed code.
// - Unknown fields are ignored (forward compatibility, as the reference tolerates
//   invalidMessage/errorMessage); `extra`, `payload` and `extensions` must be objects.
// - The codes: PaymentPayload and FacilitatorRequest failures are invalid_payload, except that
//   a malformed `paymentRequirements` (facilitator body) is invalid_payment_requirements;
//   PaymentRequired / SettlementResponse / VerifyResponse / Supported failures are
//   invalid_payload too (a client reading a bad server answer).
// Encoders (`toJson`) write x402Version 2, omit absent optionals, and always write `extra`.
// parseJsonText() parses UTF-8 JSON text without exceptions (invalid_payload on bad text).

#include <string_view>

#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402 {

using lezpay::util::Result;

// Strict JSON text -> value (no exceptions; rejects invalid UTF-8, trailing garbage, and
// nesting deeper than kMaxJsonDepth). Error code invalid_payload.
inline constexpr std::size_t kMaxJsonDepth = 32;
Result<Json> parseJsonText(std::string_view text);

Json toJson(const ResourceInfo& v);
Json toJson(const PaymentRequirements& v);
Json toJson(const PaymentRequired& v);
Json toJson(const PaymentPayload& v);
Json toJson(const SettlementResponse& v);
Json toJson(const VerifyResponse& v);
Json toJson(const FacilitatorRequest& v);
Json toJson(const SupportedResponse& v);

Result<ResourceInfo> parseResourceInfo(const Json& j);
Result<PaymentRequirements> parsePaymentRequirements(const Json& j);
Result<PaymentRequired> parsePaymentRequired(const Json& j);
Result<PaymentPayload> parsePaymentPayload(const Json& j);
Result<SettlementResponse> parseSettlementResponse(const Json& j);
Result<VerifyResponse> parseVerifyResponse(const Json& j);
// 400-worthy problems (missing paymentPayload/paymentRequirements) and malformed members.
Result<FacilitatorRequest> parseFacilitatorRequest(const Json& j);
Result<SupportedResponse> parseSupportedResponse(const Json& j);

// Compact JSON text (the header and HTTP body form).
std::string dumpJson(const Json& j);

}  // namespace x402
