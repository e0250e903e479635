#pragma once
// Our side of the libp2p Noise handshake without the identity secret (spec libp2p.md §3-§4): the
// identity public key, the X25519 static key pair, and the identity's signature over
// "noise-libp2p-static-key:" ‖ X25519 static public key. The static key may be fresh per
// process, so a node makes one credential when it starts, has its key holder sign that one
// message, and every handshake reuses it: the process that faces the network never holds the
// identity secret (docs/decisions.md "Node identity key in the wallet").
//
// noiseCredentialFromIdentity() signs with a secret held here (tests, fuzz targets, the probe
// tool, benchmarks). noiseCredentialFromSignature() takes a signature made elsewhere and verifies
// it before use, so a wrong key or signature fails at start instead of in every peer's handshake:
//   INVALID_KEY / UNSUPPORTED_KEY_TYPE   the identity key cannot be verified against;
//   NOISE_BAD_SIGNATURE                  the signature does not verify over this static key;
//   CRYPTO_FAILURE                       the X25519 public key cannot be derived.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "lezpay/libp2p/identity.h"
#include "lezpay/libp2p/key_codec.h"
#include "lezpay/libp2p/noise_handshake_state.h"
#include "lezpay/libp2p/peer_id.h"
#include "lezpay/util/result.h"

namespace lezpay::libp2p {

inline constexpr std::string_view kNoiseStaticKeyPrefix = "noise-libp2p-static-key:";
// The only message an identity signs for Noise: the prefix and a 32-byte X25519 public key.
inline constexpr std::size_t kNoiseStaticKeyMessageBytes = kNoiseStaticKeyPrefix.size() + 32;

struct NoiseCredential {
  PublicKey identityKey;
  X25519KeyPair staticKey;
  std::vector<std::uint8_t> identitySig;

  PeerId peerId() const { return PeerId::fromPublicKey(identityKey); }
};

// "noise-libp2p-static-key:" ‖ staticPublic: what the identity signs.
std::vector<std::uint8_t> noiseStaticKeyMessage(const Key32& staticPublic);

lezpay::util::Result<NoiseCredential> noiseCredentialFromIdentity(const Secp256k1Identity& identity, const Key32& staticPrivate);
lezpay::util::Result<NoiseCredential> noiseCredentialFromSignature(const PublicKey& identityKey, const Key32& staticPrivate,
                                                                   std::span<const std::uint8_t> identitySig);

}  // namespace lezpay::libp2p
