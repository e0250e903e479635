#pragma once
// Chain reads of payment_streams_module (payment-streams.md §8): vault and stream status (the
// stream folded to the configured clock), decoded account reads, clocks, a transaction's status
// and the wallet check. Nothing here writes to the chain or to local state.

#include "module_services.h"

namespace payment_streams {

void registerReadOperations(ModuleServices& s);

}  // namespace payment_streams
