#pragma once
// The seam between the x402_module plugin shell and its two sides (server_operations.h:
// merchant, facilitator, settlement journal; agent_operations.h: spend requests, audit log,
// httpGet, Store proof_of_payment arm). Each side registers its operations through it.

#include <functional>
#include <string>

#include "logos/module_context.h"
#include "logos/operation.h"
#include "logos/sdk/dispatcher.h"

namespace x402mod {

// What each side needs from the module shell.
struct ModuleShell {
  // An operation that answers now, reading its checked parameters through typed accessors
  // (logos/sdk/args.h).
  std::function<void(logos::OperationSpec, logos::sdk::Dispatcher::Handler)> addOperation;
  std::function<void(logos::EventSpec)> addEvent;
  std::function<void(const std::string&, const logos::Json&)> emitEvent;
  std::function<logos::ModuleContext*()> context;  // non-null from onInit on
  // An operation that completes its Reply later (sdk/dispatcher.h AsyncHandler).
  std::function<void(logos::OperationSpec, logos::sdk::Dispatcher::AsyncHandler)> addAsyncOperation;
};

}  // namespace x402mod
