// Fuzz target: the plaintext of wallet_module's wallet_session_keys.sealed once its sealed box is
// open (modules/wallet_module/src/session_keys_body.h; the sealed box itself is
// fuzz/keystore_file.cpp's). Properties: no crash and no exception; a refusal is one of the
// header's codes with a sentence; an accepted list holds at most kMaxSessionKeys keys, each
// filed under its own public key, and written back in the wallet's own form reads to the same
// keys and writes the same bytes again.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "session_keys_body.h"

namespace {

const std::set<std::string> kCodes = {"JSON_MALFORMED",          "JSON_NUMBER_OUT_OF_RANGE",   "JSON_TOO_DEEP",
                                      "JSON_TOO_LARGE",          "SESSION_KEYS_NOT_A_LIST",    "SESSION_KEYS_WRONG_VERSION",
                                      "SESSION_KEYS_TOO_MANY",   "SESSION_KEY_NOT_STRING",     "SESSION_KEY_BAD_HEX",
                                      "SESSION_KEY_INVALID_SECRET", "SESSION_KEY_DUPLICATE"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = wallet::parseSessionKeysBody(text);
  if (!parsed.ok()) {
    FUZZ_CHECK(kCodes.count(parsed.error().code) == 1 && !parsed.error().message.empty());
    return 0;
  }
  const auto& keys = parsed.value();
  FUZZ_CHECK(keys.size() <= wallet::kMaxSessionKeys);
  for (const auto& [pub, key] : keys) FUZZ_CHECK(key.publicKey().bytes() == pub);
  const std::string written = wallet::sessionKeysBodyText(keys);
  auto back = wallet::parseSessionKeysBody(written);
  FUZZ_CHECK(back.ok() && back->size() == keys.size());
  for (const auto& [pub, key] : keys) FUZZ_CHECK(back->count(pub) == 1 && back->at(pub).exposeSecret() == key.exposeSecret());
  FUZZ_CHECK(wallet::sessionKeysBodyText(back.value()) == written);
  return 0;
}
