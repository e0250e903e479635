#pragma once
// The local stream inventory of payment_streams_module (payment-streams.md §8): listMyStreams
// (the streams this module created, negotiated or rediscovered, each with its folded chain
// status) and rediscoverStreams (a vault's streams scanned on chain into the inventory).

#include "module_services.h"

namespace payment_streams {

void registerInventoryOperations(ModuleServices& s);

}  // namespace payment_streams
