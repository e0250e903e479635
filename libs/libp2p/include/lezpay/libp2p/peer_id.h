#pragma once
// Peer ids (spec libp2p.md §3): the multihash of the canonical PublicKey bytes (re-encoded, never
// the bytes a peer sent): identity `00 ‖ uvarint(len) ‖ key` when the encoded key is at most
// kMaxInlineKeyBytes (42) bytes, else sha2-256 `12 20 ‖ SHA256(key)`. Text is base58btc
// (secp256k1 `16Uiu2HA…`, Ed25519 `12D3KooW…`); parsePeerId() also reads the CIDv1 form
// (`b` + lowercase unpadded base32 of `01 72 ‖ multihash`).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/libp2p/key_codec.h"
#include "lezpay/util/result.h"

namespace lezpay::libp2p {

inline constexpr std::size_t kMaxInlineKeyBytes = 42;

class PeerId {
 public:
  static PeerId fromPublicKey(const PublicKey& key);
  // The multihash bytes: identity (with a PublicKey that decodes) or sha2-256. INVALID_PEER_ID otherwise.
  static lezpay::util::Result<PeerId> fromBytes(std::span<const std::uint8_t> multihash);

  const std::vector<std::uint8_t>& bytes() const { return bytes_; }
  std::string toBase58() const;
  // The key an identity multihash carries; nullopt for a sha2-256 id.
  std::optional<PublicKey> inlinePublicKey() const;

  bool operator==(const PeerId&) const = default;

 private:
  explicit PeerId(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)) {}
  std::vector<std::uint8_t> bytes_;
};

// base58btc or CIDv1 (libp2p-key, base32) text. INVALID_PEER_ID with the reason otherwise.
lezpay::util::Result<PeerId> parsePeerId(std::string_view text);

}  // namespace lezpay::libp2p
