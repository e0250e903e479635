#include "lezpay/util/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace lezpay::util {

std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> data) {
  std::array<std::uint8_t, 32> out{};
  unsigned int len = 0;
  static const std::uint8_t kEmpty = 0;
  const void* p = data.empty() ? static_cast<const void*>(&kEmpty) : data.data();
  // EVP_Digest with the built-in SHA-256 only fails on allocation failure: a broken invariant.
  if (EVP_Digest(p, data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 || len != out.size()) std::abort();
  return out;
}

}  // namespace lezpay::util
