#include "logos/host/daemon_files.h"

#include <QRandomGenerator>

#include <cstdlib>
#include <ctime>

#include "lezpay/fileio/atomic_file.h"
#include "logos/host/client_token_files.h"
#include "logos/host/client_transport.h"
#include "logos/host/token_files.h"
#include "logos/error_codes.h"

namespace logos::host {

std::string defaultConfigDir() {
  if (const char* env = std::getenv("LOGOSCORE_CONFIG_DIR"); env != nullptr && *env != '\0') return env;
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/.logoscore";
}

std::string generateToken() { return freshRawToken(); }

lezpay::util::Status writeTokenFiles(const DaemonPaths& paths, const std::string& token) {
  for (const auto& dir : {paths.configDir, paths.daemonDir(), rawTokenDir(paths), paths.clientDir()}) {
    auto st = lezpay::fileio::makePrivateDirs(dir);
    if (!st.ok()) return st;
  }
  auto lock = TokenStoreLock::acquire(paths);
  if (!lock.ok()) return lock.error();
  auto store = readTokenStore(tokensFilePath(paths));
  if (!store.ok()) return store.error();
  if (store.value().unsupported) {
    return lezpay::util::Error{std::string(toString(ErrorCode::IoError)),
                               tokensFilePath(paths) + " is not a version-2 token store, so the boot token cannot be issued; "
                               "move the file away (its tokens stop working) or restore a version-2 file"};
  }
  const std::int64_t now = unixNow();
  IssueRequest boot;
  boot.name = kBootTokenName;
  boot.raw = token;
  boot.nowUnix = now;
  boot.localOnly = true;
  boot.replace = true;
  auto issued = issueToken(store.value(), boot);
  if (!issued.ok()) return issued.error();
  auto st = writeTokenStore(paths, store.value());
  if (!st.ok()) return st;
  st = writeRawTokenFile(paths, kBootTokenName, token, now);
  if (!st.ok()) return st;
  return lezpay::fileio::writeFileAtomic(paths.clientTokenPath(), rawTokenFileJson(kBootTokenName, token, now).dump(2) + "\n", 0600);
}

lezpay::util::Result<std::string> clientToken(const DaemonPaths& paths) {
  const std::string code(toString(ErrorCode::Unauthorized));
  if (const char* env = std::getenv("LOGOSCORE_TOKEN"); env != nullptr && *env != '\0') return std::string(env);
  std::string tokenFile = "auto.json";
  auto cfg = lezpay::fileio::readFile(paths.clientDir() + "/config.json");
  if (cfg.ok()) {
    auto name = tokenFileFromClientConfig(paths.clientDir() + "/config.json", cfg.value());
    if (!name.ok()) return name.error();
    tokenFile = name.value();
  }
  const std::string path = tokenFile.find('/') == 0 ? tokenFile : paths.clientDir() + "/" + tokenFile;
  auto text = lezpay::fileio::readFile(path);
  if (!text.ok()) return lezpay::util::Error{code, "no client token: set LOGOSCORE_TOKEN or start the daemon (" + text.error().message + ")"};
  return tokenFromTokenFile(path, text.value());
}

bool tokensEqual(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string generateInstanceId() {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  quint64 w = QRandomGenerator::system()->generate64();
  for (int i = 0; i < 12; ++i, w >>= 4) out.push_back(kHex[w & 0xF]);
  return out;
}

lezpay::util::Status writeLocalClientConfig(const DaemonPaths& paths, const std::string& instanceId) {
  const std::string path = paths.clientDir() + "/config.json";
  auto current = lezpay::fileio::readFile(path);
  const std::optional<std::string> text = current.ok() ? std::optional<std::string>(current.value()) : std::nullopt;
  if (!clientConfigIsStale(text, instanceId)) return lezpay::util::okStatus();
  auto dirs = lezpay::fileio::makePrivateDirs(paths.clientDir());
  if (!dirs.ok()) return dirs;
  return lezpay::fileio::writeFileAtomic(path, clientConfigJson(localClientConfig(instanceId)).dump(2) + "\n", 0600);
}

}  // namespace logos::host
