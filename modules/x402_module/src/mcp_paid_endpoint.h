#pragma once
// The provider's MCP endpoint over Streamable HTTP (mcp.md §5; docs/protocol.md "Paid MCP
// endpoint"): one URL, /mcp, on loopback by default, serving the tools of McpPaidTools.
//
// The header rules are libs/mcp's (streamable_http.h), applied in its order; each MCP session is a
// lezpay::mcp::Session (lifecycle, version negotiation, ping, tools/list, the checks of
// tools/call, batches under 2025-03-26). This shell adds:
//   POST   a body whose messages are all notifications or responses -> 202, no body; otherwise
//          200 application/json with the answer (a batch's answers as one array) once every tool
//          call it started has finished. A body that is not JSON or not JSON-RPC, or a refused
//          batch -> 400 with the JSON-RPC error. Bodies above kMaxBodyBytes -> 413.
//   Session `initialize` (no session header needed) creates one and answers its Mcp-Session-Id.
//          At most kMaxSessions live; the least recently used is dropped for a new one, and an
//          idle one expires after kSessionIdleMs (its id then answers 404).
// Every refusal has a JSON-RPC error body {code, message, data: {code: <stable string>}}.
//
// Lives on the module thread.

#include <QObject>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "lezpay/http/http_message.h"
#include "lezpay/mcp/session.h"
#include "lezpay/net/http_server.h"
#include "lezpay/util/result.h"
#include "mcp_paid_config.h"
#include "mcp_paid_tools.h"

namespace x402mod {

class McpPaidEndpoint : public QObject {
 public:
  static constexpr std::size_t kMaxSessions = 256;
  static constexpr std::int64_t kSessionIdleMs = 3600 * 1000;
  static constexpr std::size_t kMaxBodyBytes = 1024 * 1024;
  static constexpr const char* kPath = "/mcp";

  McpPaidEndpoint(McpEndpointConfig config, std::unique_ptr<McpPaidTools> tools, QObject* parent = nullptr);
  ~McpPaidEndpoint() override;

  lezpay::util::Status listen();
  std::uint16_t port() const;
  std::string url() const;
  // What startMcpEndpoint and getMcpEndpointInfo answer.
  x402::Json describe() const;

 private:
  struct HttpSession {
    std::shared_ptr<lezpay::mcp::Session> session;
    std::int64_t lastUsedMs = 0;
  };
  void handle(const lezpay::http::HttpRequest& req, lezpay::net::Responder respond);
  void post(const lezpay::http::HttpRequest& req, lezpay::net::Responder respond);
  // Runs the tool calls of `step` and answers its replies and their results together.
  void answer(const std::shared_ptr<lezpay::mcp::Session>& session, lezpay::mcp::Step step, std::optional<std::string> newSessionId,
              lezpay::net::Responder respond);
  std::string newSession(std::shared_ptr<lezpay::mcp::Session> session);
  void expireSessions(std::int64_t nowMs);

  McpEndpointConfig config_;
  std::unique_ptr<McpPaidTools> tools_;
  std::unique_ptr<lezpay::net::HttpServer> server_;
  std::map<std::string, HttpSession> sessions_;
  std::map<std::string, std::int64_t> counters_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace x402mod
