#pragma once
// Model Context Protocol vocabulary shared by lez-pay's MCP servers and clients (mcp.md): the
// protocol versions we speak, the JSON-RPC error numbers MCP uses, our stable error codes for
// hostile or malformed input, the message limits, and the `_meta` keys of the x402 MCP transport
// (mcp.md §9). Pure: no I/O.
//
// On the wire a protocol error is {"code": <JSON-RPC number>, "message": <sentence>,
// "data": {"code": <stable string>}}; a tool's own failure is a tool result with isError (tool.h).

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace lezpay::mcp {

// Protocol versions (mcp.md §1). kPreferredVersion answers a request for a version we do not speak.
inline constexpr std::string_view kPreferredVersion = "2025-06-18";
inline constexpr std::array<std::string_view, 2> kSupportedVersions{"2025-06-18", "2025-03-26"};
// The version assumed over Streamable HTTP when a request carries no MCP-Protocol-Version (mcp.md §5).
inline constexpr std::string_view kHttpDefaultVersion = "2025-03-26";
// Batches (JSON arrays of messages) are part of this version only (mcp.md §2).
inline constexpr std::string_view kBatchVersion = "2025-03-26";

bool isSupportedVersion(std::string_view version);

// JSON-RPC error numbers (mcp.md §2).
enum class RpcCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
};

// Stable codes carried in error.data.code (protocol errors) or in a tool error's
// structuredContent.code. Never renamed once released.
enum class McpError {
  ParseError,        // MCP_PARSE_ERROR: the text is not JSON (-32700)
  MessageTooLarge,   // MCP_MESSAGE_TOO_LARGE: above kMaxMessageBytes (-32600)
  MessageTooDeep,    // MCP_MESSAGE_TOO_DEEP: nested deeper than kMaxMessageDepth (-32600)
  InvalidRequest,    // MCP_INVALID_REQUEST: JSON, but not a JSON-RPC 2.0 message (-32600)
  BatchRefused,      // MCP_BATCH_REFUSED: a batch under a version without batches (-32600)
  NotInitialized,    // MCP_NOT_INITIALIZED: a request other than initialize/ping first (-32600)
  AlreadyInitialized,// MCP_ALREADY_INITIALIZED: a second initialize in one session (-32600)
  DuplicateId,       // MCP_DUPLICATE_ID: a request id still in flight (-32600)
  TooManyCalls,      // MCP_TOO_MANY_CALLS: more than kMaxOpenCalls tool calls in flight (-32600)
  MethodNotFound,    // MCP_METHOD_NOT_FOUND (-32601)
  InvalidParams,     // MCP_INVALID_PARAMS: params of a known method malformed (-32602)
  UnknownTool,       // MCP_UNKNOWN_TOOL: tools/call of a tool not listed (-32602)
  InvalidCursor,     // MCP_INVALID_CURSOR: a pagination cursor we never gave (-32602)
  InvalidArguments,  // INVALID_ARGUMENTS: tool arguments outside the tool's inputSchema (tool result)
  Internal,          // MCP_INTERNAL (-32603)
  // Streamable HTTP refusals (mcp.md §5); the HTTP status says which (streamable_http.h).
  OriginRefused,          // MCP_ORIGIN_REFUSED: 403, an Origin header not allow-listed
  SessionRequired,        // MCP_SESSION_REQUIRED: 400, no Mcp-Session-Id after initialize
  UnknownSession,         // MCP_UNKNOWN_SESSION: 404, a session id we do not hold (ended or never made)
  UnsupportedVersion,     // MCP_UNSUPPORTED_VERSION: 400, an MCP-Protocol-Version we do not speak
  NotAcceptable,          // MCP_NOT_ACCEPTABLE: 406, Accept lacks application/json or text/event-stream
  UnsupportedMediaType,   // MCP_UNSUPPORTED_MEDIA_TYPE: 415, a body that is not application/json
  MethodNotAllowed,       // MCP_METHOD_NOT_ALLOWED: 405, GET (no server stream offered) or another method
  NotFound,               // MCP_NOT_FOUND: 404, a path other than the MCP endpoint
};

std::string_view toString(McpError code);
RpcCode rpcCodeOf(McpError code);

// Limits on one inbound message (stdio line or HTTP body). Tool arguments are small; 1 MiB leaves
// room for a PaymentPayload in _meta many times over while bounding what one line can cost.
inline constexpr std::size_t kMaxMessageBytes = 1024u * 1024u;
inline constexpr std::size_t kMaxMessageDepth = 32;
// Elements of one batch (2025-03-26 only).
inline constexpr std::size_t kMaxBatchSize = 64;
// Tool calls one session may have in flight at once.
inline constexpr std::size_t kMaxOpenCalls = 32;
// Tool names: 1..128 of [A-Za-z0-9_.-] (mcp.md §7).
inline constexpr std::size_t kMaxToolNameChars = 128;

// x402 MCP transport `_meta` keys (mcp.md §9.1).
inline constexpr std::string_view kMetaX402Payment = "x402/payment";                  // params._meta: PaymentPayload object
inline constexpr std::string_view kMetaX402PaymentResponse = "x402/payment-response"; // result._meta: SettlementResponse
// Resource URL of a paid tool: kPaidToolUrlPrefix + tool name (mcp.md §9.1).
inline constexpr std::string_view kPaidToolUrlPrefix = "mcp://tool/";
// The challenge's `error` when no payment came (mcp.md §9.2 step 1).
inline constexpr std::string_view kPaymentRequiredError = "Payment required to access this tool";

// Method names.
inline constexpr std::string_view kMethodInitialize = "initialize";
inline constexpr std::string_view kMethodInitialized = "notifications/initialized";
inline constexpr std::string_view kMethodPing = "ping";
inline constexpr std::string_view kMethodToolsList = "tools/list";
inline constexpr std::string_view kMethodToolsCall = "tools/call";
inline constexpr std::string_view kMethodCancelled = "notifications/cancelled";
inline constexpr std::string_view kMethodProgress = "notifications/progress";

}  // namespace lezpay::mcp
