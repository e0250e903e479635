// lezpay-mcp: an MCP server for the user's lez-pay agent (docs/protocol.md "lezpay-mcp"). Reads its
// configuration and the agent token (file or environment, never argv), refuses a token that can
// approve spend requests, then serves MCP over stdio and, when asked, Streamable HTTP on 127.0.0.1.
// Exit codes: 0 after stdin closed, 1 for a refused start (the reason on stderr as "CODE: sentence").
#include <QCoreApplication>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "agent_tools.h"
#include "daemon_client.h"
#include "http_mcp_server.h"
#include "lezpay/fileio/atomic_file.h"
#include "server_config.h"
#include "stdio_server.h"
#include "tool_runner.h"

namespace {

using namespace lezpay;
using namespace lezpay::mcpserver;

int refuse(const std::string& code, const std::string& message) {
  std::cerr << code << ": " << message << std::endl;
  return 1;
}

mcp::ServerInfo serverInfo() {
  return mcp::ServerInfo{"lez-pay-mcp", LEZPAY_VERSION, "lez-pay agent",
                         "Paid tools need the owner's approval: fetch_paid and call_paid_tool open a spend request the owner "
                         "approves in the lez-pay console; nothing is paid before that. Amounts are decimal strings in the "
                         "asset's smallest unit."};
}

}  // namespace

int main(int argc, char** argv) {
  // Qt's messages go to stderr; stdout carries MCP messages only (mcp.md §4).
  QCoreApplication app(argc, argv);
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = parseArguments(args);
  if (!parsed.ok()) {
    if (parsed.error().code == "HELP") {
      std::cerr << parsed.error().message;
      return 0;
    }
    return refuse(parsed.error().code, parsed.error().message);
  }
  ServerConfig config = std::move(parsed).value();
  applyEnvironmentDefaults(config);
  if (config.configDir.empty()) return refuse("INVALID_ARGS", "no logoscore config dir: give --config-dir or set LOGOSCORE_CONFIG_DIR");
  auto token = loadToken(config);
  if (!token.ok()) return refuse(token.error().code, token.error().message);

  for (const auto& t : agentTools()) {
    if (auto st = mcp::checkDescriptor(t); !st.ok()) return refuse("INTERNAL", st.error().message);
  }

  DaemonClient daemon(config.socketPath(), *token);
  ToolRunner runner(daemon, config);
  std::unique_ptr<StdioServer> stdio;
  std::unique_ptr<HttpMcpServer> http;
  int exitCode = 0;

  // The probe: a call the agent scope never grants, with arguments the daemon refuses before any
  // module runs. A scoped agent token gets FORBIDDEN; an owner (unscoped) token gets past the
  // scope check and is refused here, before anything is served.
  Json probe{{"module", "x402_module"}, {"method", "approveSpendRequest"}, {"args", "scope probe"}};
  daemon.rpc("call", probe, 10000, [&](util::Result<Json> r) {
    const std::string code = r.ok() ? std::string("OK") : r.error().code;
    const bool transport = code == "RPC_FAILED" && r.error().message.find("closed the connection") != std::string::npos;
    if (code == "NO_DAEMON" || code == "UNAUTHORIZED" || code == "TIMEOUT" || transport) {
      exitCode = refuse(code, r.ok() ? "" : r.error().message + " (daemon socket " + config.socketPath() + ")");
      app.exit(exitCode);
      return;
    }
    if (code != "FORBIDDEN") {
      exitCode = refuse("OWNER_TOKEN_REFUSED",
                        "this token may approve spend requests (it is the owner's or unscoped): lezpay-mcp only runs with a "
                        "scoped agent token, e.g. logoscore issue-token --name mcp --scope agent");
      app.exit(exitCode);
      return;
    }
    std::cerr << "lezpay-mcp: agent token accepted (scoped), daemon " << config.socketPath() << std::endl;
    if (config.httpPort) {
      http = std::make_unique<HttpMcpServer>(runner, serverInfo(), agentTools(), config.allowedOrigins, static_cast<quint16>(*config.httpPort));
      if (auto st = http->listen(); !st.ok()) {
        exitCode = refuse(st.error().code, st.error().message);
        app.exit(exitCode);
        return;
      }
      std::cerr << "lezpay-mcp: Streamable HTTP on http://127.0.0.1:" << http->port() << "/mcp" << std::endl;
      if (!config.httpPortFile.empty()) {
        if (auto st = fileio::writeFileAtomic(config.httpPortFile, std::to_string(http->port()) + "\n"); !st.ok()) {
          exitCode = refuse("IO_ERROR", st.error().message);
          app.exit(exitCode);
          return;
        }
      }
    }
    if (config.stdio) {
      stdio = std::make_unique<StdioServer>(runner, mcp::Session(serverInfo(), agentTools()));
      QObject::connect(stdio.get(), &StdioServer::closed, &app, [&app] { app.exit(0); });
      stdio->start();
    }
  });
  const int rc = app.exec();
  stdio.reset();
  http.reset();
  return rc;
}
