#pragma once
// BIP-340 Schnorr signatures over secp256k1 (LEZ spec §5), on libsecp256k1's schnorrsig and
// extrakeys modules with one shared, read-only context.
//
// Contract:
// - SecretKey always holds a valid secret (1 <= k < n). fromBytes/fromHex reject anything else
//   with CryptoError::INVALID_SECRET_KEY (wrong length included). generate() draws from OpenSSL
//   RAND_bytes until valid (RANDOMNESS_UNAVAILABLE if the CSPRNG fails). The bytes are wiped
//   with OPENSSL_cleanse on destruction (every copy wipes its own); there is no printing, hex or
//   stream operator: exposeSecret() is the one explicit way out (keystore sealing only).
// - sign(key, msg32, aux) is pure and deterministic for given aux; sign(key, msg32) draws aux
//   from RAND_bytes. The 32-byte message is signed as is (no extra hashing): for witnesses it is
//   the message digest (hashing.h). Signatures are not deterministic across calls with fresh aux;
//   never compare signature bytes, verify them.
// - verify() accepts any message length (BIP-340 is length-agnostic); false on any mismatch.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "lez/core/errors.h"
#include "lez/core/public_key.h"
#include "lez/core/sha256.h"

namespace lez::core {

using AuxRand = std::array<std::uint8_t, 32>;

class SecretKey {
 public:
  using Bytes = std::array<std::uint8_t, 32>;

  static Result<SecretKey> fromBytes(std::span<const std::uint8_t> bytes);
  // Optional 0x, 64 hex digits. The decoded copy is wiped.
  static Result<SecretKey> fromHex(std::string_view text);
  static Result<SecretKey> generate();

  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  ~SecretKey();

  // The x-only public key of this secret (BIP-340 even-y convention).
  PublicKey publicKey() const;

  // The raw secret, for sealing into a keystore. Never log it.
  const Bytes& exposeSecret() const { return bytes_; }

 private:
  explicit SecretKey(const Bytes& bytes) : bytes_(bytes) {}
  Bytes bytes_{};
};

// BIP-340 signature of the 32-byte `message` with auxiliary randomness `aux`.
Signature sign(const SecretKey& key, const Hash32& message, const AuxRand& aux);
// Same with aux from RAND_bytes; RANDOMNESS_UNAVAILABLE if the CSPRNG fails.
Result<Signature> sign(const SecretKey& key, const Hash32& message);

// True iff `signature` is a valid BIP-340 signature of `message` under `publicKey`.
bool verify(const Signature& signature, std::span<const std::uint8_t> message,
            const PublicKey& publicKey);
// Same for a public key given as its 32 bytes (false if they are not an x-only key): the key is
// parsed once, where PublicKey::fromBytes followed by verify() parses it twice.
bool verify(const Signature& signature, std::span<const std::uint8_t> message,
            std::span<const std::uint8_t, 32> publicKey);

}  // namespace lez::core
