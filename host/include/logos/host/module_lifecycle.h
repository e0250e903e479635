#pragma once
// The phases a module goes through in the host (STYLE.md "Modules and the host"):
//   discovered -> resolved -> loaded -> initialized -> running -> stopped
// and failed from any phase before stopped. Pure: the loader asks before every move, so a
// module never skips a phase, and a refused move names both ends.

#include <string>

#include "lezpay/util/result.h"

namespace logos::host {

enum class ModuleState { Discovered, Resolved, Loaded, Initialized, Running, Stopped, Failed };

const char* toString(ModuleState s);

// True for the moves listed above (and X -> failed for every X but stopped and failed).
bool canMove(ModuleState from, ModuleState to);

// okStatus for an allowed move; otherwise INTERNAL "module 'name': cannot move from A to B".
lezpay::util::Status checkMove(const std::string& name, ModuleState from, ModuleState to);

}  // namespace logos::host
