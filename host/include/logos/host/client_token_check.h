#pragma once
// The answer of ModuleContext::authorizeClientToken (interfaces/logos/module_context.h): the rule
// of request_auth.h for a request on a network transport, plus the token's name and scope text.

#include <string>

#include "logos/host/daemon_files.h"
#include "logos/json.h"

namespace logos::host {

// {"status":"ok","name" ("" = the boot token),"scope" (canonical text or null)} or the
// UNAUTHORIZED / FORBIDDEN envelope with the host's sentence. Reads tokens.json (thread-safe).
Json checkClientTokenForModule(const DaemonPaths& paths, const std::string& bootToken, const std::string& token,
                               const std::string& module, const std::string& operation);

}  // namespace logos::host
