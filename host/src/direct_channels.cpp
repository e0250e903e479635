#include "logos/host/direct_channels.h"

#include <QtGlobal>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "logos/eligibility.h"
#include "logos/json.h"

namespace logos::host {

bool sendWithDescriptor(int socketFd, const std::string& payload, int fd) {
  iovec iov{const_cast<char*>(payload.data()), payload.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &fd, sizeof(int));
  while (true) {
    const ssize_t n = ::sendmsg(socketFd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n == static_cast<ssize_t>(payload.size())) return true;
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

bool DirectChannels::pair(const std::string& caller, int callerFd, const std::string& callee, int calleeFd,
                          const std::vector<std::string>& operations) {
  int s[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s) != 0) {
    qWarning("direct channel '%s' -> '%s' cannot be made: %s; its calls go through the daemon", caller.c_str(), callee.c_str(),
             std::strerror(errno));
    return false;
  }
  Json outMessage{{"peer", callee}, {"role", "out"}, {"default_timeout_ms", defaultTimeoutMs_}};
  Json inMessage{{"peer", caller}, {"role", "in"}};
  if (!operations.empty()) {
    outMessage["operations"] = operations;
    inMessage["operations"] = operations;
  }
  const std::string out = outMessage.dump();
  const std::string in = inMessage.dump();
  // The callee's end first: a call the caller sends at once waits in the socket until it is read.
  const bool ok = sendWithDescriptor(calleeFd, in, s[1]) && sendWithDescriptor(callerFd, out, s[0]);
  if (!ok) {
    qWarning("direct channel '%s' -> '%s' cannot be handed over: %s; its calls go through the daemon", caller.c_str(), callee.c_str(),
             std::strerror(errno));
  }
  // Both children hold their own copies now (or none): the daemon keeps no end open.
  ::close(s[0]);
  ::close(s[1]);
  return ok;
}

void DirectChannels::connect(const std::string& caller, const Member& from, const std::string& callee, const Member& to) {
  const std::vector<std::string> hooks = logos::eligibility::hookOperationsAllowed(to.capabilities);
  if (policy_.allows(caller, from.dependencies, callee)) {
    auto scope = policy_.enforced() ? from.scopes.find(callee) : from.scopes.end();
    if (scope == from.scopes.end()) {
      pair(caller, from.handoffFd, callee, to.handoffFd, {});
      return;
    }
    std::vector<std::string> operations = scope->second;
    for (const auto& h : hooks)
      if (std::find(operations.begin(), operations.end(), h) == operations.end()) operations.push_back(h);
    pair(caller, from.handoffFd, callee, to.handoffFd, operations);
    return;
  }
  if (!hooks.empty()) pair(caller, from.handoffFd, callee, to.handoffFd, hooks);
}

void DirectChannels::up(const std::string& name, const std::vector<std::string>& dependencies,
                        const std::map<std::string, std::vector<std::string>>& scopes, const std::vector<std::string>& capabilities,
                        int handoffFd) {
  std::lock_guard lock(mutex_);
  const Member self{dependencies, scopes, capabilities, handoffFd};
  for (const auto& [other, m] : up_) {
    if (other == name) continue;
    connect(name, self, other, m);
    connect(other, m, name, self);
  }
  up_[name] = self;
}

void DirectChannels::down(const std::string& name) {
  std::lock_guard lock(mutex_);
  up_.erase(name);
}

}  // namespace logos::host
