#pragma once
// libp2p key protobufs (spec libp2p.md §3):
//   PublicKey  { required KeyType Type = 1; required bytes Data = 2; }
//   PrivateKey { required KeyType Type = 1; required bytes Data = 2; }
// KeyType: RSA 0, Ed25519 1, Secp256k1 2, ECDSA 3.
//
// encode*() writes both fields in tag order with minimal varints: the canonical bytes a peer id
// is derived from. decode*() is strict: both fields exactly once, Type a known KeyType, Data at
// most kMaxKeyDataBytes, unknown fields rejected (a key is hashed into an identity; extra fields
// would give one key two ids). Errors: the wire codes of lezpay::proto (TRUNCATED,
// MISSING_REQUIRED_FIELD, DUPLICATE_FIELD, INVALID_VALUE, TOO_LARGE, ...), naming the field.
// Decoding does not check that Data is a valid point; verifySignature() and peer ids do not need
// it, and signature verification fails on a bad point with INVALID_KEY.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "lezpay/util/result.h"

namespace lezpay::libp2p {

enum class KeyType : std::uint8_t { RSA = 0, ED25519 = 1, SECP256K1 = 2, ECDSA = 3 };

// RSA 8192 PKIX DER is about 1.1 KB; nothing legitimate is larger.
inline constexpr std::size_t kMaxKeyDataBytes = 2048;
inline constexpr std::size_t kSecp256k1PublicKeyBytes = 33;
inline constexpr std::size_t kEd25519PublicKeyBytes = 32;

struct PublicKey {
  KeyType type = KeyType::SECP256K1;
  std::vector<std::uint8_t> data;

  bool operator==(const PublicKey&) const = default;
};

struct PrivateKey {
  KeyType type = KeyType::SECP256K1;
  std::vector<std::uint8_t> data;

  bool operator==(const PrivateKey&) const = default;
};

std::vector<std::uint8_t> encodePublicKey(const PublicKey& key);
lezpay::util::Result<PublicKey> decodePublicKey(std::span<const std::uint8_t> input);

std::vector<std::uint8_t> encodePrivateKey(const PrivateKey& key);
lezpay::util::Result<PrivateKey> decodePrivateKey(std::span<const std::uint8_t> input);

}  // namespace lezpay::libp2p
