#pragma once
// JSON-RPC 2.0 envelopes (https://www.jsonrpc.org/specification) as the LEZ sequencer speaks
// them (lez.md §11): positional params, or a named object whose keys may be snake_case or
// lowerCamelCase. Pure: text in, values out.

#include <optional>
#include <variant>
#include <string>
#include <vector>

#include "lezpay/jsonrpc/exact_json.h"
#include "lezpay/util/result.h"

namespace lezpay::jsonrpc {

// Standard and LEZ error codes.
enum class RpcErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  NotFound = -31999,  // LEZ: block range with a missing block
};

struct RpcRequest {
  Json id;            // null for notifications
  bool notification = false;
  std::string method;
  Json params;        // array or object (absent = empty array)
};

struct RpcError {
  int code;
  std::string message;
  Json data;  // optional
};

// Parses one request. Errors carry the code to answer with (-32700 or -32600) and, when the id
// could be read, that id.
struct ParseFailure {
  RpcError error;
  Json id;
};
std::variant<RpcRequest, ParseFailure> parseRequest(std::string_view text);

// Response texts (dumped with dumpExact so rawNumber results stay exact).
std::string resultResponse(const Json& id, const Json& result);
std::string errorResponse(const Json& id, const RpcError& error);

// The i-th parameter: params[i] for an array; for an object the first present key among
// `names` (give snake_case and lowerCamelCase spellings). nullopt when absent.
std::optional<Json> param(const Json& params, std::size_t index, std::initializer_list<const char*> names);

// Client side: builds a request text and reads a response (result, or the error object as an
// Error with code "RPC_<code>").
std::string requestText(std::int64_t id, const std::string& method, const Json& params);
util::Result<Json> readResponse(std::string_view text, std::int64_t expectedId);

}  // namespace lezpay::jsonrpc
