#include "logos/host/wallet_unlock_source.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace logos::host {

namespace {

using lezpay::util::Error;

Error refused(const std::string& why) { return Error{std::string(kUnlockRefusedCode), why}; }

// Reads at most kMaxUnlockSecretBytes + 1 bytes so that an oversized source is told apart.
lezpay::util::Result<std::string> readAll(int fd, const std::string& what) {
  std::string out;
  char buf[512];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return refused(what + ": cannot be read (" + std::strerror(errno) + ")");
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > kMaxUnlockSecretBytes) {
      std::fill(out.begin(), out.end(), '\0');
      return refused(what + ": longer than " + std::to_string(kMaxUnlockSecretBytes) + " bytes; it holds the password only");
    }
  }
  if (out.size() >= 1 && out.back() == '\n') out.pop_back();
  if (out.size() >= 1 && out.back() == '\r') out.pop_back();
  if (out.empty()) return refused(what + ": empty; it must hold the wallet password");
  return out;
}

lezpay::util::Result<std::string> readPrivateFile(const std::string& path, const std::string& what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ELOOP) return refused(what + " " + path + " is a symbolic link; name the file itself");
    return refused(what + " " + path + " cannot be opened (" + std::strerror(errno) + ")");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return refused(what + " " + path + " is not a regular file");
  }
  if (st.st_uid != ::geteuid()) {
    ::close(fd);
    return refused(what + " " + path + " is owned by uid " + std::to_string(st.st_uid) + ", not by the daemon's user (uid " +
                   std::to_string(::geteuid()) + "); chown it to that user");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return refused(what + " " + path + " has mode " + mode + ": others could read the password; chmod 600 it");
  }
  auto out = readAll(fd, what + " " + path);
  ::close(fd);
  return out;
}

}  // namespace

lezpay::util::Result<std::string> readUnlockSecret(const UnlockSource& source) {
  switch (source.kind) {
    case UnlockSource::Kind::PasswordFile:
      return readPrivateFile(source.path, "password_file");
    case UnlockSource::Kind::SystemdCredential: {
      const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
      if (dir == nullptr || *dir == '\0') {
        return refused("systemd_credential " + source.name + ": $CREDENTIALS_DIRECTORY is not set (the unit needs LoadCredential=" +
                       source.name + ":<file>)");
      }
      return readPrivateFile(std::string(dir) + "/" + source.name, "systemd_credential");
    }
    case UnlockSource::Kind::PasswordFd: {
      const std::string what = "password_fd " + std::to_string(source.fd);
      struct stat st {};
      if (::fstat(source.fd, &st) != 0) return refused(what + " is not an open file descriptor");
      if (S_ISDIR(st.st_mode)) return refused(what + " is a directory");
      auto out = readAll(source.fd, what);
      ::close(source.fd);
      return out;
    }
  }
  return refused("unknown unlock source");
}

}  // namespace logos::host
