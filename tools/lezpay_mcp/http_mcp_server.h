#pragma once
// MCP over Streamable HTTP on 127.0.0.1 (mcp.md §5) for lezpay-mcp, on the project's hardened HTTP
// server (libs/net/http_server.h: size and time limits, connection caps). Rules and their order:
// libs/mcp streamable_http.h. Sessions: initialize makes one (Mcp-Session-Id, 64 hex from the
// system RNG); at most kMaxSessions live, the least recently used is dropped beyond that (its
// client gets 404 and re-initializes); DELETE ends one. A POST carrying requests answers
// application/json when it produced one message and no progress; a POST whose tool call carries
// a progress token is answered with a text/event-stream (libs/net ResponseStream) on which each
// progress notification is written as it happens and the response last, then the stream ends. A
// body above 1 MiB is answered 413 by the HTTP layer.

#include <QObject>

#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lezpay/net/http_server.h"
#include "session_driver.h"

namespace lezpay::mcpserver {

class HttpMcpServer : public QObject {
  Q_OBJECT
 public:
  static constexpr std::size_t kMaxSessions = 64;

  HttpMcpServer(ToolRunner& runner, mcp::ServerInfo info, std::vector<mcp::ToolDescriptor> tools,
                std::vector<std::string> allowedOrigins, quint16 port, QObject* parent = nullptr);
  ~HttpMcpServer() override;

  util::Status listen();
  quint16 port() const;

 private:
  struct LiveSession {
    std::unique_ptr<SessionDriver> driver;
  };
  void handle(const http::HttpRequest& request, net::Responder respond, net::StreamOpener open);
  void handlePost(const http::HttpRequest& request, net::Responder respond, net::StreamOpener open);
  std::string makeSessionId();
  void touch(const std::string& id);

  ToolRunner& runner_;
  mcp::ServerInfo info_;
  std::vector<mcp::ToolDescriptor> tools_;
  std::vector<std::string> allowedOrigins_;
  std::unique_ptr<net::HttpServer> server_;
  std::map<std::string, LiveSession> sessions_;
  std::list<std::string> lru_;  // front = most recently used
};

}  // namespace lezpay::mcpserver
