#pragma once
// The daemon's files under the config dir (logos-core.md §7, §13):
//   daemon/logoscore.sock     client RPC socket (0600)
//   daemon/state.json         written once listeners are bound, removed on clean shutdown
//   daemon/tokens.json        the named-token store (token_store.h), boot token row "auto"
//   daemon/tokens/auto.json   {"version":1,"name":"auto","token":..,"issued_at":T} (0600)
//   client/auto.json          the same document (0600), read by clients
//   client/config.json        v2 {"version":2,"token_file","instance_id","daemon":{...}} (§15), or an
//                             older {"token_file": "<name>"}; which daemon endpoint a client dials

#include <string>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace logos::host {

struct DaemonPaths {
  std::string configDir;

  std::string daemonDir() const { return configDir + "/daemon"; }
  std::string clientDir() const { return configDir + "/client"; }
  std::string socketPath() const { return daemonDir() + "/logoscore.sock"; }
  std::string statePath() const { return daemonDir() + "/state.json"; }
  std::string clientTokenPath() const { return clientDir() + "/auto.json"; }
  std::string daemonTokenPath() const { return daemonDir() + "/tokens/auto.json"; }
};

// Unix socket paths are limited to 107 bytes; a longer config dir is refused up front with
// a message saying so rather than failing obscurely at bind().
inline constexpr std::size_t kMaxSocketPath = 107;

// Default config dir: $LOGOSCORE_CONFIG_DIR, else $HOME/.logoscore.
std::string defaultConfigDir();

// A fresh token of 32 CSPRNG bytes as 43 base64url characters (logos-core.md §14).
std::string generateToken();

// Re-issues the boot token "auto" (local_only, no expiry) into tokens.json, keeping every other
// row, and writes daemon/tokens/auto.json and client/auto.json (logos-core.md §13, §14). Creates
// the directories (0700); files 0600. IO_ERROR when tokens.json is of an unsupported version (it
// is left untouched) or a file cannot be written.
lezpay::util::Status writeTokenFiles(const DaemonPaths& paths, const std::string& token);

// The token a client should send: $LOGOSCORE_TOKEN, else client/config.json "token_file"
// (default auto.json) under client/. Error NO_DAEMON-free: code UNAUTHORIZED when none found.
lezpay::util::Result<std::string> clientToken(const DaemonPaths& paths);

// Constant-time comparison of two tokens.
bool tokensEqual(const std::string& a, const std::string& b);

// This boot's instance id: 12 lowercase hex characters from the system CSPRNG (state.json, §15).
std::string generateInstanceId();

// Writes client/config.json as the local v2 file of `instanceId` (0600) when it is absent or a
// previous boot's own file (clientConfigIsStale); a file the operator wrote stays untouched.
lezpay::util::Status writeLocalClientConfig(const DaemonPaths& paths, const std::string& instanceId);

}  // namespace logos::host
