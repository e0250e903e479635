#include "lezpay/lgx/manifest.h"

#include <cctype>

#include "lezpay/lgx/lgx_error.h"
#include "lezpay/lgx/package_path.h"
#include "lezpay/util/json_parse.h"

namespace lezpay::lgx {
namespace {

using Json = nlohmann::json;

util::Error bad(const std::string& field, const std::string& why) {
  return lgxError(LgxError::Manifest, "manifest.json: \"" + field + "\" " + why);
}

util::Status text(const Json& j, const char* key, std::string& out, bool required = true) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (required) return bad(key, "is missing");
    return util::okStatus();
  }
  if (!it->is_string()) return bad(key, "must be a string");
  out = it->get<std::string>();
  if (out.size() > 4096) return bad(key, "is longer than 4096 bytes");
  return util::okStatus();
}

bool isVersionText(std::string_view v) {
  if (v.empty() || v.size() > 64) return false;
  for (char c : v) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+')) return false;
  }
  return true;
}

}  // namespace

bool isModuleName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  }
  return true;
}

bool isVariantName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

util::Result<Manifest> parseManifest(std::string_view textIn, std::size_t maxBytes) {
  if (textIn.size() > maxBytes) return lgxError(LgxError::Limit, "manifest.json is larger than " + std::to_string(maxBytes) + " bytes");
  util::JsonLimits limits;
  limits.maxDepth = 8;
  limits.maxBytes = maxBytes;
  auto parsed = util::parseJson(textIn, limits);
  if (!parsed.ok()) return lgxError(LgxError::Manifest, "manifest.json is not valid JSON: " + parsed.error().message);
  const Json& j = parsed.value();
  if (!j.is_object()) return lgxError(LgxError::Manifest, "manifest.json must be a JSON object");
  Manifest m;
  for (auto [key, field] : {std::pair{"manifestVersion", &m.manifestVersion}, {"name", &m.name}, {"version", &m.version},
                            {"description", &m.description}, {"author", &m.author}, {"type", &m.type},
                            {"category", &m.category}, {"icon", &m.icon}}) {
    if (auto s = text(j, key, *field); !s) return s.error();
  }
  if (auto s = text(j, "view", m.view, false); !s) return s.error();
  if (m.manifestVersion.substr(0, m.manifestVersion.find('.')) != "0" || m.manifestVersion != kManifestVersion) {
    return bad("manifestVersion", "is '" + m.manifestVersion.substr(0, 32) + "'; this host reads " + std::string(kManifestVersion));
  }
  if (!isModuleName(m.name)) return bad("name", "must be 1-64 bytes of letters, digits, '_' or '-'");
  if (!isVersionText(m.version)) return bad("version", "must be a version such as 1.2.3");
  if (m.type != "core" && m.type != "ui" && m.type != "ui_qml" && m.type != "library") {
    return bad("type", "must be one of core, ui, ui_qml, library");
  }
  if (m.type == "ui_qml" && m.view.empty()) return bad("view", "is required for a ui_qml package");
  if (m.type != "ui_qml" && !m.view.empty()) return bad("view", "is only allowed for a ui_qml package");

  auto main = j.find("main");
  if (main == j.end()) return bad("main", "is missing");
  if (!main->is_object()) return bad("main", "must be an object of variant -> entry file");
  for (const auto& [variant, entry] : main->items()) {
    if (!isVariantName(variant)) return bad("main", "has variant '" + variant.substr(0, 64) + "'; a variant name is lowercase letters, digits and '-'");
    if (!entry.is_string()) return bad("main", "entry of variant '" + variant + "' must be a string");
    const std::string e = entry.get<std::string>();
    if (auto p = checkPackagePath(e, 255); !p) return bad("main", "entry of variant '" + variant + "': " + p.error().message);
    m.main[variant] = e;
  }

  auto deps = j.find("dependencies");
  if (deps == j.end()) return bad("dependencies", "is missing");
  if (!deps->is_array()) return bad("dependencies", "must be an array");
  if (deps->size() > 64) return bad("dependencies", "has more than 64 entries");
  for (const auto& d : *deps) {
    Dependency dep;
    if (d.is_string()) {
      dep.name = d.get<std::string>();
    } else if (d.is_object()) {
      if (auto s = text(d, "name", dep.name); !s) return bad("dependencies", "entry: " + s.error().message);
      if (auto s = text(d, "version", dep.version, false); !s) return bad("dependencies", "entry: " + s.error().message);
      if (auto s = text(d, "signer", dep.signer, false); !s) return bad("dependencies", "entry: " + s.error().message);
    } else {
      return bad("dependencies", "entries must be names or {name, version, signer} objects");
    }
    if (!isModuleName(dep.name)) return bad("dependencies", "entry '" + dep.name.substr(0, 64) + "' is not a module name");
    m.dependencies.push_back(std::move(dep));
  }

  auto hashes = j.find("hashes");
  if (hashes == j.end()) return bad("hashes", "is missing");
  if (!hashes->is_object()) return bad("hashes", "must be an object of path -> SHA-256 hex");
  for (const auto& [path, digest] : hashes->items()) {
    if (!digest.is_string() || digest.get<std::string>().size() != 64 ||
        digest.get<std::string>().find_first_not_of("0123456789abcdef") != std::string::npos) {
      return bad("hashes", "value for '" + path.substr(0, 80) + "' must be 64 lowercase hex digits");
    }
    m.hashes[path] = digest.get<std::string>();
  }
  return m;
}

std::string encodeManifest(const Manifest& m) {
  Json j = Json::object();
  j["manifestVersion"] = m.manifestVersion;
  j["name"] = m.name;
  j["version"] = m.version;
  j["description"] = m.description;
  j["author"] = m.author;
  j["type"] = m.type;
  j["category"] = m.category;
  j["icon"] = m.icon;
  if (!m.view.empty()) j["view"] = m.view;
  j["main"] = Json(m.main);
  Json deps = Json::array();
  for (const auto& d : m.dependencies) {
    if (d.version.empty() && d.signer.empty()) {
      deps.push_back(d.name);
    } else {
      Json o{{"name", d.name}};
      if (!d.version.empty()) o["version"] = d.version;
      if (!d.signer.empty()) o["signer"] = d.signer;
      deps.push_back(o);
    }
  }
  j["dependencies"] = deps;
  j["hashes"] = Json(m.hashes);
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace lezpay::lgx
