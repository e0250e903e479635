#pragma once
// The one entry point for turning JSON text into a nlohmann::json value in lez-pay. Every parse of
// outside text (daemon request lines, CLI arguments, module parameters, HTTP and JSON-RPC bodies,
// files) goes through parseJson so that hostile text gets a returned error, never an exception,
// an abort or a stack overflow. A ctest (json_parse_single_entry) fails when a raw
// `json::parse(` appears elsewhere in the product sources.
//
// Contract:
// - Never throws (beyond std::bad_alloc), never recurses on the input's nesting.
// - Nesting deeper than `limits.maxDepth` arrays/objects is refused by a linear pre-scan before
//   any value is built, so the returned tree is at most maxDepth deep and copying, dumping or
//   destroying it cannot exhaust the stack.
// - Text longer than `limits.maxBytes` is refused before parsing.
// - A number outside the range of a double (`1e400`, `-1e400`, a 400-digit integer) is an error.
//   Integers that fit int64/uint64 stay exact; a bigger integer literal becomes a double unless
//   `limits.bigIntegersAsText`, which keeps its exact decimal text as a JSON string (LEZ JSON-RPC
//   u128 values).
// - Exactly one JSON value, optional surrounding whitespace; trailing bytes, NUL bytes and invalid
//   UTF-8 inside strings are malformed (a NUL byte anywhere, which nlohmann alone would take for
//   the end of the input). Duplicate object keys: the last one wins.
// - Failure: Error{code, message}; code is one of the JsonError strings below, message a sentence
//   starting "not valid JSON: " that names the byte offset (counted from 1) and holds no raw
//   input byte outside printable ASCII.

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lezpay/util/result.h"

namespace lezpay::util {

enum class JsonError {
  Malformed,         // JSON_MALFORMED: syntax error, trailing bytes, empty text, bad UTF-8
  TooDeep,           // JSON_TOO_DEEP: arrays/objects nested deeper than maxDepth
  TooLarge,          // JSON_TOO_LARGE: more than maxBytes of text
  NumberOutOfRange,  // JSON_NUMBER_OUT_OF_RANGE: a number beyond the range of a double
};

std::string_view toString(JsonError code);

// Deep enough for every message lez-pay exchanges (the deepest, a daemon answer wrapping a
// module's result, stays under 16 levels); shallow enough that recursion over it is harmless.
inline constexpr std::size_t kJsonDefaultMaxDepth = 64;
// Bigger than any file or message lez-pay writes; bounds the memory one parse can take.
inline constexpr std::size_t kJsonDefaultMaxBytes = 64u * 1024u * 1024u;

struct JsonLimits {
  std::size_t maxDepth = kJsonDefaultMaxDepth;
  std::size_t maxBytes = kJsonDefaultMaxBytes;
  bool bigIntegersAsText = false;
};

Result<nlohmann::json> parseJson(std::string_view text, JsonLimits limits = {});

}  // namespace lezpay::util
