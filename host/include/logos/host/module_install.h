#pragma once
// install-module: a verified .lgx unpacked into a modules directory (logos-core.md §21,
// docs/protocol.md "install-module"). The package is read and checked whole in memory
// (lezpay::lgx: layout, manifest, content hashes, the variant this host loads) before anything
// is written; the variant is then written into a 0700 temporary directory beside the target
// (files 0600) and renamed to <modules dir>/<name> in one step, so a refused or failed install
// leaves nothing behind and a discovery never sees half a module.
#include <string>

#include "lezpay/lgx/limits.h"
#include "lezpay/util/result.h"

namespace logos::host {

struct InstalledModule {
  std::string name;
  std::string version;
  std::string variant;
  std::string directory;
  std::size_t files = 0;
  std::string rootHash;
  bool signedPackage = false;
};

// Error codes: the LGX_* codes of lezpay/lgx/lgx_error.h, LGX_INSTALLED when <name> exists in
// the modules directory, LGX_IO when the package cannot be read or the directory written.
lezpay::util::Result<InstalledModule> installModulePackage(const std::string& packagePath, const std::string& modulesDir,
                                                           const lezpay::lgx::Limits& limits = {});

}  // namespace logos::host
