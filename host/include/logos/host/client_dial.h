#pragma once
// The client's way to its daemon (logos-core.md §15 "Client"): resolve the endpoint from the
// flags, the LOGOSCORE_CLIENT_* variables and client/config.json (client_transport.h), save the
// flags into client/config.json when --persist-config asks, and dial daemon.core_service. A
// chosen endpoint that cannot be reached is an error: the client never falls back to the local
// socket.

#include <string>

#include "lezpay/util/result.h"
#include "logos/host/client_transport.h"
#include "logos/host/daemon_files.h"
#include "logos/host/rpc_client.h"

namespace logos::host {

// Errors: INVALID_CONFIG (a bad flag, variable or client/config.json; exit 1), NO_DAEMON (nothing
// reachable on the resolved endpoint; exit 2), or the file error of --persist-config.
lezpay::util::Result<ResolvedClientTransport> dialDaemon(RpcClient& client, const DaemonPaths& paths, const ClientOverrides& flags);

// The token to send: $LOGOSCORE_TOKEN, else the token file named by --token-file /
// LOGOSCORE_CLIENT_TOKEN_FILE under client/, else clientToken(paths) (config.json's token_file).
lezpay::util::Result<std::string> clientTokenFor(const DaemonPaths& paths, const ResolvedClientTransport& transport);

}  // namespace logos::host
