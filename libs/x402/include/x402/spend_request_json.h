#pragma once
// JSON form of spend requests, direct spends and the spend policy (snake_case, amounts as decimal
// strings, times as Unix seconds). Used for persistence and, through publicView, for answers.
// Decoders are strict: a missing or mistyped field is INVALID_REQUEST naming the field.

#include <nlohmann/json.hpp>

#include "lezpay/util/result.h"
#include "x402/spend_policy.h"
#include "x402/spend_request.h"

namespace x402 {

// Full stored form (includes the credential payload).
nlohmann::json toJson(const SpendRequest& request);
lezpay::util::Result<SpendRequest> spendRequestFromJson(const nlohmann::json& j);

// What operations answer: everything but the credential payload, which is shown as its
// transaction hash, payer, nonce and validity only (never more than needed).
nlohmann::json publicView(const SpendRequest& request);

nlohmann::json toJson(const DirectSpend& spend);
lezpay::util::Result<DirectSpend> directSpendFromJson(const nlohmann::json& j);

nlohmann::json toJson(const SpendPolicy& policy);
// Overlays the keys present in `j` on `base` (partial updates), then validatePolicy.
lezpay::util::Result<SpendPolicy> policyFromJson(const nlohmann::json& j, const SpendPolicy& base);

}  // namespace x402
