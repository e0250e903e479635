#pragma once
// The request rules of MCP's Streamable HTTP transport (mcp.md §5) as pure checks over header
// values, shared by every MCP endpoint lez-pay serves (the agent's lezpay-mcp, the provider's paid
// tools). The HTTP server calls them in the order below and answers a refusal with its status and
// refusalBody; the server keeps serving.
//
//   1. path: only kEndpointPath (404).
//   2. checkOrigin: an Origin header that is present and not allow-listed → 403. No Origin (Node,
//      curl, the SDK) is allowed.
//   3. method: POST serves messages; GET → 405 (we offer no server-initiated stream); DELETE ends
//      the session (200); others → 405.
//   4. POST: checkPostHeaders (Accept must list application/json and text/event-stream → 406;
//      Content-Type application/json → 415).
//   5. session: an initialize request needs none and gets a new id (newSessionId) on its answer;
//      any other message without Mcp-Session-Id → 400, with an unknown id → 404.
//   6. checkProtocolVersionHeader: MCP-Protocol-Version, when present, must be a version we speak
//      (400); absent means kHttpDefaultVersion. (Not applied to initialize itself.)
// A message body answers 202 (notification or response in, empty body) or 200 with either one
// application/json message or an SSE stream (sseEvent per message, the response last).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/mcp/mcp_common.h"

namespace lezpay::mcp {

inline constexpr std::string_view kEndpointPath = "/mcp";
inline constexpr std::string_view kHeaderSessionId = "Mcp-Session-Id";
inline constexpr std::string_view kHeaderProtocolVersion = "MCP-Protocol-Version";
// Random bytes in a session id (hex-encoded: 64 characters of 0x21..0x7E).
inline constexpr std::size_t kSessionIdBytes = 32;

struct HttpRefusal {
  int status = 400;
  McpError code = McpError::InvalidRequest;
  std::string message;
};

std::optional<HttpRefusal> checkOrigin(const std::optional<std::string>& origin, const std::vector<std::string>& allowed);
std::optional<HttpRefusal> checkPostHeaders(const std::optional<std::string>& accept,
                                            const std::optional<std::string>& contentType);
std::optional<HttpRefusal> checkProtocolVersionHeader(const std::optional<std::string>& version);
// Session presence and lookup for a non-initialize message; `known` says whether the server holds it.
std::optional<HttpRefusal> checkSessionHeader(const std::optional<std::string>& sessionId, bool known);

// An id-less JSON-RPC error body for a refusal: {"jsonrpc":"2.0","error":{code,message,data:{code}}}.
std::string refusalBody(const HttpRefusal& refusal);
// A session id from random bytes (the caller draws them): lowercase hex.
std::string newSessionId(std::span<const std::uint8_t> randomBytes);
// Whether text is a syntactically valid session id (1..256 visible ASCII characters).
bool isValidSessionId(std::string_view id);
// One SSE event carrying one JSON-RPC message: "event: message\ndata: <message>\n\n".
std::string sseEvent(std::string_view message);

}  // namespace lezpay::mcp
