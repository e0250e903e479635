#pragma once
// The client's token commands (logos-core.md §14): issue-token, list-tokens, revoke-token. They
// work on <config>/daemon/ files only: no daemon contact, LOGOSCORE_TOKEN ignored, so they run
// before the client connects to anything. `--scope` is ours (token_scope.h).

#include <string>
#include <string_view>
#include <vector>

#include "logos/json.h"

namespace logos::host {

struct TokenCommandOutcome {
  Json output;   // the one JSON document for stdout
  int exitCode;  // 0; 1 INVALID_ARGS, INVALID_NAME, INVALID_EXPIRES, INVALID_SCOPE, IO_ERROR; 3 TOKEN_EXISTS, TOKEN_NOT_FOUND
};

bool isTokenCommand(std::string_view command);

// `args[0]` is the command, global flags (--json, --config-dir) already taken out. A refusal also
// writes one line "CODE: message" to stderr.
TokenCommandOutcome runTokenCommand(const std::vector<std::string>& args, const std::string& configDir);

}  // namespace logos::host
