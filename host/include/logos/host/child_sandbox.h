#pragma once
// The least privilege a module's child process gets without extra packages (docs/decisions.md
// "Modules in their own processes"). Applied in two places:
// - applyInForkedChild runs between fork and exec (QProcess::setChildProcessModifier): only
//   async-signal-safe system calls. PR_SET_NO_NEW_PRIVS, PR_SET_PDEATHSIG SIGKILL, RLIMIT_CORE 0,
//   RLIMIT_NOFILE kChildMaxFiles, and the daemon's end of the channel made inheritable.
// - applyInChildAfterExec runs first thing in logos-module-host: closes every descriptor but 0-2
//   and the channel, and PR_SET_DUMPABLE 0 when asked (execve resets dumpability, so it cannot be
//   set before).
// childEnvironment builds the child's whole environment from the daemon's: an allow-list of
// locale, path, TLS, Qt and sanitizer variables plus LEZPAY_* settings, never a variable whose
// name holds TOKEN, PASSWORD, SECRET or KEY; then TMPDIR (the child's private directory),
// LOGOS_MODULE_FD and LOGOS_MODULE_NOT_DUMPABLE.

#include <map>
#include <string>

namespace logos::host {

inline constexpr const char* kChildFdVariable = "LOGOS_MODULE_FD";
// The child's end of the hand-off socket on which direct channels arrive (direct_channels.h).
inline constexpr const char* kChildHandoffFdVariable = "LOGOS_MODULE_HANDOFF_FD";
inline constexpr const char* kChildNotDumpableVariable = "LOGOS_MODULE_NOT_DUMPABLE";
inline constexpr unsigned long kChildMaxFiles = 4096;

// `parent`: the daemon's environment. Pure.
std::map<std::string, std::string> childEnvironment(const std::map<std::string, std::string>& parent, const std::string& tmpDir,
                                                    int channelFd, bool notDumpable);

// Between fork and exec. Never allocates, never throws.
void applyInForkedChild(int channelFd) noexcept;

// In logos-module-host before anything else; answers the channel's descriptor (-1 when absent).
int applyInChildAfterExec() noexcept;

// The hand-off descriptor kept by applyInChildAfterExec, or -1 when the daemon gave none.
int childHandoffFd() noexcept;

}  // namespace logos::host
