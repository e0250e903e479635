#include "lez/core/schnorr.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include <cstdlib>

#include "lezpay/util/hex.h"
#include "secp_context.h"

namespace lez::core {
namespace {

// A keypair that wipes itself.
struct ScopedKeypair {
  secp256k1_keypair keypair;
  ~ScopedKeypair() { OPENSSL_cleanse(&keypair, sizeof keypair); }
};

void makeKeypair(ScopedKeypair& out, const SecretKey::Bytes& secret) {
  // The secret was validated on construction; failure here is a broken invariant.
  if (secp256k1_keypair_create(detail::secpContext(), &out.keypair, secret.data()) != 1) {
    std::abort();
  }
}

}  // namespace

Result<SecretKey> SecretKey::fromBytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != 32) {
    return makeError(CryptoError::INVALID_SECRET_KEY,
                     "secret key must be 32 bytes, got " + std::to_string(bytes.size()));
  }
  if (secp256k1_ec_seckey_verify(detail::secpContext(), bytes.data()) != 1) {
    return makeError(CryptoError::INVALID_SECRET_KEY,
                     "secret key is zero or not below the curve order");
  }
  Bytes b{};
  for (std::size_t i = 0; i < 32; ++i) b[i] = bytes[i];
  SecretKey key(b);
  OPENSSL_cleanse(b.data(), b.size());
  return key;
}

Result<SecretKey> SecretKey::fromHex(std::string_view text) {
  auto decoded = lezpay::util::fromHex(text);
  if (!decoded.ok()) {
    return makeError(CryptoError::INVALID_SECRET_KEY, "secret key is not hex");
  }
  auto key = fromBytes(decoded.value());
  OPENSSL_cleanse(decoded.value().data(), decoded.value().size());
  return key;
}

Result<SecretKey> SecretKey::generate() {
  Bytes b{};
  // The probability that 32 random bytes are not a valid secret is below 2^-127; the bound only
  // guards against a broken generator.
  for (int attempt = 0; attempt < 64; ++attempt) {
    if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) {
      OPENSSL_cleanse(b.data(), b.size());
      return makeError(CryptoError::RANDOMNESS_UNAVAILABLE, "RAND_bytes failed");
    }
    if (secp256k1_ec_seckey_verify(detail::secpContext(), b.data()) == 1) {
      SecretKey key(b);
      OPENSSL_cleanse(b.data(), b.size());
      return key;
    }
  }
  OPENSSL_cleanse(b.data(), b.size());
  return makeError(CryptoError::RANDOMNESS_UNAVAILABLE, "RAND_bytes produced no valid secret");
}

SecretKey::~SecretKey() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

PublicKey SecretKey::publicKey() const {
  ScopedKeypair kp;
  makeKeypair(kp, bytes_);
  secp256k1_xonly_pubkey xonly;
  PublicKey::Bytes out{};
  if (secp256k1_keypair_xonly_pub(detail::secpContext(), &xonly, nullptr, &kp.keypair) != 1 ||
      secp256k1_xonly_pubkey_serialize(detail::secpContext(), out.data(), &xonly) != 1) {
    std::abort();
  }
  return PublicKey(out);
}

Signature sign(const SecretKey& key, const Hash32& message, const AuxRand& aux) {
  ScopedKeypair kp;
  makeKeypair(kp, key.exposeSecret());
  Signature sig;
  if (secp256k1_schnorrsig_sign32(detail::secpContext(), sig.bytes.data(), message.data(),
                                  &kp.keypair, aux.data()) != 1) {
    std::abort();  // only fails for an invalid keypair, excluded above
  }
  return sig;
}

Result<Signature> sign(const SecretKey& key, const Hash32& message) {
  AuxRand aux{};
  if (RAND_bytes(aux.data(), static_cast<int>(aux.size())) != 1) {
    return makeError(CryptoError::RANDOMNESS_UNAVAILABLE, "RAND_bytes failed");
  }
  return sign(key, message, aux);
}

bool verify(const Signature& signature, std::span<const std::uint8_t> message,
            const PublicKey& publicKey) {
  return verify(signature, message, std::span<const std::uint8_t, 32>(publicKey.bytes().data(), 32));
}

bool verify(const Signature& signature, std::span<const std::uint8_t> message,
            std::span<const std::uint8_t, 32> publicKey) {
  secp256k1_xonly_pubkey xonly;
  if (secp256k1_xonly_pubkey_parse(detail::secpContext(), &xonly, publicKey.data()) != 1) {
    return false;
  }
  return secp256k1_schnorrsig_verify(detail::secpContext(), signature.bytes.data(),
                                     message.data(), message.size(), &xonly) == 1;
}

}  // namespace lez::core
