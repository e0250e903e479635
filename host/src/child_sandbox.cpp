#include "logos/host/child_sandbox.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace logos::host {
namespace {

bool allowed(std::string_view name) {
  for (std::string_view secret : {"TOKEN", "PASSWORD", "SECRET", "KEY", "CREDENTIAL"}) {
    if (name.find(secret) != std::string_view::npos) return false;
  }
  static constexpr std::array<std::string_view, 14> exact{"PATH", "HOME", "LANG", "LANGUAGE", "TZ", "USER", "LOGNAME",
                                                          "SSL_CERT_FILE", "SSL_CERT_DIR", "LD_LIBRARY_PATH", "ASAN_OPTIONS",
                                                          "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"};
  for (auto e : exact) {
    if (name == e) return true;
  }
  for (std::string_view prefix : {"LC_", "QT_", "LEZPAY_"}) {
    if (name.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

}  // namespace

std::map<std::string, std::string> childEnvironment(const std::map<std::string, std::string>& parent, const std::string& tmpDir,
                                                    int channelFd, bool notDumpable) {
  std::map<std::string, std::string> env;
  for (const auto& [k, v] : parent) {
    if (allowed(k)) env[k] = v;
  }
  env["TMPDIR"] = tmpDir;
  env[kChildFdVariable] = std::to_string(channelFd);
  env[kChildNotDumpableVariable] = std::string(1, notDumpable ? '1' : '0');
  return env;
}

void applyInForkedChild(int channelFd) noexcept {
  ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  // The child dies with the daemon's thread that started it (the module's runtime thread, which
  // lives as long as the module is loaded): no orphan keeps a module's state open.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  const rlimit noCore{0, 0};
  ::setrlimit(RLIMIT_CORE, &noCore);
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0) {
    const rlim_t cap = files.rlim_max < kChildMaxFiles ? files.rlim_max : kChildMaxFiles;
    files.rlim_cur = cap;
    files.rlim_max = cap;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  ::fcntl(channelFd, F_SETFD, 0);
}

int applyInChildAfterExec() noexcept {
  const char* fdText = std::getenv(kChildFdVariable);
  const int channel = fdText != nullptr ? std::atoi(fdText) : -1;
  const int handoff = childHandoffFd();
  const char* dump = std::getenv(kChildNotDumpableVariable);
  if (dump != nullptr && std::string_view(dump) == "1") ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  // Close every inherited descriptor but stdio and the channel.
  std::vector<int> open;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    const int self = ::dirfd(d);
    while (dirent* e = ::readdir(d)) {
      const int fd = std::atoi(e->d_name);
      if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
      if (fd > 2 && fd != channel && fd != handoff && fd != self) open.push_back(fd);
    }
    ::closedir(d);
  }
  for (int fd : open) ::close(fd);
  return channel;
}

int childHandoffFd() noexcept {
  const char* text = std::getenv(kChildHandoffFdVariable);
  return text != nullptr && *text != '\0' ? std::atoi(text) : -1;
}

}  // namespace logos::host
