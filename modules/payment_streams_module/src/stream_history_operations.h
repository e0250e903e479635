#pragma once
// getStreamHistory of payment_streams_module: a stream account's stored states at each block
// where it changed, read from the sequencer's account history through wallet_module
// (get_account_history) and decoded. The states are as stored (not folded to a clock), so a
// reader can draw the stream over time after any restart. Errors: CHAIN_READ_FAILED (wallet or
// sequencer), INVALID_ACCOUNT_DATA (a state that does not decode as a StreamConfig).

#include "module_services.h"

namespace payment_streams {

void registerStreamHistoryOperations(ModuleServices& s);

}  // namespace payment_streams
