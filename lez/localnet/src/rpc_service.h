#pragma once
// The JSON-RPC 2.0 surface of lez-localnet (LEZ spec §11) plus getTransactionStatus and the
// localnet-only faucet. Positional params, or named params in snake_case or lowerCamelCase.
// u128 values are JSON numbers written exactly (libs/jsonrpc rawNumber).

#include <string>

#include "sequencer.h"

namespace lez::localnet {

class RpcService {
 public:
  explicit RpcService(Sequencer& sequencer) : sequencer_(sequencer) {}
  // One HTTP request body in, one JSON-RPC response text out (empty for a notification).
  std::string handle(const std::string& body);

 private:
  Sequencer& sequencer_;
};

// Largest getBlockRange span answered at once.
inline constexpr std::uint64_t kMaxBlockRange = 1000;

}  // namespace lez::localnet
