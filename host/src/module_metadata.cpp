#include "logos/host/module_metadata.h"

#include <algorithm>

#include "lezpay/util/json_parse.h"
#include "logos/error_codes.h"

namespace logos::host {
namespace {

using lezpay::util::Error;
using lezpay::util::Result;

Error bad(const std::string& message) {
  return Error{std::string(toString(ErrorCode::ModuleLoadFailed)), message};
}

// Reads a required (or optional) string field; empty optional fields stay "".
Result<std::string> stringField(const Json& o, const char* key, bool required) {
  auto it = o.find(key);
  if (it == o.end()) {
    if (required) return bad(std::string(key) + ": required field is missing");
    return std::string();
  }
  if (!it->is_string()) return bad(std::string(key) + ": not a string");
  if (required && it->get_ref<const std::string&>().empty()) return bad(std::string(key) + ": must not be empty");
  return it->get<std::string>();
}

Result<std::vector<std::string>> stringArrayField(const Json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return bad(std::string(key) + ": required field is missing");
  if (!it->is_array()) return bad(std::string(key) + ": not an array");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& v = (*it)[i];
    if (!v.is_string()) return bad(std::string(key) + "[" + std::to_string(i) + "]: not a string");
    out.push_back(v.get<std::string>());
  }
  return out;
}

// "dependency_operations": optional; each key a declared dependency, each value a non-empty array
// of distinct, non-empty operation names.
Result<std::map<std::string, std::vector<std::string>>> dependencyOperationsField(const Json& o, const std::vector<std::string>& deps) {
  std::map<std::string, std::vector<std::string>> out;
  auto it = o.find("dependency_operations");
  if (it == o.end()) return out;
  if (!it->is_object()) return bad("dependency_operations: not an object");
  for (auto dep = it->begin(); dep != it->end(); ++dep) {
    const std::string path = "dependency_operations." + dep.key();
    if (std::find(deps.begin(), deps.end(), dep.key()) == deps.end()) {
      return bad(path + ": '" + dep.key() + "' is not listed in dependencies");
    }
    if (!dep.value().is_array()) return bad(path + ": not an array");
    if (dep.value().empty()) return bad(path + ": must name at least one operation");
    std::vector<std::string> ops;
    for (std::size_t i = 0; i < dep.value().size(); ++i) {
      const Json& v = dep.value()[i];
      const std::string at = path + "[" + std::to_string(i) + "]";
      if (!v.is_string()) return bad(at + ": not a string");
      const std::string& op = v.get_ref<const std::string&>();
      if (op.empty()) return bad(at + ": must not be empty");
      if (std::find(ops.begin(), ops.end(), op) != ops.end()) return bad(at + ": '" + op + "' is listed twice");
      ops.push_back(op);
    }
    out[dep.key()] = std::move(ops);
  }
  return out;
}

}  // namespace

const std::vector<std::string>* scopedOperations(const ModuleMetadata& m, const std::string& target) {
  auto it = m.dependencyOperations.find(target);
  return it == m.dependencyOperations.end() ? nullptr : &it->second;
}

bool isValidModuleName(const std::string& name) {
  if (name.empty() || name.size() > 64 || name == "." || name == "..") return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<ModuleMetadata> parseModuleMetadata(const Json& o) {
  if (!o.is_object()) return bad("metadata: not a JSON object");
  ModuleMetadata m;
  m.raw = o;
  struct Req { const char* key; std::string* out; bool required; };
  const Req fields[] = {
      {"name", &m.name, true},         {"version", &m.version, true},   {"description", &m.description, true},
      {"author", &m.author, true},     {"category", &m.category, true}, {"type", &m.type, true},
      {"main", &m.main, true},         {"interface", &m.interface, false},
  };
  for (const auto& f : fields) {
    auto r = stringField(o, f.key, f.required);
    if (!r.ok()) return r.error();
    *f.out = r.value();
  }
  if (!isValidModuleName(m.name)) {
    return bad("name: '" + m.name + "' is not a valid module name (1-64 characters of A-Z a-z 0-9 _ -)");
  }
  if (m.type != "core" && m.type != "ui" && m.type != "ui_qml" && m.type != "library") {
    return bad("type: '" + m.type + "' is not one of core, ui, ui_qml, library");
  }
  if (m.main != m.name + "_plugin") return bad("main: '" + m.main + "' must be '" + m.name + "_plugin'");
  if (m.interface.empty()) m.interface = "legacy";
  if (m.interface != "universal") {
    return bad("interface: '" + m.interface + "' is not supported by this host (only 'universal')");
  }
  auto deps = stringArrayField(o, "dependencies");
  if (!deps.ok()) return deps.error();
  m.dependencies = deps.value();
  for (std::size_t i = 0; i < m.dependencies.size(); ++i) {
    const std::string& d = m.dependencies[i];
    if (!isValidModuleName(d)) return bad("dependencies[" + std::to_string(i) + "]: '" + d + "' is not a valid module name");
    if (d == m.name) return bad("dependencies[" + std::to_string(i) + "]: a module cannot depend on itself");
    for (std::size_t j = 0; j < i; ++j) {
      if (m.dependencies[j] == d) return bad("dependencies[" + std::to_string(i) + "]: '" + d + "' is listed twice");
    }
  }
  auto scoped = dependencyOperationsField(o, m.dependencies);
  if (!scoped.ok()) return scoped.error();
  m.dependencyOperations = std::move(scoped).value();
  auto caps = stringArrayField(o, "capabilities");
  if (!caps.ok()) return caps.error();
  m.capabilities = caps.value();
  return m;
}

Result<ModuleMetadata> parseModuleMetadataText(const std::string& text) {
  auto parsed = lezpay::util::parseJson(text);
  if (!parsed.ok()) return bad("metadata: " + parsed.error().message);
  return parseModuleMetadata(parsed.value());
}

}  // namespace logos::host
