#pragma once
// The token store's files (logos-core.md §14) under <config>/daemon/: tokens.json (0600, written
// to a temporary file and renamed over) and tokens/<name>.json (0600, directory 0700). The file
// side of token_store.h; the client commands and the daemon share it.

#include <cstdint>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"
#include "logos/host/daemon_files.h"
#include "logos/host/token_store.h"

namespace logos::host {

std::string tokensFilePath(const DaemonPaths& paths);
std::string rawTokenDir(const DaemonPaths& paths);
// Precondition: isValidTokenName(name), so the path stays inside rawTokenDir.
std::string rawTokenFilePath(const DaemonPaths& paths, std::string_view name);

// tokens.json decoded; a missing file is an empty store. IO_ERROR when it exists and cannot be read.
lezpay::util::Result<TokenStore> readTokenStore(const std::string& tokensPath);
// Writes tokens.json, creating the daemon directory (0700) first. IO_ERROR for an unsupported
// store (never rewritten) or a failed write.
lezpay::util::Status writeTokenStore(const DaemonPaths& paths, const TokenStore& store);
// Writes tokens/<name>.json (0600), creating tokens/ (0700) first. IO_ERROR on failure.
lezpay::util::Status writeRawTokenFile(const DaemonPaths& paths, std::string_view name, std::string_view raw,
                                       std::int64_t issuedAtUnix);

// Holds an exclusive advisory lock (flock) on <config>/daemon/tokens.lock (0600) for its lifetime.
// Every read-modify-write of tokens.json (issue-token, revoke-token, the daemon's boot token)
// runs under it, so concurrent writers each see the others' rows instead of overwriting them.
// Readers (list-tokens, the per-request check) need no lock: the file is replaced by rename.
class TokenStoreLock {
 public:
  // Creates the config and daemon directories (0700) and the lock file, then blocks until the
  // lock is held. IO_ERROR with the path when the directory or the file cannot be made.
  static lezpay::util::Result<TokenStoreLock> acquire(const DaemonPaths& paths);
  TokenStoreLock(TokenStoreLock&& other) noexcept;
  TokenStoreLock& operator=(TokenStoreLock&&) = delete;
  TokenStoreLock(const TokenStoreLock&) = delete;
  ~TokenStoreLock();

 private:
  explicit TokenStoreLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};
std::string tokenLockPath(const DaemonPaths& paths);

// A fresh raw token from the system CSPRNG (rawTokenFromBytes of 32 bytes).
std::string freshRawToken();
// The wall clock in Unix seconds.
std::int64_t unixNow();

}  // namespace logos::host
