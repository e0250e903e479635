#pragma once
// The daemon side of `logoscore install-module`: the `install_module` RPC (docs/protocol.md
// "install-module"). The package path is read by the daemon, so the request is accepted on the
// local socket only; the package goes into the daemon's first modules directory and the
// directories are rescanned, so `load-module <name>` works at once.
#include "logos/envelope.h"

namespace logos::host {

class ModuleHost;

Json installModuleRequest(ModuleHost& host, bool viaLocalSocket, const Json& params);

}  // namespace logos::host
