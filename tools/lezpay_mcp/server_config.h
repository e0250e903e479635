#pragma once
// lezpay-mcp's configuration: command-line flags, an optional JSON config file (--config), and the
// agent token, which never comes from argv (docs/protocol.md "lezpay-mcp"). Parsing is pure; only
// loadToken reads a file or the environment.
//
// Config file (all keys optional; unknown keys refused, each error names the key):
//   {"config_dir": "<logoscore config dir>", "token_file": "<file, mode 0600>", "token_env": "<NAME>",
//    "console_url": "http://127.0.0.1:8090/", "stdio": true,
//    "http": {"port": 0, "allowed_origins": ["http://localhost:3000"], "port_file": "<path>"},
//    "approval_poll_ms": 500, "max_wait_seconds": 600, "call_timeout_ms": 90000,
//    "store": {"peer_addr": "<multiaddr>", "payment_requirements": {…}},
//    "streams": {"vault_id": 0, "owner": "<account>"}}
// Flags win over the file: --config FILE, --config-dir DIR, --token-file FILE, --token-env NAME,
// --console-url URL, --http-port N (serves Streamable HTTP on 127.0.0.1), --http-port-file FILE,
// --allow-origin ORIGIN (repeatable), --no-stdio. A flag carrying a token (--token) is refused.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lezpay/util/result.h"

namespace lezpay::mcpserver {

using Json = nlohmann::json;

struct ServerConfig {
  std::string configDir;   // logoscore's config dir: flag, file, LOGOSCORE_CONFIG_DIR, ~/.logoscore
  std::string tokenFile;   // a file holding the agent token (raw text, or issue-token's JSON with "token")
  std::string tokenEnv;    // or the name of an environment variable holding it
  std::string consoleUrl;  // where the owner approves; shown with pending requests
  bool stdio = true;
  std::optional<int> httpPort;  // Streamable HTTP on 127.0.0.1 when set (0 = any free port)
  std::string httpPortFile;     // the bound port written here (tests, supervisors)
  std::vector<std::string> allowedOrigins;
  int approvalPollMs = 500;
  int maxWaitSeconds = 600;
  int callTimeoutMs = 90000;
  std::string storePeerAddr;
  Json storePaymentRequirements;  // null = the tool's argument must give them
  std::optional<std::string> streamsVaultId;
  std::string streamsOwner;

  std::string socketPath() const { return configDir + "/daemon/logoscore.sock"; }
};

// Parses argv (without argv[0]) and, when --config names one, the file's text (read by the
// caller through readConfigFile). Error code INVALID_CONFIG or INVALID_ARGS with a sentence.
util::Result<ServerConfig> parseArguments(const std::vector<std::string>& args);
util::Status applyConfigFile(ServerConfig& config, const std::string& text, const std::string& path);
// Fills configDir from LOGOSCORE_CONFIG_DIR or ~/.logoscore when still empty.
void applyEnvironmentDefaults(ServerConfig& config);

// Reads the agent token: from tokenFile (refused when group or others may read it: TOKEN_FILE_MODE)
// or from the variable tokenEnv. Error NO_TOKEN when neither is configured or both are empty.
util::Result<std::string> loadToken(const ServerConfig& config);

std::string usage();

}  // namespace lezpay::mcpserver
