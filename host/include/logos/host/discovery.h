#pragma once
// Module discovery: finds `<name>_plugin.so` files in the module directories (the directory
// itself and its immediate subdirectories) and reads their embedded metadata through
// QPluginLoader::metaData(), which parses the library file without running any module code.
// Every refused file is reported as a problem naming the module, the file and the reason.

#include <string>
#include <vector>

#include "logos/host/module_metadata.h"

namespace logos::host {

struct DiscoveredModule {
  ModuleMetadata metadata;
  std::string libraryPath;
};

struct DiscoveryProblem {
  std::string module;  // name derived from the file name
  std::string file;
  std::string reason;
};

struct Discovery {
  std::vector<DiscoveredModule> modules;
  std::vector<DiscoveryProblem> problems;

  const DiscoveredModule* find(const std::string& name) const;
  const DiscoveryProblem* problemFor(const std::string& name) const;
};

Discovery discoverModules(const std::vector<std::string>& moduleDirs);

}  // namespace logos::host
