#pragma once
// Parameter conversions shared by the module's operations: account ids (base58 or 64 hex),
// u128 amounts given either as a decimal string or as u64 `_lo`/`_hi` halves (payment-streams.md
// §8), u64 values as JSON integers or decimal strings. Errors are envelopes-to-be: code + message.

#include <cstdint>
#include <optional>
#include <string>

#include "lez/core/account_id.h"
#include "lez/core/u128.h"
#include "error_codes.h"
#include "lezpay/util/result.h"
#include "logos/json.h"

namespace payment_streams {

using logos::Json;
using lez::core::AccountId;
using lez::core::U128;
using lezpay::util::Error;
using lezpay::util::Result;

// Base58 or 64 hex (optional 0x); surrounding whitespace tolerated. `what` names the parameter.
Result<AccountId> parseAccount(const std::string& text, const std::string& what);
Result<AccountId> accountParam(const Json& params, const std::string& key);

// A u64 from a JSON integer or a decimal string.
Result<std::uint64_t> u64Value(const Json& v, const std::string& what);
Result<std::uint64_t> u64Param(const Json& params, const std::string& key);
std::optional<std::uint64_t> optionalU64(const Json& params, const std::string& key);
// A u64 parameter the argument checker already accepted (JSON integer or decimal string).
std::uint64_t u64Of(const Json& params, const std::string& key);

// The u128 named `key`: `key` as a decimal string (or non-negative JSON integer), or
// `key_lo` + `key_hi` (u64 each, `_hi` defaulting to 0). When both forms are present they must
// be equal (args_mismatch); when neither is, INVALID_ARGS.
Result<U128> amountParam(const Json& params, const std::string& key);

// {"status":"error","code":..,"message":..}
Json errorJson(const std::string& code, const std::string& message);
inline Json errorJson(const Error& e) { return errorJson(e.code, e.message); }

}  // namespace payment_streams
