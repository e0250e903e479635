#pragma once
// How a client's `call <module> <method> [args...]` becomes one operation with a checked params
// object (logos-core.md §9, docs/protocol.md "call"). Three forms:
//   chainAction <operation> [<params object or its JSON text>]
//   <operation> <one object>          the params object, unless the first parameter itself takes
//                                     an object, any value or bytes (then the object is that
//                                     parameter)
//   <operation> <arg> <arg> ...       positional, in the descriptor's parameter order
// Pure: descriptors and JSON in, a bound call or an error out; the host and any other front end
// (a web console, an MCP server) bind the same way.

#include <optional>
#include <string>
#include <vector>

#include "logos/error_codes.h"
#include "logos/json.h"
#include "logos/operation.h"

namespace logos::sdk {

struct BindError {
  ErrorCode code = ErrorCode::InvalidArgs;
  std::string message;
  Json extra = Json::object();  // keys added to the error envelope: available_methods, usage, json_error
};

struct BoundCall {
  std::string operation;
  Json params;                      // passed checkParams: defaults filled in
  std::optional<BindError> error;   // set when the call cannot be bound
};

// `module` names the module in messages; `operations` is its descriptor table.
// `argTexts` (optional, docs/protocol.md "call"): an array parallel to `args` holding the original
// command-line text of each argument the client typed by its own rules (null for json:, str: and
// @file forms). In the positional form, a parameter the descriptor declares as text (string, hex,
// hex32, account) takes that text instead of the typed value, so `0123`, `-5`, `1e3` or 64 zeros
// reach it as written. chainAction and the object form are not affected.
BoundCall bindClientCall(const std::string& module, const std::vector<OperationSpec>& operations, const std::string& method,
                         const Json& args, const Json& argTexts = nullptr);

}  // namespace logos::sdk
