#pragma once
// The agent side of x402_module (spend requests, audit log, httpGet, the user-side Store
// proof_of_payment arm). The plugin shell (x402_module_plugin.cpp) owns one AgentOperations and
// forwards registration, init and shutdown to it; the server side lives in its own files.

#include <memory>

#include "module_shell.h"

namespace x402mod {

class AgentOperations {
 public:
  // Registers the agent operations and events through `shell` (called from the plugin constructor).
  explicit AgentOperations(ModuleShell shell);
  ~AgentOperations();
  // Opens persisted state under the module's persistence directory; answers an envelope.
  logos::Json onInit();
  void onShutdown();

 private:
  struct State;
  ModuleShell shell_;
  std::unique_ptr<State> state_;
};

}  // namespace x402mod
