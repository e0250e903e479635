#pragma once
// Identity keys and signatures (spec libp2p.md §3).
//
// Secp256k1Identity holds our node's secp256k1 secret: its PublicKey is the 33-byte compressed
// point, and sign() is ECDSA over SHA-256(message) by libsecp256k1 (RFC 6979 nonces, always
// low-S), DER-encoded: what js (noble) and nim (libsecp256k1) accept.
//
// verifySignature() checks a remote identity's signature:
//   Secp256k1: DER ECDSA over SHA-256(message); high-S is refused, as libsecp256k1, nim and js do;
//   Ed25519:   pure Ed25519 over the message, 64 bytes (OpenSSL EVP_PKEY_ED25519).
// RSA and ECDSA are UNSUPPORTED_KEY_TYPE (no Waku peer uses them). A key that is not a point of
// its curve is INVALID_KEY; a signature that does not verify or does not parse is
// INVALID_SIGNATURE.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "lezpay/libp2p/key_codec.h"
#include "lezpay/util/result.h"

namespace lezpay::libp2p {

class Secp256k1Identity {
 public:
  // INVALID_KEY unless `secret` is 32 bytes in [1, n-1].
  static lezpay::util::Result<Secp256k1Identity> fromSecret(std::span<const std::uint8_t> secret);
  Secp256k1Identity(const Secp256k1Identity&) = default;
  Secp256k1Identity& operator=(const Secp256k1Identity&) = default;
  // Wipes the secret (OPENSSL_cleanse) so it does not linger in freed memory.
  ~Secp256k1Identity();

  const PublicKey& publicKey() const { return public_; }
  // DER ECDSA signature (at most 72 bytes) over SHA-256(message), low-S.
  std::vector<std::uint8_t> sign(std::span<const std::uint8_t> message) const;

 private:
  Secp256k1Identity() = default;
  std::array<std::uint8_t, 32> secret_{};
  PublicKey public_;
};

lezpay::util::Status verifySignature(const PublicKey& key, std::span<const std::uint8_t> message,
                                     std::span<const std::uint8_t> signature);

}  // namespace lezpay::libp2p
