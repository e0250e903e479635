#pragma once
// What the operation groups of payment_streams_module share: the host context, the persistent
// state, chain access through the wallet, and a way to register operations.

#include <functional>

#include "chain_reader.h"
#include "logos/module_context.h"
#include "logos/operation.h"
#include "logos/sdk/dispatcher.h"
#include "module_state.h"

namespace payment_streams {

struct ModuleServices {
  logos::ModuleContext* context = nullptr;  // set in onInit
  ModuleState* state = nullptr;             // set in onInit
  std::function<void(logos::OperationSpec, logos::sdk::Dispatcher::Handler)> addOperation;

  ChainReader chain() const { return ChainReader(context, state->config.walletTimeoutMs); }
};

// JSON views of decoded accounts (amounts as decimal strings, ids base58).
Json vaultConfigJson(const lez::streams::VaultConfig& c);
Json streamConfigJson(const lez::streams::StreamConfig& s);
Json clockJson(const lez::core::ClockAccountData& c);
std::string_view stateName(lez::streams::StreamState s);
// Adds key, key_lo and key_hi for a u128.
void putAmount(Json& out, const std::string& key, const U128& v);

}  // namespace payment_streams
