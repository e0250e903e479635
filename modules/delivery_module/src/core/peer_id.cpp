#include "delivery/peer_id.h"

#include <secp256k1.h>

#include <algorithm>

#include "lezpay/util/base58.h"

namespace delivery {
namespace {

using lezpay::util::Error;

// One verify-free context for key derivation, created on first use and read-only afterwards
// (libsecp256k1 contexts are safe to share for const operations).
const secp256k1_context* context() {
  static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  return ctx;
}

constexpr std::uint8_t kKeyTypeSecp256k1 = 2;
constexpr std::uint8_t kIdentityMultihash = 0x00;
constexpr std::uint8_t kSha256Multihash = 0x12;
constexpr std::size_t kMaxInlineKeyBytes = 42;

}  // namespace

lezpay::util::Result<std::vector<std::uint8_t>> compressedPublicKey(const NodeSecret& secret) {
  if (secp256k1_ec_seckey_verify(context(), secret.data()) != 1) {
    return Error{kInvalidNodeKey, "the node key is not a valid secp256k1 secret (zero or not below the curve order)"};
  }
  secp256k1_pubkey pub;
  if (secp256k1_ec_pubkey_create(context(), &pub, secret.data()) != 1) {
    return Error{kInvalidNodeKey, "could not derive a public key from the node key"};
  }
  std::vector<std::uint8_t> out(33);
  std::size_t len = out.size();
  secp256k1_ec_pubkey_serialize(context(), out.data(), &len, &pub, SECP256K1_EC_COMPRESSED);
  out.resize(len);
  return out;
}

std::vector<std::uint8_t> libp2pPublicKeyBytes(std::span<const std::uint8_t> compressedKey) {
  // PublicKey { Type = 1: varint; Data = 2: bytes }; 33 bytes fit a one-byte length.
  std::vector<std::uint8_t> out(4 + compressedKey.size());
  out[0] = 0x08;
  out[1] = kKeyTypeSecp256k1;
  out[2] = 0x12;
  out[3] = static_cast<std::uint8_t>(compressedKey.size());
  std::copy(compressedKey.begin(), compressedKey.end(), out.begin() + 4);
  return out;
}

lezpay::util::Result<std::string> peerIdFromSecret(const NodeSecret& secret) {
  auto key = compressedPublicKey(secret);
  if (!key.ok()) return key.error();
  const auto pb = libp2pPublicKeyBytes(key.value());
  std::vector<std::uint8_t> mh{kIdentityMultihash, static_cast<std::uint8_t>(pb.size())};
  mh.insert(mh.end(), pb.begin(), pb.end());
  return lezpay::util::base58Encode(mh);
}

lezpay::util::Result<std::vector<std::uint8_t>> decodePeerId(std::string_view text) {
  if (text.empty() || text.size() > 128) return Error{kInvalidPeerId, "a peer id is 1 to 128 base58 characters"};
  auto bytes = lezpay::util::base58Decode(text);
  if (!bytes.ok()) return Error{kInvalidPeerId, "peer id '" + std::string(text) + "' is not base58btc: " + bytes.error().message};
  const auto& b = bytes.value();
  if (b.size() >= 2 && b[0] == kIdentityMultihash && b[1] <= kMaxInlineKeyBytes && b.size() == 2u + b[1] && b[1] > 0) return b;
  if (b.size() == 34 && b[0] == kSha256Multihash && b[1] == 0x20) return b;
  return Error{kInvalidPeerId, "peer id '" + std::string(text) + "' is not an identity or sha2-256 multihash"};
}

}  // namespace delivery
