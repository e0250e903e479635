#include "logos/host/module_lifecycle.h"

namespace logos::host {

const char* toString(ModuleState s) {
  switch (s) {
    case ModuleState::Discovered: return "discovered";
    case ModuleState::Resolved: return "resolved";
    case ModuleState::Loaded: return "loaded";
    case ModuleState::Initialized: return "initialized";
    case ModuleState::Running: return "running";
    case ModuleState::Stopped: return "stopped";
    case ModuleState::Failed: return "failed";
  }
  return "failed";
}

bool canMove(ModuleState from, ModuleState to) {
  using S = ModuleState;
  if (to == S::Failed) return from != S::Stopped && from != S::Failed;
  switch (from) {
    case S::Discovered: return to == S::Resolved;
    case S::Resolved: return to == S::Loaded;
    case S::Loaded: return to == S::Initialized || to == S::Stopped;
    case S::Initialized: return to == S::Running || to == S::Stopped;
    case S::Running: return to == S::Stopped;
    case S::Stopped:
    case S::Failed: return false;
  }
  return false;
}

lezpay::util::Status checkMove(const std::string& name, ModuleState from, ModuleState to) {
  if (canMove(from, to)) return lezpay::util::okStatus();
  return lezpay::util::Error{"INTERNAL", "module '" + name + "': cannot move from " + toString(from) + " to " + toString(to)};
}

}  // namespace logos::host
