#pragma once
// A small MCP client over Streamable HTTP (mcp.md §3, §5) for callPaidTool: `initialize` (keeping
// the Mcp-Session-Id and the negotiated version for later requests), `notifications/initialized`,
// then requests one at a time. Answers may come as application/json or as a text/event-stream
// whose `data:` events carry the response (notifications before it are skipped).
//
// Asynchronous on the caller's thread (lezpay::net::AsyncHttpRequest); destroying the client
// aborts the exchange in flight and its callback never runs. Errors: HTTP_ERROR (unreachable,
// timeout, transport), MCP_PROTOCOL (an answer that is not the MCP response we asked for, or an
// HTTP refusal without a JSON-RPC error body).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "lezpay/http/http_message.h"
#include "lezpay/net/async_http_client.h"
#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402mod {

class McpHttpClient {
 public:
  // A response: exactly one of result (object) or error ({code, message, data?}).
  struct Response {
    std::optional<x402::Json> result;
    std::optional<x402::Json> error;
  };
  using Done = std::function<void(lezpay::util::Result<Response>)>;

  McpHttpClient(std::string url, lezpay::net::HttpClientOptions options);
  ~McpHttpClient();

  // initialize + notifications/initialized; the InitializeResult on success.
  void connect(std::function<void(lezpay::util::Result<x402::Json>)> done);
  void request(const std::string& method, const x402::Json& params, Done done);
  // Aborts the exchange in flight; its callback does not run.
  void cancel() { inflight_.reset(); }
  const std::string& protocolVersion() const { return version_; }

 private:
  void post(const std::string& body, std::function<void(lezpay::util::Result<lezpay::http::HttpResponse>)> done);
  lezpay::http::Headers headers() const;

  std::string url_;
  lezpay::net::HttpClientOptions options_;
  std::string session_;
  std::string version_;
  std::int64_t nextId_ = 0;
  std::unique_ptr<lezpay::net::AsyncHttpRequest> inflight_;
};

// The response with `id` in an HTTP answer body (JSON or SSE). Pure. MCP_PROTOCOL when absent.
lezpay::util::Result<McpHttpClient::Response> mcpResponseOf(const lezpay::http::HttpResponse& answer, std::int64_t id);

}  // namespace x402mod
