#pragma once
// The host's stamp of who called an operation (interfaces/logos/caller.h): added to the params of
// operations that declare takesCaller, overwriting any "$caller" the caller sent. Pure.

#include <string>
#include <vector>

#include "logos/json.h"
#include "logos/operation.h"

namespace logos::host {

// True when `operation` is described in `ops` with takesCaller.
bool operationTakesCaller(const std::vector<OperationSpec>& ops, const std::string& operation);

// A client RPC call: `tokenName` "" for the boot token, `transport` local|tcp|tcp_ssl, `peer`
// the remote address ("" on the local socket).
Json clientCallerStamp(const std::string& tokenName, const std::string& transport, const std::string& peer);

// `params` (an object) with "$caller" = `stamp`; unchanged when the operation takes no caller.
Json stampClientCall(const std::vector<OperationSpec>& ops, const std::string& operation, Json params, const Json& stamp);

// A module-to-module call from `callerModule`: "$caller" = {"kind":"module","module",
// "on_behalf_of": params["$on_behalf_of"] when it is an object, else null}, and "$on_behalf_of"
// removed. Unchanged when the operation takes no caller.
Json stampModuleCall(const std::vector<OperationSpec>& ops, const std::string& operation, Json params, const std::string& callerModule);

}  // namespace logos::host
