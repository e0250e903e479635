#pragma once
// JSON-RPC 2.0 messages as MCP uses them (mcp.md §2): decode one inbound text into a request, a
// notification or a response, and encode our answers as compact one-line JSON (mcp.md §4: no
// embedded newline). Pure: text in, values out; JSON through lezpay::util::parseJson.
//
// Contract of decode:
// - Text above kMaxMessageBytes, nested deeper than kMaxMessageDepth, or not JSON is refused
//   before any message is built (MCP_MESSAGE_TOO_LARGE, MCP_MESSAGE_TOO_DEEP, MCP_PARSE_ERROR).
// - A message is an object with "jsonrpc":"2.0". A request has an `id` that is a string or an
//   integer (never null, a fraction or a boolean) and a string `method`; a notification has a
//   `method` and no `id`; `params`, when present, is an object. A response has an `id` and exactly
//   one of `result` (object) or `error` ({code: integer, message: string, data?}). Anything else is
//   MCP_INVALID_REQUEST with a sentence naming the member. A trailing "\r" is ignored (stdio).
// - A failure carries the JSON-RPC number to answer with and, when it could be read, the id; a
//   failed notification is never answered (the caller checks `answerable`).
// - decodeEnvelope also accepts a JSON array (a batch, 2025-03-26 only): 1..kMaxBatchSize
//   elements, each decoded as above. Whether batches are allowed is the session's decision.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "lezpay/mcp/mcp_common.h"
#include "lezpay/util/result.h"

namespace lezpay::mcp {

using Json = nlohmann::json;

enum class MessageKind { Request, Notification, Result, Error };

struct RpcError {
  int code = static_cast<int>(RpcCode::InternalError);
  std::string message;
  Json data;  // null = absent
};

struct Message {
  MessageKind kind = MessageKind::Request;
  Json id;             // string or integer; null for a notification
  std::string method;  // requests and notifications
  Json params;         // object, or null when absent
  Json result;         // MessageKind::Result: an object
  RpcError error;      // MessageKind::Error
};

struct DecodeFailure {
  McpError code = McpError::InvalidRequest;
  std::string message;     // a sentence, no raw input outside printable ASCII
  Json id;                 // the request's id when it could be read, else null
  bool answerable = true;  // false for a message that was readably a notification or a response

  RpcError toRpcError() const;
};

using Decoded = std::variant<Message, DecodeFailure>;
using Batch = std::vector<Decoded>;

struct DecodeLimits {
  std::size_t maxBytes = kMaxMessageBytes;
  std::size_t maxDepth = kMaxMessageDepth;
};

Decoded decode(std::string_view text, DecodeLimits limits = {});
// One message, or a batch of them when the text is a JSON array.
std::variant<Message, Batch, DecodeFailure> decodeEnvelope(std::string_view text, DecodeLimits limits = {});
// Validates an already parsed value as one message (used for batch elements).
Decoded decodeValue(const Json& value);

// Compact one-line JSON; invalid UTF-8 in strings is replaced, never thrown on.
std::string dumpCompact(const Json& value);

std::string encodeRequest(const Json& id, std::string_view method, const Json& params = nullptr);
std::string encodeNotification(std::string_view method, const Json& params = nullptr);
std::string encodeResult(const Json& id, const Json& result);
// An error response; a null id is left out (the SDK refuses "id":null, mcp.md §2).
std::string encodeError(const Json& id, const RpcError& error);
// The error answer for a McpError: {code: rpcCodeOf(code), message, data: {code: toString(code)}}.
RpcError makeRpcError(McpError code, std::string message);
std::string encodeMessage(const Message& message);

}  // namespace lezpay::mcp
