#include "console_config.h"

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/json_parse.h"

namespace console {

using lezpay::util::Error;

logos::Json toJson(const ConsoleConfig& c) {
  return logos::Json{{"host", c.host},
                     {"port", c.port},
                     {"allow_non_loopback", c.allowNonLoopback},
                     {"static_dir", c.staticDir},
                     {"idle_timeout_seconds", c.idleTimeoutSeconds},
                     {"absolute_timeout_seconds", c.absoluteTimeoutSeconds},
                     {"running", c.running}};
}

bool isLoopbackHost(const std::string& host) { return host == "127.0.0.1" || host == "::1" || host == "localhost"; }

lezpay::util::Result<ConsoleConfig> applyJson(ConsoleConfig c, const logos::Json& j) {
  if (!j.is_object()) return Error{"INVALID_ARGS", "the console settings must be a JSON object"};
  auto bad = [](const std::string& key, const std::string& why) { return Error{"INVALID_ARGS", "console setting '" + key + "': " + why}; };
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    logos::Json v = it.value();
    // Counts may come as decimal text (the dispatcher's u64 accepts both).
    if (v.is_string() && k != "host" && k != "static_dir" && !v.get<std::string>().empty() && v.get<std::string>().size() < 12 &&
        v.get<std::string>().find_first_not_of("0123456789") == std::string::npos) {
      v = std::stoll(v.get<std::string>());
    }
    if (v.is_null()) continue;
    if (k == "host") {
      if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 255) return bad(k, "a host name or address");
      c.host = v.get<std::string>();
    } else if (k == "port") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 65535) return bad(k, "a port 0..65535");
      c.port = static_cast<std::uint16_t>(v.get<std::int64_t>());
    } else if (k == "allow_non_loopback" || k == "running") {
      if (!v.is_boolean()) return bad(k, "true or false");
      (k == "running" ? c.running : c.allowNonLoopback) = v.get<bool>();
    } else if (k == "static_dir") {
      if (!v.is_string() || v.get<std::string>().size() > 4096) return bad(k, "a directory path");
      c.staticDir = v.get<std::string>();
    } else if (k == "idle_timeout_seconds" || k == "absolute_timeout_seconds") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 30 * 86400) {
        return bad(k, "whole seconds from 1 to 2592000 (30 days)");
      }
      (k == "idle_timeout_seconds" ? c.idleTimeoutSeconds : c.absoluteTimeoutSeconds) = v.get<std::int64_t>();
    } else {
      return bad(k, "not a console setting (host, port, allow_non_loopback, static_dir, idle_timeout_seconds, absolute_timeout_seconds)");
    }
  }
  if (!isLoopbackHost(c.host) && !c.allowNonLoopback) {
    return Error{"NON_LOOPBACK_REFUSED", "the console listens on loopback only unless allow_non_loopback is true (host '" + c.host + "')"};
  }
  return c;
}

lezpay::util::Result<ConsoleConfig> loadConfig(const std::string& path) {
  auto text = lezpay::fileio::readFile(path);
  if (!text.ok()) return ConsoleConfig{};
  auto j = lezpay::util::parseJson(text.value());
  if (!j.ok()) return Error{"IO_ERROR", path + ": " + j.error().message};
  return applyJson(ConsoleConfig{}, j.value());
}

lezpay::util::Status saveConfig(const std::string& path, const ConsoleConfig& c) {
  return lezpay::fileio::writeFileAtomic(path, toJson(c).dump(1) + "\n", 0600);
}

}  // namespace console
