#pragma once
// Log levels per module: what `logoscore -D --log-level SPEC` and the configuration file's
// `log_levels` object say, and the Qt logging rules that carry them out.
//
// - The spec is a plain string, so that a daemon can hand it on unchanged to a module running in
//   a process of its own: "info" (every category at info and above), or comma-separated
//   `default=LEVEL` and `<module>=LEVEL` entries, e.g. "default=info,delivery_module=debug".
// - In a configuration file: {"default":"info","delivery_module":"debug"} (same meaning).
// - LEVEL is one of debug, info, warning, critical, off: the least severe message still printed
//   (off prints nothing). A module without an entry takes `default`; without `default`, info
//   (kDefaultLogLevel): debug lines are printed only when asked for.
// - A module's categories are `lezpay.<short name>` and `lezpay.<short name>.*`, the short name
//   being the module name without "_module" (moduleLogCategories lists the exceptions: the
//   payment streams module logs as lezpay.streams, the delivery module also owns the categories of
//   the libraries only it uses, lezpay.p2pnet and lezpay.archive).
// - Rules set this way are overridden by QT_LOGGING_RULES (Qt's order): an operator debugging one
//   process can still open any category from the environment.
//
// Pure: text and values in, values out. Errors carry code INVALID_CONFIG and a sentence naming the
// field ("log_levels.delivery_module: 'loud' is not a level (debug, info, warning, critical, off)").
// At most kMaxLogLevelEntries entries; module names are identifiers of at most 64 bytes.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "logos/json.h"
#include "lezpay/util/result.h"

namespace logos::host {

inline constexpr std::size_t kMaxLogLevelEntries = 64;
inline constexpr std::size_t kMaxLogLevelSpecBytes = 4096;

enum class LogLevel { Debug, Info, Warning, Critical, Off };
inline constexpr LogLevel kDefaultLogLevel = LogLevel::Info;

struct LogLevels {
  std::optional<LogLevel> defaultLevel;
  std::vector<std::pair<std::string, LogLevel>> modules;  // in the order written, each name once

  bool operator==(const LogLevels&) const = default;
};

std::string_view logLevelName(LogLevel level);

// "info" or "default=info,delivery_module=debug". `field` names the source in errors ("--log-level").
lezpay::util::Result<LogLevels> parseLogLevelSpec(std::string_view spec, const std::string& field);
// The canonical spec string: "default=info,delivery_module=debug" ("" when nothing is set).
std::string encodeLogLevelSpec(const LogLevels& levels);

// {"default":"info","delivery_module":"debug"}; `field` is the key's name ("log_levels").
lezpay::util::Result<LogLevels> decodeLogLevelsJson(const Json& value, const std::string& field);
Json encodeLogLevelsJson(const LogLevels& levels);

// The category patterns of a module, e.g. {"lezpay.delivery", "lezpay.delivery.*", ...}.
std::vector<std::string> moduleLogCategories(const std::string& module);

// Rules for QLoggingCategory::setFilterRules, one per line: default first, then each module, so a
// module's entry wins over the default; with nothing set, every lezpay category at info.
std::string qtLoggingRules(const LogLevels& levels);

}  // namespace logos::host
