#pragma once
// Node identity: a secp256k1 key and the libp2p peer id derived from it (docs/protocol.md
// "delivery_module", peer id). Pure: the caller supplies the secret (from its key file or from
// fresh randomness) and gets the public forms back.
//
// Derivation (libp2p peer-ids spec, secp256k1 keys):
//   public key  = 33-byte compressed SEC1 point of the secret
//   PublicKey   = protobuf { KeyType Type = 1 (varint, Secp256k1 = 2); bytes Data = 2 }
//               = 08 02 12 21 <33 bytes>  (37 bytes)
//   multihash   = identity (0x00), length 0x25, the 37 bytes (keys of at most 42 bytes are inlined)
//   peer id     = base58btc of the multihash, which always starts "16Uiu2"
// Two nodes with different keys never share a peer id; the same key always gives the same one.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"

namespace delivery {

using NodeSecret = std::array<std::uint8_t, 32>;

// Error codes (Error::code).
inline constexpr const char* kInvalidNodeKey = "INVALID_NODE_KEY";  // zero or ≥ curve order
inline constexpr const char* kInvalidPeerId = "INVALID_PEER_ID";

// 33-byte compressed public key of `secret`. INVALID_NODE_KEY if the secret is not a valid
// secp256k1 scalar.
lezpay::util::Result<std::vector<std::uint8_t>> compressedPublicKey(const NodeSecret& secret);

// The protobuf-encoded libp2p PublicKey of a compressed secp256k1 key (37 bytes).
std::vector<std::uint8_t> libp2pPublicKeyBytes(std::span<const std::uint8_t> compressedKey);

// The base58btc peer id of `secret`.
lezpay::util::Result<std::string> peerIdFromSecret(const NodeSecret& secret);

// Checks that `text` is a base58btc peer id: an identity multihash (≤ 42 bytes inlined) or a
// sha2-256 multihash (0x12 0x20 + 32 bytes). Answers the multihash bytes.
lezpay::util::Result<std::vector<std::uint8_t>> decodePeerId(std::string_view text);

}  // namespace delivery
