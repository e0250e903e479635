#pragma once
// The JSON-RPC 2.0 surface of lez-localnet (LEZ spec §11) plus getTransactionStatus, getAccountHistory, the
// localnet-only faucet and the test clock (produceBlock, only when built with manualBlocks). Positional params, or named params in snake_case or lowerCamelCase.
// u128 values are JSON numbers written exactly (libs/jsonrpc rawNumber).

#include <string>

#include "lezpay/jsonrpc/jsonrpc.h"
#include "sequencer.h"

namespace lez::localnet {

class RpcService {
 public:
  // manualBlocks: the process was started with --manual-blocks, so no timer makes blocks and
  // produceBlock is answered; otherwise produceBlock is refused with MANUAL_BLOCKS_DISABLED.
  explicit RpcService(Sequencer& sequencer, bool manualBlocks = false) : sequencer_(sequencer), manualBlocks_(manualBlocks) {}
  // One HTTP request body in, one JSON-RPC response text out (empty for a notification).
  std::string handle(const std::string& body);

 private:
  // getAccountHistory {account_id, since_block = 0, limit = 100 (1..1000)}: the account's state
  // after each block from since_block where it changed, oldest first, and next_since_block (null
  // when no more follow).
  lezpay::jsonrpc::Json accountHistory(const lezpay::jsonrpc::Json& params) const;

  Sequencer& sequencer_;
  bool manualBlocks_;
};

// Largest getBlockRange span answered at once.
inline constexpr std::uint64_t kMaxBlockRange = 1000;

}  // namespace lez::localnet
