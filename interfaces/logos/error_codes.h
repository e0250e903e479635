#pragma once
// Stable error codes of the host/module boundary. They appear as strings in every error
// envelope (`{"status":"error","code":"<CODE>","message":...}`), in CLI output and in the client
// RPC (docs/protocol.md). Never renumber or rename: scripts match on them.

#include <string_view>

namespace logos {

enum class ErrorCode {
  InvalidArgs,       // arguments do not match the operation's described parameters
  MethodNotFound,    // no such operation on the module
  MethodFailed,      // the operation threw, answered malformed output, or answered status:error
  ModuleNotFound,    // no discovered module of that name
  ModuleNotLoaded,   // discovered but not loaded
  ModuleLoadFailed,  // metadata, dependency, library or initialisation failure
  AccessDenied,      // access policy refuses caller -> target
  Timeout,           // no answer within the call's timeout
  CallCycle,         // synchronous call would wait on a module that waits on the caller
  Unauthorized,      // client RPC token missing or wrong
  NoDaemon,          // client found no daemon socket to talk to
  RpcFailed,         // client RPC transport or framing failure
  Internal,          // broken invariant inside the host (a bug)
  Cancelled,         // the caller went away or timed out before the operation answered
  Forbidden,         // a scoped client token may not run this request (docs/protocol.md "Named and scoped tokens")
  InvalidName,       // a token name breaks the naming rule (logos-core.md §14)
  InvalidExpires,    // an --expires value is neither a duration nor a UTC date
  InvalidScope,      // a --scope value does not parse (docs/protocol.md "Named and scoped tokens")
  TokenExists,       // issue-token of a name that exists, without --replace
  TokenNotFound,     // revoke-token of a name that does not exist
  IoError,           // a token file could not be read, written, or is of an unsupported version
  PackageRefused,    // install-module refused a .lgx; the envelope's "reason" holds the LGX_* code (docs/protocol.md "install-module")
  ModuleCrashed,     // the module's process exited before it answered, or is down after such an exit
};

constexpr std::string_view toString(ErrorCode c) {
  switch (c) {
    case ErrorCode::InvalidArgs: return "INVALID_ARGS";
    case ErrorCode::MethodNotFound: return "METHOD_NOT_FOUND";
    case ErrorCode::MethodFailed: return "METHOD_FAILED";
    case ErrorCode::ModuleNotFound: return "MODULE_NOT_FOUND";
    case ErrorCode::ModuleNotLoaded: return "MODULE_NOT_LOADED";
    case ErrorCode::ModuleLoadFailed: return "MODULE_LOAD_FAILED";
    case ErrorCode::AccessDenied: return "ACCESS_DENIED";
    case ErrorCode::Timeout: return "TIMEOUT";
    case ErrorCode::CallCycle: return "CALL_CYCLE";
    case ErrorCode::Unauthorized: return "UNAUTHORIZED";
    case ErrorCode::NoDaemon: return "NO_DAEMON";
    case ErrorCode::RpcFailed: return "RPC_FAILED";
    case ErrorCode::Internal: return "INTERNAL";
    case ErrorCode::Cancelled: return "CANCELLED";
    case ErrorCode::Forbidden: return "FORBIDDEN";
    case ErrorCode::InvalidName: return "INVALID_NAME";
    case ErrorCode::InvalidExpires: return "INVALID_EXPIRES";
    case ErrorCode::InvalidScope: return "INVALID_SCOPE";
    case ErrorCode::TokenExists: return "TOKEN_EXISTS";
    case ErrorCode::TokenNotFound: return "TOKEN_NOT_FOUND";
    case ErrorCode::IoError: return "IO_ERROR";
    case ErrorCode::PackageRefused: return "PACKAGE_REFUSED";
    case ErrorCode::ModuleCrashed: return "MODULE_CRASHED";
  }
  return "INTERNAL";
}

}  // namespace logos
