// Fuzz target: the plaintext of wallet_module's node_keys.json once its sealed box is open
// (modules/wallet_module/src/node_keys_body.h; the sealed box itself is fuzz/keystore_file.cpp's).
// Properties: no crash and no exception; a refusal is one of the header's codes with a sentence;
// an accepted list holds at most kMaxNodeKeys valid names, and written back in the wallet's own
// form reads to the same keys (names, public keys, texts) and writes the same bytes again.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "node_keys_body.h"

namespace {

const std::set<std::string> kCodes = {"JSON_MALFORMED",       "JSON_NUMBER_OUT_OF_RANGE", "JSON_TOO_DEEP",
                                      "JSON_TOO_LARGE",       "NODE_KEYS_NOT_A_LIST",     "NODE_KEYS_TOO_MANY",
                                      "NODE_KEY_NAME_INVALID", "NODE_KEY_NOT_STRING",     "NODE_KEY_BAD_HEX",
                                      "NODE_KEY_INVALID_SECRET"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = wallet::parseNodeKeysBody(text);
  if (!parsed.ok()) {
    FUZZ_CHECK(kCodes.count(parsed.error().code) == 1 && !parsed.error().message.empty());
    return 0;
  }
  const auto& keys = parsed->keys;
  FUZZ_CHECK(keys.size() <= wallet::kMaxNodeKeys && keys.size() == parsed->secretsHex.size());
  for (const auto& [name, id] : keys) FUZZ_CHECK(wallet::checkNodeKeyName(name).ok() && parsed->secretsHex.count(name) == 1);
  const std::string written = wallet::nodeKeysBodyText(parsed->secretsHex);
  auto back = wallet::parseNodeKeysBody(written);
  FUZZ_CHECK(back.ok() && back->keys.size() == keys.size() && back->secretsHex == parsed->secretsHex);
  for (const auto& [name, id] : keys) FUZZ_CHECK(back->keys.at(name).publicKey().data == id.publicKey().data);
  FUZZ_CHECK(wallet::nodeKeysBodyText(back->secretsHex) == written);
  return 0;
}
