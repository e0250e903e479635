#pragma once
// Decoding of one client RPC request line (docs/protocol.md §1), free of sockets and Qt so that a
// fuzz target (fuzz/daemon_line_protocol.cpp) and unit tests drive it directly.
//
// A line goes through two stages, with the token check of the server between them:
//   decodeRequestLine: the text must be one JSON object within kMaxRequestJsonDepth levels and
//     the line length limit, with no number beyond a double. Failure: an Error whose code is the
//     JsonError string (JSON_MALFORMED, JSON_TOO_DEEP, JSON_TOO_LARGE, JSON_NUMBER_OUT_OF_RANGE)
//     when the text is not acceptable JSON, else RPC_FAILED ("must be a JSON object").
//   checkRequest: "method" must be a string and "params" (default {}) an object. RPC_FAILED.
// The typed readers below read client-supplied parameters without any conversion that could
// throw or overflow; a wrong type is RPC_FAILED naming the key.
// requestErrorEnvelope turns any of these errors into the answer: code RPC_FAILED, the sentence,
// and "json_error" holding the JSON code when there is one.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace logos::host {

// Longest request line accepted; a longer one is answered RPC_FAILED and the connection closed.
inline constexpr std::size_t kMaxRequestLineBytes = 16 * 1024 * 1024;
// Deepest nesting of arrays/objects in a request line, the envelope object included.
inline constexpr std::size_t kMaxRequestJsonDepth = 64;
// Longest call timeout a client may ask for (one day).
inline constexpr std::int64_t kMaxCallTimeoutMs = 24LL * 60 * 60 * 1000;

struct RequestLine {
  Json id;      // any JSON value, echoed in the answer; null when absent
  Json token;   // as sent; the server compares it
  Json method;  // as sent; checkRequest requires a string
  Json params;  // as sent; checkRequest requires an object
};

struct RpcCall {
  std::string method;
  Json params;  // an object
};

lezpay::util::Result<RequestLine> decodeRequestLine(std::string_view line);
lezpay::util::Result<RpcCall> checkRequest(const RequestLine& request);

// The string at `key`, or "" when absent or not a string.
std::string stringParam(const Json& params, const char* key);
// The boolean at `key`, `fallback` when absent; RPC_FAILED when present and not a boolean.
lezpay::util::Result<bool> boolParam(const Json& params, const char* key, bool fallback);
// "timeout_ms": 0 (the host default) when absent; else an integer 0..kMaxCallTimeoutMs.
lezpay::util::Result<int> callTimeoutParam(const Json& params);

// The error answer (without "id") for an Error of the functions above.
Json requestErrorEnvelope(const lezpay::util::Error& error);

}  // namespace logos::host
