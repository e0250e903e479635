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

namespace logos::host {

// One command's answer for a person at a terminal (the JSON form is for pipes and `--json`): one
// `key: value` line per field, nested objects indented, amounts (u128 decimal strings under the
// amount names of docs/protocol.md) grouped by thousands with their unit, Unix times under time
// names as UTC dates. Pure: the same document always gives the same text.
std::string humanText(const Json& doc);

// One event for a person: `<event>  name=value ...` with the parameter names the module declares
// for it (module-info `events`), in declared order; positional data without declared names keeps
// `argN` names.
std::string humanEvent(const Json& event, const Json& declaredParams);

}  // namespace logos::host
