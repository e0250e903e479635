#pragma once
// Exit codes of the logoscore client (logos-core.md §8):
//   0 success, 1 general error, 2 no daemon, 3 module error, 4 method error.

#include <string>
#include <string_view>

#include "logos/json.h"

namespace logos::host {

enum class ExitCode : int { Ok = 0, General = 1, NoDaemon = 2, ModuleError = 3, MethodError = 4 };

// Maps an envelope's error code to the exit code; "ok" envelopes map to Ok.
ExitCode exitCodeFor(const Json& envelope);
ExitCode exitCodeForCode(std::string_view code);

// The one stderr line of a failed command, "CODE: message" (no newline), so that a wrapper that
// builds its exception text from stderr reads the cause; empty for an ok envelope.
std::string errorLine(const Json& envelope);

// `stats` for a person: a `MODULE PID CPU% MEMORY` table, one row per entry of the stats array.
std::string statsTable(const Json& rows);

}  // namespace logos::host
