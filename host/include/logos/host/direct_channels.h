#pragma once
// Direct module-to-module channels between module processes. For every (caller, callee) pair the
// access policy allows (the caller's metadata dependencies, or the policy's restrictions) and whose
// two modules both run in a child process, the daemon makes an AF_UNIX stream socketpair and hands
// one end to each child over that child's hand-off socket (SOCK_SEQPACKET, SCM_RIGHTS, one message
// per end: {"peer": "<module>", "role": "out"|"in", "default_timeout_ms": N}). The caller's
// callAsync then reaches the callee with two process crossings instead of four; the callee stamps
// the caller's name from the channel it arrived on, never from the frame.
//
// Pairs the policy refuses get no channel, so their calls still go through the daemon, which
// refuses them, except towards a module that declares an eligibility-hook capability: any module
// may call its hook operations (interfaces/logos/eligibility.h), so such a pair gets a hook-only
// channel whose messages carry "operations": [...]. The caller sends only those operations on it
// (anything else goes through the daemon, which refuses it) and the callee refuses anything else
// that arrives on it with ACCESS_DENIED. A pair the policy allows but the caller scopes (metadata
// "dependency_operations", enforced policy only) gets a channel carrying the scoped operations
// the same way (plus the callee's hook operations, which any module may call).
//
// Thread-safe: each module's runtime thread calls up()/down() for its own child. A message on a
// SEQPACKET socket is atomic, so hand-offs to different children from different threads never
// interleave.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "logos/host/access_policy.h"

namespace logos::host {

class DirectChannels {
 public:
  DirectChannels(AccessPolicy policy, int defaultTimeoutMs) : policy_(std::move(policy)), defaultTimeoutMs_(defaultTimeoutMs) {}

  // `name`'s child runs and listens on `handoffFd` (the daemon's end; the caller keeps owning it):
  // every allowed pair with a module already up gets a fresh channel, both directions checked.
  // `scopes`: the caller's metadata dependency_operations.
  void up(const std::string& name, const std::vector<std::string>& dependencies,
          const std::map<std::string, std::vector<std::string>>& scopes, const std::vector<std::string>& capabilities, int handoffFd);
  // `name`'s child is gone (or going): no channel is handed to it any more. Its channel ends close
  // with its process, which is how its peers learn of it.
  void down(const std::string& name);

 private:
  struct Member {
    std::vector<std::string> dependencies;
    std::map<std::string, std::vector<std::string>> scopes;
    std::vector<std::string> capabilities;
    int handoffFd = -1;
  };
  // The channel caller -> callee, if any: every operation when the policy allows the pair (the
  // scoped ones and the hooks when the caller scopes it), the callee's hook operations when only
  // its capability does.
  void connect(const std::string& caller, const Member& from, const std::string& callee, const Member& to);
  // One socketpair for caller -> callee; false (logged) when it cannot be made or handed over.
  // `operations` empty: every operation.
  bool pair(const std::string& caller, int callerFd, const std::string& callee, int calleeFd, const std::vector<std::string>& operations);

  AccessPolicy policy_;
  int defaultTimeoutMs_;
  std::mutex mutex_;
  std::map<std::string, Member> up_;
};

// Sends `payload` with descriptor `fd` attached on the SEQPACKET socket `socketFd` (non-blocking).
bool sendWithDescriptor(int socketFd, const std::string& payload, int fd);

}  // namespace logos::host
