#pragma once
// Argument typing for `logoscore call` (logos-core.md §9). Each positional argument becomes
// one JSON value; the first matching rule wins:
//   json:@<file>  file contents parsed as JSON     json:<value>  parsed JSON (any type)
//   str:<text>    the text, no coercion            @<file>       raw file contents as a string
//   true / false  boolean                          whole number  int64 / uint64, exact
//   decimal       double (1.5, -2.0, 1e-06)        anything else the text as a string
// A whole number outside the 64-bit ranges stays a string (decimal text) instead of losing
// precision in a double; u128 parameters accept it as such. Bytes travel as
// json:{"_bytes":"<base64url, unpadded>"} and are passed through unchanged.

#include <functional>
#include <string>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace logos::host {

using FileReader = std::function<lezpay::util::Result<std::string>(const std::string& path)>;

// Error code INVALID_ARGS naming the argument's text or file.
lezpay::util::Result<Json> typeArgument(const std::string& text, const FileReader& readFile);

// True when `text` was typed by the client's own guess (true/false, a number, plain text) rather
// than by an explicit form (json:, str:, @file). The client then also sends the text itself, so
// that a parameter its module declares as text receives it as written (call "arg_texts",
// docs/protocol.md).
bool isUntypedForm(const std::string& text);

}  // namespace logos::host
