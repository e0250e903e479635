#pragma once
// The server side of x402_module (merchant HTTP server, facilitator /verify /settle /supported,
// the durable settlement journal, the provider-side Store proof_of_payment verify). The plugin shell (x402_module_plugin.cpp) owns one ServerOperations and
// forwards registration, init and shutdown to it; the agent side lives in its own files.

#include <memory>

#include "module_shell.h"

namespace x402mod {

class ServerOperations {
 public:
  // Registers the server operations and events through `shell` (called from the plugin constructor).
  explicit ServerOperations(ModuleShell shell);
  ~ServerOperations();
  // Opens the journal and starts configured servers under the module's persistence directory; answers an envelope.
  logos::Json onInit();
  void onShutdown();

 private:
  struct State;
  ModuleShell shell_;
  std::unique_ptr<State> state_;
};

}  // namespace x402mod
