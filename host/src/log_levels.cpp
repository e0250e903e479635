#include "logos/host/log_levels.h"

#include <array>

namespace logos::host {

namespace {

using lezpay::util::Error;

constexpr std::string_view kDefaultKey = "default";
constexpr std::string_view kLevelList = "debug, info, warning, critical, off";

Error bad(const std::string& field, const std::string& why) {
  return Error{"INVALID_CONFIG", field + ": " + why};
}

// Printable ASCII only and bounded: a name from a file or argv may be anything.
std::string shown(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return s.size() > 40 ? out + "..." : out;
}

bool isModuleName(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return !(s[0] >= '0' && s[0] <= '9');
}

std::optional<LogLevel> levelFromName(std::string_view s) {
  if (s == "debug") return LogLevel::Debug;
  if (s == "info") return LogLevel::Info;
  if (s == "warning") return LogLevel::Warning;
  if (s == "critical") return LogLevel::Critical;
  if (s == "off") return LogLevel::Off;
  return std::nullopt;
}

// One entry, from either syntax; `field` already names the entry.
std::optional<Error> addEntry(LogLevels& out, std::string_view key, std::string_view level, const std::string& field) {
  auto parsed = levelFromName(level);
  if (!parsed) return bad(field, "'" + shown(level) + "' is not a level (" + std::string(kLevelList) + ")");
  if (key == kDefaultKey) {
    if (out.defaultLevel) return bad(field, "default is given twice");
    out.defaultLevel = *parsed;
    return std::nullopt;
  }
  if (!isModuleName(key)) return bad(field, "not a module name (letters, digits and '_', at most 64) or 'default'");
  for (const auto& [name, _] : out.modules) {
    if (name == key) return bad(field, "'" + name + "' is given twice");
  }
  if (out.modules.size() >= kMaxLogLevelEntries) return bad(field, "more than " + std::to_string(kMaxLogLevelEntries) + " modules");
  out.modules.emplace_back(std::string(key), *parsed);
  return std::nullopt;
}

void appendRules(std::string& out, const std::string& pattern, LogLevel level) {
  static constexpr std::array<std::pair<const char*, LogLevel>, 4> kTypes{
      {{"debug", LogLevel::Debug}, {"info", LogLevel::Info}, {"warning", LogLevel::Warning}, {"critical", LogLevel::Critical}}};
  for (const auto& [type, least] : kTypes) {
    // A message of `type` prints when it is at least as severe as `level` (Off is above all).
    const bool on = static_cast<int>(least) >= static_cast<int>(level);
    out += pattern + "." + type + (on ? "=true\n" : "=false\n");
  }
}

}  // namespace

std::string_view logLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    case LogLevel::Critical: return "critical";
    case LogLevel::Off: return "off";
  }
  return "info";
}

lezpay::util::Result<LogLevels> parseLogLevelSpec(std::string_view spec, const std::string& field) {
  if (spec.empty()) return bad(field, "empty; expected a level (" + std::string(kLevelList) + ") or default=LEVEL,<module>=LEVEL");
  if (spec.size() > kMaxLogLevelSpecBytes) return bad(field, "longer than " + std::to_string(kMaxLogLevelSpecBytes) + " bytes");
  LogLevels out;
  std::size_t start = 0;
  std::size_t index = 0;
  while (start <= spec.size()) {
    const std::size_t comma = spec.find(',', start);
    const std::string_view entry = spec.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const std::string ef = field + " entry " + std::to_string(index + 1) + " '" + shown(entry) + "'";
    if (entry.empty()) return bad(ef, "empty (two commas, or a comma at an end)");
    const std::size_t eq = entry.find('=');
    std::optional<Error> e;
    if (eq == std::string_view::npos) {
      // A bare level is the default: "--log-level debug".
      e = addEntry(out, kDefaultKey, entry, ef);
    } else {
      e = addEntry(out, entry.substr(0, eq), entry.substr(eq + 1), ef);
    }
    if (e) return *e;
    ++index;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string encodeLogLevelSpec(const LogLevels& levels) {
  std::string out;
  if (levels.defaultLevel) out = "default=" + std::string(logLevelName(*levels.defaultLevel));
  for (const auto& [name, level] : levels.modules) {
    if (!out.empty()) out += ",";
    out += name + "=" + std::string(logLevelName(level));
  }
  return out;
}

lezpay::util::Result<LogLevels> decodeLogLevelsJson(const Json& value, const std::string& field) {
  if (!value.is_object()) return bad(field, "not an object like {\"default\":\"info\",\"delivery_module\":\"debug\"}");
  if (value.size() > kMaxLogLevelEntries + 1) return bad(field, "more than " + std::to_string(kMaxLogLevelEntries) + " modules");
  LogLevels out;
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string ef = field + "." + shown(it.key());
    if (!it.value().is_string()) return bad(ef, "not a string (" + std::string(kLevelList) + ")");
    if (auto e = addEntry(out, it.key(), it.value().get<std::string>(), ef)) return *e;
  }
  return out;
}

Json encodeLogLevelsJson(const LogLevels& levels) {
  Json out = Json::object();
  if (levels.defaultLevel) out[std::string(kDefaultKey)] = std::string(logLevelName(*levels.defaultLevel));
  for (const auto& [name, level] : levels.modules) out[name] = std::string(logLevelName(level));
  return out;
}

std::vector<std::string> moduleLogCategories(const std::string& module) {
  std::string stem = module;
  const std::string suffix = "_module";
  if (stem.size() > suffix.size() && stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) == 0) {
    stem.resize(stem.size() - suffix.size());
  }
  std::vector<std::string> roots;
  if (module == "payment_streams_module") {
    roots = {"lezpay.streams"};
  } else if (module == "delivery_module") {
    roots = {"lezpay.delivery", "lezpay.p2pnet", "lezpay.archive"};
  } else {
    roots = {"lezpay." + stem};
  }
  std::vector<std::string> out;
  for (const auto& r : roots) {
    out.push_back(r);
    out.push_back(r + ".*");
  }
  return out;
}

std::string qtLoggingRules(const LogLevels& levels) {
  std::string out;
  // Every lezpay category and the host's own uncategorised lines, at info unless told otherwise
  // (debug lines are per query on the paid path); Qt's internal qt.* categories keep Qt's
  // defaults (their debug output is Qt's, not ours).
  const LogLevel byDefault = levels.defaultLevel.value_or(kDefaultLogLevel);
  appendRules(out, "lezpay.*", byDefault);
  appendRules(out, "default", byDefault);
  for (const auto& [name, level] : levels.modules) {
    for (const auto& pattern : moduleLogCategories(name)) appendRules(out, pattern, level);
  }
  return out;
}

}  // namespace logos::host
