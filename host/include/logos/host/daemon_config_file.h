#pragma once
// The daemon's saved flags (logos-core.md §7 `--persist-config`): <config>/daemon/config.json,
// written 0600 by `logoscore -D --persist-config ...` and read by every later start of a daemon on
// that config dir. A flag given on the command line wins over the file's value of that setting
// (for the repeatable -m and --module-transport, any occurrence replaces the file's whole list).
// The config dir itself is never saved: the file lives inside it.
//
// {"version":1,"modules_dirs":[S...],"persistence_path":S?,"access_policy":S?,
//  "call_timeout_ms":N?,"module_transports":[S...],"insecure_tcp":bool?,"in_process":bool?}
// - in_process true runs modules as threads of the daemon (`--in-process`); absent or false, each
//   module runs in a process of its own.
// - Each module_transports entry is a --module-transport value (transport_spec.h checks it).
// - Absent keys mean "not set": the daemon's default applies.
//
// Pure: text in, values out. decodeDaemonConfig refuses (code INVALID_CONFIG, a sentence naming
// the field, e.g. "module_transports[1]: not a string") anything but an object of version 1 with
// only these keys and types, strings non-empty and at most kMaxDaemonConfigString bytes, at most
// kMaxDaemonConfigList entries per list, call_timeout_ms within 1..3600000. encodeDaemonConfig is
// its inverse. The fuzz target fuzz/daemon_config_file.cpp checks decode -> encode -> decode.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"

namespace logos::host {

inline constexpr int kDaemonConfigVersion = 1;
inline constexpr std::size_t kMaxDaemonConfigBytes = 1 << 20;
inline constexpr std::size_t kMaxDaemonConfigString = 4096;
inline constexpr std::size_t kMaxDaemonConfigList = 64;
inline constexpr long kMaxSavedCallTimeoutMs = 3600000;  // as --call-timeout-ms

struct DaemonConfigFile {
  std::vector<std::string> modulesDirs;
  std::optional<std::string> persistencePath;
  std::optional<std::string> accessPolicy;
  std::optional<int> callTimeoutMs;
  std::vector<std::string> moduleTransports;
  std::optional<bool> insecureTcp;
  std::optional<bool> inProcess;

  bool operator==(const DaemonConfigFile&) const = default;
};

lezpay::util::Result<DaemonConfigFile> decodeDaemonConfig(std::string_view text);
// Indented JSON and a newline. Precondition: the values obey decodeDaemonConfig's limits.
std::string encodeDaemonConfig(const DaemonConfigFile& config);

}  // namespace logos::host
