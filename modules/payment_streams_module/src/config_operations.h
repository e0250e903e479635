#pragma once
// `configure` of payment_streams_module: program id, clock account, AT program id and timeouts,
// persisted in the state file (module_state.h).

#include "module_services.h"

namespace payment_streams {

void registerConfigOperations(ModuleServices& s);

}  // namespace payment_streams
