#pragma once
// What the parameter checker and the result-shape checker both say about a JSON value: its kind
// in words for error sentences, and whether a text is hex digits.

#include <cstddef>
#include <string_view>

#include "logos/json.h"

namespace logos::sdk::detail {

// "null", "object", "array", "string", "boolean", "integer", "decimal number".
const char* jsonTypeName(const Json& v);

// An even number of hex digits (no 0x prefix), exactly `exactDigits` of them unless it is 0.
bool isHexDigits(std::string_view s, std::size_t exactDigits);

}  // namespace logos::sdk::detail
