#pragma once
// Reading the wallet's own files back: wallet_config.json and the key list inside the opened
// keystore sealed box. Pure (text in, values out), so the corpus-driven fuzz target
// fuzz/wallet_state_files.cpp runs the same code as the module.

#include <cstdint>
#include <string>
#include <vector>

#include "lez/core/program_id.h"
#include "lez/core/schnorr.h"
#include "lezpay/util/result.h"

namespace wallet {

struct WalletConfig {
  std::string sequencerUrl;
  int rpcTimeoutMs = 0;
  lez::core::ProgramId atProgram;
};

// The bounds of rpc_timeout_ms: what the wallet's configure operation can write.
inline constexpr std::int64_t kMinRpcTimeoutMs = 0;
inline constexpr std::int64_t kMaxRpcTimeoutMs = 600000;

// wallet_config.json over `defaults`: {"sequencer_url": string, "rpc_timeout_ms": integer,
// "at_program_id": 64 hex}, every key optional. Text that is not a JSON object, and an
// at_program_id string that is not 64 hex, leave the defaults (the wallet still starts and can be
// configured again); a present key of the wrong JSON type or a timeout out of 0..600000 is
// INVALID_CONFIG naming `path`, since no writer of the wallet produces one.
lezpay::util::Result<WalletConfig> walletConfigFromText(const std::string& path, const std::string& text,
                                                        const WalletConfig& defaults);

// The opened keystore's plaintext {"accounts": [{"secret_key_hex": 64 hex}, ...]} as keys in
// file order. MALFORMED_KEYSTORE when it is not a key list or holds an invalid key. The secret
// strings of the parsed JSON are wiped; the caller wipes `body`.
lezpay::util::Result<std::vector<lez::core::SecretKey>> keysFromKeyList(const std::string& body);

}  // namespace wallet
