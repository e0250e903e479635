#include "logos/host/client_stop_wait.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "logos/error_codes.h"
#include "logos/host/transport_spec.h"

namespace logos::host {

bool endpointIsOnThisMachine(const ClientEndpoint& endpoint) {
  return endpoint.transport == "local" || isLoopbackHost(endpoint.host);
}

bool processRunning(std::int64_t pid) {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  // /proc/<pid>/stat: "pid (comm) S ..."; comm may hold spaces and parentheses, the state follows the last ')'.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::stringstream text;
  text << stat.rdbuf();
  const std::string s = text.str();
  const auto close = s.rfind(')');
  if (close == std::string::npos || close + 2 >= s.size()) return true;
  const char state = s[close + 2];
  return state != 'Z' && state != 'X';
}

lezpay::util::Status waitForDaemonExit(const std::function<StopProbe()>& probe, std::int64_t pid, bool watchPid, int timeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  for (;;) {
    const bool answers = probe() == StopProbe::SameInstance;
    const bool running = watchPid && processRunning(pid);
    if (!answers && !running) return lezpay::util::okStatus();
    if (std::chrono::steady_clock::now() >= deadline) {
      return lezpay::util::Error{std::string(toString(ErrorCode::Timeout)),
                                 "the daemon (pid " + std::to_string(pid) + ") accepted stop but is still " +
                                     (answers ? "answering" : "running") + " after " + std::to_string(timeoutMs / 1000) + " s"};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace logos::host
