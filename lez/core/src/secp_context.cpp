#include "secp_context.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>

namespace lez::core::detail {

const secp256k1_context* secpContext() {
  static const secp256k1_context* const ctx = [] {
    secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    if (c == nullptr) std::abort();
    std::array<unsigned char, 32> seed{};
    if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) == 1) {
      // Blinding is an optimisation against side channels; a failure leaves a correct context.
      if (secp256k1_context_randomize(c, seed.data()) != 1) {
        // nothing to undo
      }
    }
    OPENSSL_cleanse(seed.data(), seed.size());
    return c;
  }();
  return ctx;
}

}  // namespace lez::core::detail
