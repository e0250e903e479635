#pragma once
// Vault writes of payment_streams_module (payment-streams.md §8): initializeVault, deposit,
// withdraw. Each is one transaction through the write pipeline (write_pipeline.h) with its own
// pre-state check and read-back.

#include "module_services.h"

namespace payment_streams {

void registerVaultOperations(ModuleServices& s);

}  // namespace payment_streams
