#pragma once
// The daemon's configuration file (`logoscore -D --config FILE`): the daemon flags of
// daemon/config.json (daemon_config_file.h) plus the modules to load at start, in order, each with
// the operations the daemon runs on it once loaded.
//
// {"version":1, <every key of daemon/config.json>,
//  "modules":[{"name":"wallet_module","settings":[{"unlock":{"password_file":"/etc/lez-pay/wallet.pass"}},
//                                                 {"configure":{"sequencer_url":"http://127.0.0.1:3040"}}]}, ...]}
// - `settings` is a list of steps; a step is an object with exactly one key, the name of one of the
//   module's operations, whose value is that operation's params object (as `logoscore call M
//   chainAction op {...}` runs it). The steps run in the order written, after the module has loaded, so
//   a new operation of a module needs no change here.
// - `restart` (optional): what the daemon does when the module's process crashes: "restart" (the
//   default: again, after a backoff, from its persisted state, then these steps run again) or
//   "stay-down" (its calls answer MODULE_CRASHED until reload-module or a daemon restart).
// - The step `unlock` is the daemon's own: it reads the wallet password from one source
//   (`password_file`, `password_fd` or `systemd_credential`, see wallet_unlock_source.h) and calls
//   the module's `open` with it (`create_new` instead when there is no keystore yet and
//   `create_if_missing` is true). The password never appears in the file.
//
// Pure: text in, values out. decodeDaemonSettings refuses (code INVALID_CONFIG, a sentence naming
// the field path, e.g. "modules[2].settings[0].createNode: not an object") anything but that
// shape: module and operation names are identifiers (letters, digits, `_`, at most 64 bytes),
// at most kMaxSettingsModules modules and kMaxSettingsSteps steps each, a module named once.
// The daemon flags follow decodeDaemonConfig's rules. What each operation's params mean is the
// module's to check when the step runs (its answer names the parameter). encodeDaemonSettings is
// the inverse; the fuzz target fuzz/daemon_settings_file.cpp checks decode -> encode -> decode.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logos/host/daemon_config_file.h"
#include "logos/json.h"
#include "lezpay/util/result.h"

namespace logos::host {

inline constexpr std::size_t kMaxSettingsModules = 32;
inline constexpr std::size_t kMaxSettingsSteps = 64;
inline constexpr std::size_t kMaxSettingsName = 64;
inline constexpr std::string_view kUnlockStep = "unlock";

// Where the wallet password comes from (exactly one of the three).
struct UnlockSource {
  enum class Kind { PasswordFile, PasswordFd, SystemdCredential };
  Kind kind = Kind::PasswordFile;
  std::string path;     // PasswordFile: the file
  int fd = -1;          // PasswordFd: an open descriptor inherited from the parent
  std::string name;     // SystemdCredential: the file name under $CREDENTIALS_DIRECTORY
  bool createIfMissing = false;

  bool operator==(const UnlockSource&) const = default;
};

struct SettingsStep {
  std::string operation;
  Json params = Json::object();  // an object
  std::optional<UnlockSource> unlock;  // set when operation == "unlock"

  bool operator==(const SettingsStep&) const = default;
};

inline constexpr std::string_view kRestartAlways = "restart";
inline constexpr std::string_view kRestartStayDown = "stay-down";

struct ModuleSettings {
  std::string name;
  std::vector<SettingsStep> steps;
  std::optional<std::string> restart;  // kRestartAlways or kRestartStayDown

  bool operator==(const ModuleSettings&) const = default;
};

struct DaemonSettings {
  DaemonConfigFile flags;
  std::vector<ModuleSettings> modules;

  bool operator==(const DaemonSettings&) const = default;
};

lezpay::util::Result<DaemonSettings> decodeDaemonSettings(std::string_view text);
// Indented JSON and a newline. Precondition: the values obey decodeDaemonSettings's limits.
std::string encodeDaemonSettings(const DaemonSettings& settings);

// "modules[1].settings[0].createNode": how errors and reload answers name a step.
std::string settingsStepPath(std::size_t module, std::size_t step, const std::string& operation);

}  // namespace logos::host
