#pragma once
// PublicKey (32-byte BIP-340 x-only key) and Signature (64-byte BIP-340 signature), the two
// halves of a witness (LEZ spec §4, §5).
//
// Contract:
// - A PublicKey always holds a valid x-only point: the only ways to get one are fromBytes/fromHex
//   (which run secp256k1_xonly_pubkey_parse and fail with DecodeError::INVALID_PUBLIC_KEY, or
//   WRONG_LENGTH for another size) and SecretKey::publicKey() (schnorr.h).
// - Signature is plain data; whether it verifies is schnorr.h's business.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "lez/core/errors.h"

namespace lez::core {

class PublicKey {
 public:
  using Bytes = std::array<std::uint8_t, 32>;

  static Result<PublicKey> fromBytes(std::span<const std::uint8_t> bytes);
  // Optional 0x, 64 hex digits.
  static Result<PublicKey> fromHex(std::string_view text);

  const Bytes& bytes() const { return bytes_; }
  std::string toHex() const;

  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  friend class SecretKey;
  explicit PublicKey(const Bytes& bytes) : bytes_(bytes) {}
  Bytes bytes_{};
};

struct Signature {
  std::array<std::uint8_t, 64> bytes{};

  std::string toHex() const;
  // Optional 0x, 128 hex digits; errors DecodeError::INVALID_HEX or WRONG_LENGTH.
  static Result<Signature> fromHex(std::string_view text);

  friend bool operator==(const Signature&, const Signature&) = default;
};

}  // namespace lez::core
