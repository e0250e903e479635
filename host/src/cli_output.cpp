#include "logos/host/cli_output.h"

#include "logos/envelope.h"

namespace logos::host {

ExitCode exitCodeForCode(std::string_view code) {
  if (code == toString(ErrorCode::NoDaemon)) return ExitCode::NoDaemon;
  if (code == toString(ErrorCode::ModuleNotFound) || code == toString(ErrorCode::ModuleNotLoaded) ||
      code == toString(ErrorCode::ModuleLoadFailed) || code == toString(ErrorCode::TokenExists) ||
      code == toString(ErrorCode::TokenNotFound)) {
    return ExitCode::ModuleError;
  }
  if (code == toString(ErrorCode::MethodNotFound) || code == toString(ErrorCode::MethodFailed) ||
      code == toString(ErrorCode::InvalidArgs) || code == toString(ErrorCode::Timeout) ||
      code == toString(ErrorCode::AccessDenied) || code == toString(ErrorCode::CallCycle) ||
      code == toString(ErrorCode::Cancelled) || code == toString(ErrorCode::Forbidden)) {
    return ExitCode::MethodError;
  }
  return ExitCode::General;
}

ExitCode exitCodeFor(const Json& envelope) {
  if (isOk(envelope)) return ExitCode::Ok;
  if (envelope.is_object() && envelope.contains("code") && envelope["code"].is_string()) {
    return exitCodeForCode(envelope["code"].get<std::string>());
  }
  return ExitCode::General;
}

}  // namespace logos::host
