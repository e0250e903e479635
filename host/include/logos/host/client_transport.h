#pragma once
// Which daemon endpoint a client dials (logos-core.md §15 "Client"). Pure: the caller reads the
// environment and client/config.json and hands their text in, so unit tests and the fuzz target
// fuzz/client_transport_config.cpp drive the same code as the CLI.
//
// client/config.json v2:
//   {"version":2,"token_file":F,"instance_id"?,"daemon":{"core_service":E,"capability_module"?:E}}
//   E = {"transport":"local"|"tcp"|"tcp_ssl","host"?,"port"?,"codec"?="json","ca"?,"verify_peer"?=true}
// A file without "version" and without "daemon" is the older form {"token_file"?}: local socket.
// Anything else that is not a valid v2 file (other version, unknown transport, a key of the wrong
// type, no daemon.core_service, a token_file that is not a bare file name) is an error with code
// INVALID_CONFIG naming the file and the key: never a silent local default. Unknown keys are
// ignored. An absent file means the local socket.
//
// Overrides, flag > LOGOSCORE_CLIENT_* variable > file, apply to both entries; a bad override
// value (transport not local/tcp/tcp_ssl, port not 0..65535, codec not json/cbor) is
// INVALID_CONFIG naming the flag or variable. Missing host or port for tcp/tcp_ssl is not a
// resolution error: the dial answers it as unreachable (NO_DAEMON), like a refused connection.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace logos::host {

// Code of every resolution error (CLI exit 1).
inline constexpr std::string_view kInvalidConfigCode = "INVALID_CONFIG";

struct ClientEndpoint {
  std::string transport = "local";  // local | tcp | tcp_ssl
  std::string host;                  // empty = not given
  int port = -1;                     // -1 = not given
  std::string codec = "json";
  std::string ca;                    // empty = the system store
  bool verifyPeer = true;

  bool operator==(const ClientEndpoint&) const = default;
};

struct ClientConfig {
  std::string tokenFile = "auto.json";  // bare file name under client/
  std::string instanceId;               // empty = none
  ClientEndpoint coreService;
  std::optional<ClientEndpoint> capabilityModule;

  bool operator==(const ClientConfig&) const = default;
};

// One source of overrides: the flags or the LOGOSCORE_CLIENT_* variables, raw text as given.
struct ClientOverrides {
  std::optional<std::string> transport, host, port, codec, ca, tokenFile, noVerifyPeer;
  bool persist = false;  // --persist-config (flags only)
};

// Reads client/config.json's text; `path` names the file in errors.
lezpay::util::Result<ClientConfig> parseClientConfig(const std::string& path, std::string_view text);

// The v2 document of `config` (what --persist-config and the daemon write).
Json clientConfigJson(const ClientConfig& config);

// The file the daemon writes at boot: v2, token_file auto.json, this instance's id, both names on
// the local socket.
ClientConfig localClientConfig(const std::string& instanceId);

// True when the daemon of `instanceId` should (re)write client/config.json whose current text is
// `text` (nullopt = absent): absent, or a v2 file carrying another instance_id (a previous boot's
// own file). A file without instance_id is the operator's and stays.
bool clientConfigIsStale(const std::optional<std::string>& text, const std::string& instanceId);

// If args[i] is one of --client-transport --client-tcp-host --client-tcp-port --client-codec
// --ssl-ca --token-file (each takes the next argument), --no-verify-peer or --persist-config,
// records it in `flags`, advances i past its value and answers true; false for any other
// argument. A flag without its value is INVALID_CONFIG.
lezpay::util::Result<bool> takeClientTransportFlag(const std::vector<std::string>& args, std::size_t& i, ClientOverrides& flags);

// The LOGOSCORE_CLIENT_* variables through `getenv` (nullptr or "" = unset).
ClientOverrides clientOverridesFromEnv(const std::function<const char*(const char*)>& getenv);

struct ResolvedClientTransport {
  ClientConfig config;     // the file (or the local default) with the overrides applied
  std::string source;      // "default", "client/config.json", "LOGOSCORE_CLIENT_*" or "flags": the strongest source used
  bool tokenFileOverridden = false;  // --token-file / LOGOSCORE_CLIENT_TOKEN_FILE was given
};

// flags > env > file (`configText` nullopt = absent file at `configPath`).
lezpay::util::Result<ResolvedClientTransport> resolveClientTransport(const ClientOverrides& flags, const ClientOverrides& env,
                                                                     const std::string& configPath,
                                                                     const std::optional<std::string>& configText);

// "tcp 127.0.0.1:4000" / "tcp_ssl ..." / "the local socket": for messages.
std::string describeEndpoint(const ClientEndpoint& endpoint);

}  // namespace logos::host
