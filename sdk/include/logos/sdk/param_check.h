#pragma once
// Argument checks driven by OperationSpec (logos/operation.h). Used by the host before a call
// reaches a module and by every module's dispatcher, so a bad argument is refused with the
// parameter's name before any handler runs.

#include <array>
#include <cstdint>
#include <span>
#include <vector>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"
#include "lezpay/util/u128.h"
#include "logos/json.h"
#include "logos/operation.h"

namespace logos::sdk {

// Checks `params` (must be an object) against `op`: unknown keys, missing required
// parameters and wrong JSON types are INVALID_ARGS errors naming the parameter. An Amount
// parameter also accepts its keys `<name>_lo`/`<name>_hi` and counts as present when any form is. On success returns
// the params with defaults of absent optional parameters filled in. An explicit JSON null for
// an optional parameter counts as absent.
lezpay::util::Result<Json> checkParams(const OperationSpec& op, const Json& params);

// Codes of the faults checkValues finds. They are the modules' own codes (a module answers them
// inside METHOD_FAILED at the host), kept as they were before the checks moved into the SDK.
inline constexpr std::string_view kInvalidAccountId = "INVALID_ACCOUNT_ID";
inline constexpr std::string_view kArgsMismatch = "args_mismatch";

// The second step, run by a module's dispatcher on the output of checkParams: every Account
// parameter decodes to 32 bytes (else INVALID_ACCOUNT_ID naming the parameter), and an Amount
// given both as `<name>` and as `<name>_lo`/`<name>_hi` has one value (else args_mismatch).
// The host runs only checkParams, so these faults reach the caller as the module's answer.
lezpay::util::Status checkValues(const OperationSpec& op, const Json& checked);

// A 32-byte account id from its text: surrounding whitespace dropped, then 64 hex digits
// (optional 0x) or base58 of exactly 32 bytes. The error is INVALID_ACCOUNT_ID quoting the text
// (cut to 80 characters).
lezpay::util::Result<std::array<std::uint8_t, 32>> parseAccountText(std::string_view text);

// The u128 named `name` in checked params: `name` (decimal string or JSON integer) or the halves
// `name_lo` + `name_hi` (`_hi` defaulting to 0); both forms present must agree (args_mismatch);
// neither present is INVALID_ARGS.
lezpay::util::Result<lezpay::util::U128> readAmount(const Json& params, const std::string& name);

// Binds positional CLI arguments to the operation's parameters in declaration order.
// More arguments than parameters is INVALID_ARGS. A JSON null keeps its position and means
// "absent" (for an Any parameter it is the value null). The result still has to pass checkParams.
lezpay::util::Result<Json> bindPositional(const OperationSpec& op, const Json& args);

// The bytes convention of the CLI and the module ABI (logos-core.md §9, §18): {"_bytes":S} with S
// base64url; unpadded text is canonical, padded text ("aGk=") is tolerated, "" is zero bytes.
inline constexpr const char* kBytesKey = "_bytes";
// INVALID_ARGS when `v` is not exactly that object or S does not decode.
lezpay::util::Result<std::vector<std::uint8_t>> decodeBytesParam(const Json& v);
// {"_bytes":"<base64url, unpadded>"}.
Json bytesJson(std::span<const std::uint8_t> bytes);

// True if `s` is the decimal text of an unsigned 128-bit integer (no sign, no leading '+',
// at most 39 digits and not above 2^128-1; a lone "0" is fine, leading zeros are refused).
bool isU128Decimal(const std::string& s);

}  // namespace logos::sdk
