#include "logos/host/client_dial.h"

#include <cstdlib>
#include <optional>

#include "lezpay/fileio/atomic_file.h"
#include "logos/host/client_token_files.h"

namespace logos::host {

lezpay::util::Result<ResolvedClientTransport> dialDaemon(RpcClient& client, const DaemonPaths& paths, const ClientOverrides& flags) {
  const std::string configPath = paths.clientDir() + "/config.json";
  auto text = lezpay::fileio::readFile(configPath);
  const std::optional<std::string> configText = text.ok() ? std::optional<std::string>(text.value()) : std::nullopt;
  const ClientOverrides env = clientOverridesFromEnv([](const char* name) { return std::getenv(name); });
  auto resolved = resolveClientTransport(flags, env, configPath, configText);
  if (!resolved.ok()) return resolved.error();
  if (flags.persist) {
    // The file becomes the operator's: without instance_id, the next daemon boot keeps it.
    ClientConfig saved = resolved.value().config;
    saved.instanceId.clear();
    auto dirs = lezpay::fileio::makePrivateDirs(paths.clientDir());
    if (!dirs.ok()) return dirs.error();
    auto written = lezpay::fileio::writeFileAtomic(configPath, clientConfigJson(saved).dump(2) + "\n", 0600);
    if (!written.ok()) return written.error();
  }
  auto dialed = client.dial(resolved.value().config.coreService, paths.socketPath());
  if (!dialed.ok()) return dialed.error();
  return resolved;
}

lezpay::util::Result<std::string> clientTokenFor(const DaemonPaths& paths, const ResolvedClientTransport& transport) {
  const char* env = std::getenv("LOGOSCORE_TOKEN");
  if ((env != nullptr && *env != '\0') || !transport.tokenFileOverridden) return clientToken(paths);
  const std::string path = paths.clientDir() + "/" + transport.config.tokenFile;
  auto text = lezpay::fileio::readFile(path);
  if (!text.ok()) return lezpay::util::Error{"UNAUTHORIZED", "no client token: " + text.error().message};
  return tokenFromTokenFile(path, text.value());
}

}  // namespace logos::host
