#pragma once
// What the operation groups of payment_streams_module share: the host context, the persistent
// state, chain access through the wallet, and the way to register an operation.
//
// Handlers answer through `Answer`, exactly once; they read chains of wallet calls as
// continuations (chain_reader.h) and never wait on the module's thread themselves.

#include <functional>

#include "chain_reader.h"
#include "logos/module_context.h"
#include "logos/operation.h"
#include "logos/sdk/args.h"
#include "module_state.h"

namespace payment_streams {

struct ModuleServices;
using OperationHandler = std::function<void(ModuleServices& s, const logos::sdk::Args& args, Answer done)>;

struct ModuleServices {
  logos::ModuleContext* context = nullptr;  // set in onInit
  ModuleState* state = nullptr;             // set in onInit
  // Registers an operation on the module's dispatcher.
  std::function<void(logos::OperationSpec, OperationHandler)> addOperation;
  // How a wallet_module call is made: callAsync in the plugin, a scripted wallet in unit tests.
  WalletCall walletCall;
  // Emits one of the module's declared events (positional arguments); a no-op in unit tests.
  std::function<void(const std::string& event, const Json& args)> emitEvent;

  // False once the module shut down: a continuation that arrives later answers stopped().
  bool running() const { return state != nullptr; }
  const ModuleConfig& config() const { return state->config; }
  ChainReader chain() const { return ChainReader(walletCall, state->config.walletTimeoutMs); }
};

// The answer of an operation whose module shut down while it waited (CANCELLED).
Json stopped();

}  // namespace payment_streams
