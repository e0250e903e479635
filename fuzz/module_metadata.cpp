// Fuzz target: logos::host::parseModuleMetadataText (host/include/logos/host/module_metadata.h),
// which reads every module's metadata.json from the modules directory. Compiled with
// host/src/module_metadata.cpp alone (no Qt).
// Properties: no crash and no exception; a refusal is MODULE_LOAD_FAILED with a message that
// starts with the offending field ("name: ...", "dependencies[1]: ..."); accepted metadata has a
// valid name, main = <name>_plugin, interface "universal", distinct valid dependencies other
// than itself, and written back as JSON parses to the same fields.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "logos/host/module_metadata.h"

namespace {

using logos::host::ModuleMetadata;

bool sameFields(const ModuleMetadata& a, const ModuleMetadata& b) {
  return a.name == b.name && a.version == b.version && a.description == b.description && a.author == b.author &&
         a.category == b.category && a.type == b.type && a.main == b.main && a.interface == b.interface &&
         a.dependencies == b.dependencies && a.capabilities == b.capabilities;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto m = logos::host::parseModuleMetadataText(text);
  if (!m.ok()) {
    FUZZ_CHECK(m.error().code == "MODULE_LOAD_FAILED");
    const auto& msg = m.error().message;
    FUZZ_CHECK(msg.find(": ") != std::string::npos && msg.find(": ") > 0);
    return 0;
  }
  FUZZ_CHECK(logos::host::isValidModuleName(m->name));
  FUZZ_CHECK(m->main == m->name + "_plugin" && m->interface == "universal");
  for (std::size_t i = 0; i < m->dependencies.size(); ++i) {
    FUZZ_CHECK(logos::host::isValidModuleName(m->dependencies[i]) && m->dependencies[i] != m->name);
    for (std::size_t j = 0; j < i; ++j) FUZZ_CHECK(m->dependencies[j] != m->dependencies[i]);
  }
  const logos::Json back{{"name", m->name},         {"version", m->version},     {"description", m->description},
                         {"author", m->author},     {"category", m->category},   {"type", m->type},
                         {"main", m->main},         {"interface", m->interface}, {"dependencies", m->dependencies},
                         {"capabilities", m->capabilities}};
  auto again = logos::host::parseModuleMetadataText(back.dump());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(sameFields(*again, *m));
  return 0;
}
