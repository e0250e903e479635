#include "logos/host/daemon_settings_file.h"

#include "logos/host/client_transport.h"
#include "lezpay/util/json_parse.h"

namespace logos::host {

namespace {

using lezpay::util::Error;

Error bad(const std::string& field, const std::string& why) {
  return Error{std::string(kInvalidConfigCode), field.empty() ? why : field + ": " + why};
}

// Printable ASCII only and bounded: a name from the file may be anything.
std::string shown(const std::string& s) {
  std::string out;
  for (char c : s.substr(0, 40)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return s.size() > 40 ? out + "..." : out;
}

bool isIdentifier(const std::string& s) {
  if (s.empty() || s.size() > kMaxSettingsName) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return !(s[0] >= '0' && s[0] <= '9');
}

lezpay::util::Result<UnlockSource> decodeUnlock(const Json& v, const std::string& field) {
  if (!v.is_object()) return bad(field, "not an object; expected {\"password_file\":P}, {\"password_fd\":N} or {\"systemd_credential\":NAME}");
  UnlockSource out;
  int sources = 0;
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string& key = it.key();
    const Json& x = it.value();
    const std::string f = field + "." + shown(key);
    if (key == "password_file") {
      if (!x.is_string() || x.get<std::string>().empty() || x.get<std::string>().size() > kMaxDaemonConfigString ||
          x.get<std::string>().find('\0') != std::string::npos) {
        return bad(f, "not a file path");
      }
      if (x.get<std::string>()[0] != '/') return bad(f, "not an absolute path");
      out.kind = UnlockSource::Kind::PasswordFile;
      out.path = x.get<std::string>();
      ++sources;
    } else if (key == "password_fd") {
      if (!x.is_number_integer() || x.get<std::int64_t>() < 0 || x.get<std::int64_t>() > 1023) {
        return bad(f, "not a file descriptor number in 0..1023");
      }
      out.kind = UnlockSource::Kind::PasswordFd;
      out.fd = static_cast<int>(x.get<std::int64_t>());
      ++sources;
    } else if (key == "systemd_credential") {
      if (!x.is_string()) return bad(f, "not a string");
      const std::string name = x.get<std::string>();
      if (name.empty() || name.size() > 255 || name == "." || name == ".." || name.find('/') != std::string::npos ||
          name.find('\0') != std::string::npos) {
        return bad(f, "not a credential name (a file name under $CREDENTIALS_DIRECTORY, no '/')");
      }
      out.kind = UnlockSource::Kind::SystemdCredential;
      out.name = name;
      ++sources;
    } else if (key == "create_if_missing") {
      if (!x.is_boolean()) return bad(f, "not true or false");
      out.createIfMissing = x.get<bool>();
    } else if (key == "password") {
      return bad(f, "a password is never written in the configuration file; use password_file, password_fd or systemd_credential");
    } else {
      return bad(f, "unknown key (known: password_file, password_fd, systemd_credential, create_if_missing)");
    }
  }
  if (sources != 1) return bad(field, "needs exactly one of password_file, password_fd, systemd_credential");
  return out;
}

lezpay::util::Result<ModuleSettings> decodeModule(const Json& v, const std::string& field) {
  if (!v.is_object()) return bad(field, "not an object {\"name\":..., \"settings\":[...]}");
  ModuleSettings out;
  auto name = v.find("name");
  if (name == v.end()) return bad(field + ".name", "missing");
  if (!name->is_string() || !isIdentifier(name->get<std::string>())) {
    return bad(field + ".name", "not a module name (letters, digits and '_', at most 64)");
  }
  out.name = name->get<std::string>();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it.key() != "name" && it.key() != "settings" && it.key() != "restart") {
      return bad(field + "." + shown(it.key()), "unknown key (known: name, settings, restart)");
    }
  }
  if (auto restart = v.find("restart"); restart != v.end()) {
    if (!restart->is_string() || (restart->get<std::string>() != kRestartAlways && restart->get<std::string>() != kRestartStayDown)) {
      return bad(field + ".restart", "not \"restart\" or \"stay-down\"");
    }
    out.restart = restart->get<std::string>();
  }
  auto settings = v.find("settings");
  if (settings == v.end()) return out;
  const std::string sf = field + ".settings";
  if (!settings->is_array()) return bad(sf, "not a list of steps [{\"<operation>\":{params}}, ...]");
  if (settings->size() > kMaxSettingsSteps) return bad(sf, "more than " + std::to_string(kMaxSettingsSteps) + " steps");
  for (std::size_t j = 0; j < settings->size(); ++j) {
    const Json& step = (*settings)[j];
    const std::string stf = sf + "[" + std::to_string(j) + "]";
    if (!step.is_object() || step.size() != 1) {
      return bad(stf, "not an object with exactly one key, the operation's name, e.g. {\"configure\":{...}}");
    }
    SettingsStep s;
    s.operation = step.begin().key();
    const std::string of = stf + "." + shown(s.operation);
    if (!isIdentifier(s.operation)) return bad(of, "not an operation name (letters, digits and '_', at most 64)");
    s.params = step.begin().value();
    if (!s.params.is_object()) return bad(of, "not an object (the operation's params)");
    if (s.operation == kUnlockStep) {
      auto unlock = decodeUnlock(s.params, of);
      if (!unlock.ok()) return unlock.error();
      s.unlock = unlock.value();
    }
    out.steps.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::string settingsStepPath(std::size_t module, std::size_t step, const std::string& operation) {
  return "modules[" + std::to_string(module) + "].settings[" + std::to_string(step) + "]." + operation;
}

lezpay::util::Result<DaemonSettings> decodeDaemonSettings(std::string_view text) {
  if (text.size() > kMaxDaemonConfigBytes) return bad("", "larger than " + std::to_string(kMaxDaemonConfigBytes) + " bytes");
  auto parsed = lezpay::util::parseJson(text);
  if (!parsed.ok()) return bad("", "not JSON: " + parsed.error().message);
  Json doc = std::move(parsed.value());
  if (!doc.is_object()) return bad("", "not a JSON object");
  DaemonSettings out;
  auto modules = doc.find("modules");
  if (modules != doc.end()) {
    if (!modules->is_array()) return bad("modules", "not a list of {\"name\",\"settings\"}");
    if (modules->size() > kMaxSettingsModules) return bad("modules", "more than " + std::to_string(kMaxSettingsModules) + " modules");
    for (std::size_t i = 0; i < modules->size(); ++i) {
      const std::string field = "modules[" + std::to_string(i) + "]";
      auto m = decodeModule((*modules)[i], field);
      if (!m.ok()) return m.error();
      for (const auto& earlier : out.modules) {
        if (earlier.name == m.value().name) return bad(field + ".name", "'" + earlier.name + "' is listed twice");
      }
      out.modules.push_back(std::move(m.value()));
    }
    doc.erase("modules");
  }
  // The flags: daemon/config.json's rules, its messages without that file's name.
  auto flags = decodeDaemonConfig(doc.dump(-1, ' ', false, Json::error_handler_t::replace));
  if (!flags.ok()) {
    std::string message = flags.error().message;
    const std::string prefix = "daemon/config.json: ";
    if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
    if (message.find("unknown key (known: ") != std::string::npos) {
      message.insert(message.find("unknown key (known: ") + std::string("unknown key (known: ").size(), "modules, ");
    }
    return bad("", message);
  }
  out.flags = flags.value();
  return out;
}

std::string encodeDaemonSettings(const DaemonSettings& settings) {
  auto flags = lezpay::util::parseJson(encodeDaemonConfig(settings.flags));
  Json doc = flags.ok() ? flags.value() : Json{{"version", kDaemonConfigVersion}};
  if (!settings.modules.empty()) {
    Json modules = Json::array();
    for (const auto& m : settings.modules) {
      Json steps = Json::array();
      for (const auto& s : m.steps) steps.push_back(Json{{s.operation, s.params}});
      Json entry{{"name", m.name}, {"settings", steps}};
      if (m.restart) entry["restart"] = *m.restart;
      modules.push_back(std::move(entry));
    }
    doc["modules"] = modules;
  }
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace logos::host
