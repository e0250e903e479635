#include "lez/core/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "lezpay/util/hex.h"
#include "lezpay/util/sha256.h"

namespace lez::core {

struct Sha256::Ctx {
  EVP_MD_CTX* md = nullptr;
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {
  ctx_->md = EVP_MD_CTX_new();
  if (ctx_->md == nullptr || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1) std::abort();
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_->md); }

Sha256& Sha256::update(std::span<const std::uint8_t> data) {
  if (!data.empty() && EVP_DigestUpdate(ctx_->md, data.data(), data.size()) != 1) std::abort();
  return *this;
}

Hash32 Sha256::finish() {
  Hash32 out{};
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_->md, out.data(), &len) != 1 || len != out.size()) std::abort();
  return out;
}

Hash32 sha256(std::span<const std::uint8_t> data) { return lezpay::util::sha256(data); }

std::string hashToHex(const Hash32& hash) { return lezpay::util::toHex(hash); }

}  // namespace lez::core
