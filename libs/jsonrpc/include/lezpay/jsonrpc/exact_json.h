#pragma once
// JSON with exact big integers. LEZ JSON-RPC carries u128 balances and nonces as JSON numbers
// that may exceed 2^64 (lez.md §1, §11); nlohmann::json would turn those into doubles. Here:
//  - parseExact: integers that do not fit int64/uint64 become strings of their decimal text
//    (never a double); everything else parses as lezpay::util::parseJson does, with its limits
//    and error codes (JSON_MALFORMED, JSON_TOO_DEEP, JSON_TOO_LARGE, JSON_NUMBER_OUT_OF_RANGE).
//  - rawNumber + dumpExact: a value made with rawNumber("340282366920938463463374607431768211455")
//    is written by dumpExact as a bare JSON number.

#include <string>
#include <string_view>

#include "lezpay/util/result.h"
#include "nlohmann/json.hpp"

namespace lezpay::jsonrpc {

using Json = nlohmann::json;

util::Result<Json> parseExact(std::string_view text);

// A placeholder that dumpExact writes as the bare integer `digits` (must be decimal digits).
Json rawNumber(const std::string& digits);

// Compact JSON text; rawNumber placeholders become bare numbers.
std::string dumpExact(const Json& value);

// Reads an unsigned 128-bit decimal from a JSON number or a decimal string (as produced by
// parseExact for big values). Error code BAD_NUMBER.
util::Result<std::string> u128Text(const Json& value);

}  // namespace lezpay::jsonrpc
