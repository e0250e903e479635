#include "logos/host/token_files.h"

#include <QRandomGenerator>

#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lezpay/fileio/atomic_file.h"
#include "logos/error_codes.h"

namespace logos::host {

using lezpay::util::Error;

std::string tokensFilePath(const DaemonPaths& paths) { return paths.daemonDir() + "/tokens.json"; }
std::string rawTokenDir(const DaemonPaths& paths) { return paths.daemonDir() + "/tokens"; }
std::string rawTokenFilePath(const DaemonPaths& paths, std::string_view name) {
  return rawTokenDir(paths) + "/" + std::string(name) + ".json";
}

lezpay::util::Result<TokenStore> readTokenStore(const std::string& tokensPath) {
  auto text = lezpay::fileio::readFile(tokensPath);
  if (!text.ok()) {
    if (text.error().code == "NOT_FOUND") return TokenStore{};
    return Error{std::string(toString(ErrorCode::IoError)), text.error().message};
  }
  return decodeTokensFile(text.value());
}

lezpay::util::Status writeTokenStore(const DaemonPaths& paths, const TokenStore& store) {
  const std::string io(toString(ErrorCode::IoError));
  if (store.unsupported) {
    return Error{io, tokensFilePath(paths) + " is not a version-2 token store; it is left untouched (move it away to start afresh)"};
  }
  for (const auto& dir : {paths.configDir, paths.daemonDir()}) {
    auto st = lezpay::fileio::makePrivateDirs(dir);
    if (!st.ok()) return Error{io, st.error().message};
  }
  auto st = lezpay::fileio::writeFileAtomic(tokensFilePath(paths), encodeTokensFile(store), 0600);
  if (!st.ok()) return Error{io, st.error().message};
  return lezpay::util::okStatus();
}

lezpay::util::Status writeRawTokenFile(const DaemonPaths& paths, std::string_view name, std::string_view raw,
                                       std::int64_t issuedAtUnix) {
  const std::string io(toString(ErrorCode::IoError));
  auto dir = lezpay::fileio::makePrivateDirs(rawTokenDir(paths));
  if (!dir.ok()) return Error{io, dir.error().message};
  auto st = lezpay::fileio::writeFileAtomic(rawTokenFilePath(paths, name), rawTokenFileJson(name, raw, issuedAtUnix).dump(2) + "\n", 0600);
  if (!st.ok()) return Error{io, st.error().message};
  return lezpay::util::okStatus();
}

std::string tokenLockPath(const DaemonPaths& paths) { return paths.daemonDir() + "/tokens.lock"; }

lezpay::util::Result<TokenStoreLock> TokenStoreLock::acquire(const DaemonPaths& paths) {
  const std::string io(toString(ErrorCode::IoError));
  for (const auto& dir : {paths.configDir, paths.daemonDir()}) {
    auto st = lezpay::fileio::makePrivateDirs(dir);
    if (!st.ok()) return Error{io, st.error().message};
  }
  const std::string path = tokenLockPath(paths);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Error{io, "cannot open the token lock " + path + ": " + std::strerror(errno)};
  ::fchmod(fd, 0600);
  int rc = 0;
  do {
    rc = ::flock(fd, LOCK_EX);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return Error{io, "cannot lock " + path + ": " + why};
  }
  return TokenStoreLock(fd);
}

TokenStoreLock::TokenStoreLock(TokenStoreLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

TokenStoreLock::~TokenStoreLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

std::string freshRawToken() {
  std::array<quint32, kRawTokenBytes / 4> words{};
  QRandomGenerator::system()->fillRange(words.data(), static_cast<qsizetype>(words.size()));
  std::array<std::uint8_t, kRawTokenBytes> bytes{};
  for (std::size_t i = 0; i < words.size(); ++i) {
    for (std::size_t b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<std::uint8_t>(words[i] >> (8 * b));
  }
  return rawTokenFromBytes(bytes);
}

std::int64_t unixNow() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace logos::host
