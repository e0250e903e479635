#include "logos/host/daemon_config_file.h"

#include "logos/host/client_transport.h"
#include "logos/json.h"
#include "lezpay/util/json_parse.h"

namespace logos::host {

namespace {

lezpay::util::Error bad(const std::string& field, const std::string& why) {
  return lezpay::util::Error{std::string(kInvalidConfigCode),
                             "daemon/config.json: " + (field.empty() ? why : field + ": " + why)};
}

std::optional<lezpay::util::Error> readString(const Json& v, const std::string& field, std::string& out) {
  if (!v.is_string()) return bad(field, "not a string");
  out = v.get<std::string>();
  if (out.empty()) return bad(field, "empty");
  if (out.size() > kMaxDaemonConfigString) return bad(field, "longer than " + std::to_string(kMaxDaemonConfigString) + " bytes");
  if (out.find('\0') != std::string::npos) return bad(field, "contains a NUL character");
  return std::nullopt;
}

std::optional<lezpay::util::Error> readList(const Json& v, const std::string& field, std::vector<std::string>& out) {
  if (!v.is_array()) return bad(field, "not an array of strings");
  if (v.size() > kMaxDaemonConfigList) return bad(field, "more than " + std::to_string(kMaxDaemonConfigList) + " entries");
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::string s;
    if (auto e = readString(v[i], field + "[" + std::to_string(i) + "]", s)) return e;
    out.push_back(std::move(s));
  }
  return std::nullopt;
}

}  // namespace

lezpay::util::Result<DaemonConfigFile> decodeDaemonConfig(std::string_view text) {
  if (text.size() > kMaxDaemonConfigBytes) return bad("", "larger than " + std::to_string(kMaxDaemonConfigBytes) + " bytes");
  auto parsed = lezpay::util::parseJson(text);
  if (!parsed.ok()) return bad("", "not JSON: " + parsed.error().message);
  Json doc = std::move(parsed.value());
  if (!doc.is_object()) return bad("", "not a JSON object");
  auto version = doc.find("version");
  if (version == doc.end()) return bad("version", "missing");
  if (!version->is_number_integer() || version->get<std::int64_t>() != kDaemonConfigVersion) {
    return bad("version", "must be " + std::to_string(kDaemonConfigVersion) + " (got " + version->dump().substr(0, 40) + ")");
  }
  DaemonConfigFile out;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& key = it.key();
    const Json& v = it.value();
    std::optional<lezpay::util::Error> e;
    if (key == "version") {
      continue;
    } else if (key == "modules_dirs") {
      e = readList(v, key, out.modulesDirs);
    } else if (key == "module_transports") {
      e = readList(v, key, out.moduleTransports);
    } else if (key == "persistence_path" || key == "access_policy") {
      std::string s;
      e = readString(v, key, s);
      (key == "persistence_path" ? out.persistencePath : out.accessPolicy) = s;
    } else if (key == "call_timeout_ms") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > kMaxSavedCallTimeoutMs) {
        e = bad(key, "not an integer number of milliseconds in 1..3600000");
      } else {
        out.callTimeoutMs = static_cast<int>(v.get<std::int64_t>());
      }
    } else if (key == "insecure_tcp" || key == "in_process") {
      if (!v.is_boolean()) e = bad(key, "not true or false");
      else (key == "insecure_tcp" ? out.insecureTcp : out.inProcess) = v.get<bool>();
    } else {
      std::string shown;
      for (char c : key.substr(0, 40)) shown.push_back(c >= 0x20 && c < 0x7f ? c : '?');
      e = bad(shown, "unknown key (known: version, modules_dirs, persistence_path, access_policy, call_timeout_ms, "
                     "module_transports, insecure_tcp, in_process)");
    }
    if (e) return *e;
  }
  return out;
}

std::string encodeDaemonConfig(const DaemonConfigFile& config) {
  Json doc{{"version", kDaemonConfigVersion}};
  if (!config.modulesDirs.empty()) doc["modules_dirs"] = config.modulesDirs;
  if (config.persistencePath) doc["persistence_path"] = *config.persistencePath;
  if (config.accessPolicy) doc["access_policy"] = *config.accessPolicy;
  if (config.callTimeoutMs) doc["call_timeout_ms"] = *config.callTimeoutMs;
  if (!config.moduleTransports.empty()) doc["module_transports"] = config.moduleTransports;
  if (config.insecureTcp) doc["insecure_tcp"] = *config.insecureTcp;
  if (config.inProcess) doc["in_process"] = *config.inProcess;
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace logos::host
