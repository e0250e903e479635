#pragma once
// Who decided a spend request, for the audit log: read from the host's caller stamp
// (interfaces/logos/caller.h), which no client can set.
//   client (CLI or any RPC client): by = the token's name ("auto (boot token)" for the boot
//     token), via = "cli <transport>" plus the peer address on a network transport;
//   a module acting for a person (console_module): by / via as that module names them
//     ("owner (password)", "console 127.0.0.1");
//   another module: "module <name>" for both; no stamp (a unit test): "unknown".

#include "logos/json.h"

namespace x402mod {

// {"<verb>_by": .., "<verb>_via": ..}, e.g. verb "approved".
logos::Json decisionFields(const char* verb, const logos::Json& callerStamp);

}  // namespace x402mod
