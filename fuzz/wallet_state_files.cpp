// Fuzz target: the files wallet_module reads back from its own directory
// (modules/wallet_module/src/wallet_state_files.h). The first byte picks the decoder, the rest is
// the file's text. 0 wallet_config.json: no crash and no exception; a refusal is INVALID_CONFIG
// naming the file; an accepted config written back in the module's own form reads to the same
// values. 1 the keystore's key list (the plaintext of the opened sealed box): a refusal is
// MALFORMED_KEYSTORE; accepted keys written back in the keystore's own form read to the same keys.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "lez/core/authenticated_transfer.h"
#include "lezpay/util/hex.h"
#include "wallet_state_files.h"

namespace {

const std::string kPath = "/state/wallet_config.json";

void walletConfig(const std::string& text) {
  const wallet::WalletConfig defaults{"http://127.0.0.1:3040", 10000, lez::core::kAuthenticatedTransferProgramId};
  auto c = wallet::walletConfigFromText(kPath, text, defaults);
  if (!c.ok()) {
    FUZZ_CHECK(c.error().code == "INVALID_CONFIG" && c.error().message.rfind(kPath, 0) == 0);
    return;
  }
  const nlohmann::json again{{"sequencer_url", c->sequencerUrl}, {"rpc_timeout_ms", c->rpcTimeoutMs},
                             {"at_program_id", c->atProgram.toHex()}};
  auto back = wallet::walletConfigFromText(kPath, again.dump(2) + "\n", wallet::WalletConfig{});
  FUZZ_CHECK(back.ok() && back->sequencerUrl == c->sequencerUrl && back->rpcTimeoutMs == c->rpcTimeoutMs &&
             back->atProgram == c->atProgram);
}

void keyList(const std::string& text) {
  auto keys = wallet::keysFromKeyList(text);
  if (!keys.ok()) {
    FUZZ_CHECK(keys.error().code == "MALFORMED_KEYSTORE");
    return;
  }
  nlohmann::json accounts = nlohmann::json::array();
  for (const auto& k : keys.value()) accounts.push_back({{"secret_key_hex", lezpay::util::toHex(k.exposeSecret())}});
  auto back = wallet::keysFromKeyList(nlohmann::json{{"version", 1}, {"accounts", accounts}}.dump());
  FUZZ_CHECK(back.ok() && back->size() == keys->size());
  for (std::size_t i = 0; i < keys->size(); ++i) {
    FUZZ_CHECK((*back)[i].exposeSecret() == (*keys)[i].exposeSecret());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] % 2 == 0) walletConfig(text);
  else keyList(text);
  return 0;
}
