#include "logos/host/cli_output.h"

#include <cstdio>

#include "logos/envelope.h"

namespace logos::host {

ExitCode exitCodeForCode(std::string_view code) {
  if (code == toString(ErrorCode::NoDaemon)) return ExitCode::NoDaemon;
  if (code == toString(ErrorCode::ModuleNotFound) || code == toString(ErrorCode::ModuleNotLoaded) ||
      code == toString(ErrorCode::ModuleLoadFailed) || code == toString(ErrorCode::TokenExists) ||
      code == toString(ErrorCode::TokenNotFound) || code == toString(ErrorCode::PackageRefused)) {
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

std::string errorLine(const Json& envelope) {
  if (isOk(envelope)) return {};
  auto text = [&envelope](const char* key, const char* fallback) {
    auto it = envelope.is_object() ? envelope.find(key) : envelope.end();
    return envelope.is_object() && it != envelope.end() && it->is_string() ? it->get<std::string>() : std::string(fallback);
  };
  std::string line = text("code", "ERROR") + ": " + text("message", "the command failed");
  // One line, whatever the message holds.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

std::string statsTable(const Json& rows) {
  auto number = [](const Json& row, const char* key) {
    auto it = row.find(key);
    return it != row.end() && it->is_number() ? it->get<double>() : 0.0;
  };
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-32s %8s %7s %10s\n", "MODULE", "PID", "CPU%", "MEMORY");
  out += line;
  if (!rows.is_array()) return out;
  for (const auto& row : rows) {
    if (!row.is_object()) continue;
    const std::string name = row.value("name", std::string("?"));
    const std::string pid = row.contains("pid") && row["pid"].is_number_integer() ? std::to_string(row["pid"].get<std::int64_t>()) : "-";
    std::snprintf(line, sizeof line, "%-32s %8s %6.1f%% %7.1f MiB\n", name.c_str(), pid.c_str(), number(row, "cpu_percent"),
                  number(row, "memory_mb"));
    out += line;
  }
  return out;
}

}  // namespace logos::host
