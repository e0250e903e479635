#pragma once
// metadata.json of a module (logos-core.md §2), validated field by field. Every problem is
// reported with the field's path (`dependencies[1]: not a string`) so that a refused module
// names its file and the reason.

#include <map>
#include <string>
#include <vector>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace logos::host {

struct ModuleMetadata {
  std::string name;
  std::string version;
  std::string description;
  std::string author;
  std::string category;
  std::string type;       // core | ui | ui_qml | library
  std::string main;       // <name>_plugin
  std::string interface;  // universal | cdylib | legacy
  std::vector<std::string> dependencies;
  // Optional "dependency_operations": {"<dependency>": ["<operation>", ...]}. A dependency named
  // here may be called for these operations only (least authority: delivery_module faces the
  // network and gets wallet_module's node-key operations, not its money operations); the host
  // enforces it on the routed and the direct path. A dependency not named keeps every operation.
  std::map<std::string, std::vector<std::string>> dependencyOperations;
  std::vector<std::string> capabilities;
  Json raw;               // the whole object as read
};

// True for 1-64 bytes of [A-Za-z0-9_-], not "." or "..".
bool isValidModuleName(const std::string& name);

// The operations `m` may call on `target` when it scopes that dependency; nullptr when it does not.
const std::vector<std::string>* scopedOperations(const ModuleMetadata& m, const std::string& target);

// Validates a parsed metadata object. Error code MODULE_LOAD_FAILED; the message starts with
// the offending field.
lezpay::util::Result<ModuleMetadata> parseModuleMetadata(const Json& object);

// Parses metadata.json text (syntax errors report the byte offset) and validates it.
lezpay::util::Result<ModuleMetadata> parseModuleMetadataText(const std::string& text);

}  // namespace logos::host
