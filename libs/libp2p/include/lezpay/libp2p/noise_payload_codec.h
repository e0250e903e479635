#pragma once
// The libp2p Noise handshake payload (spec libp2p.md §4):
//   NoiseHandshakePayload { bytes identity_key = 1; bytes identity_sig = 2; NoiseExtensions extensions = 4; }
// We send identity_key and identity_sig only (no extensions: js then negotiates the muxer with
// multistream-select). On receipt both are required; extensions (field 4) and unknown fields are
// skipped, their wire types checked. Limits: identity_key ≤ kMaxKeyDataBytes + 16,
// identity_sig ≤ kMaxIdentitySignatureBytes, whole payload ≤ kMaxNoisePayloadBytes.
// Errors: the wire codes of lezpay::proto naming "NoiseHandshakePayload.<field>".

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "lezpay/util/result.h"

namespace lezpay::libp2p {

inline constexpr std::size_t kMaxIdentitySignatureBytes = 1024;
inline constexpr std::size_t kMaxNoisePayloadBytes = 16384;

struct NoiseHandshakePayload {
  std::vector<std::uint8_t> identityKey;  // a PublicKey protobuf
  std::vector<std::uint8_t> identitySig;

  bool operator==(const NoiseHandshakePayload&) const = default;
};

std::vector<std::uint8_t> encodeNoiseHandshakePayload(const NoiseHandshakePayload& payload);
lezpay::util::Result<NoiseHandshakePayload> decodeNoiseHandshakePayload(std::span<const std::uint8_t> input);

}  // namespace lezpay::libp2p
