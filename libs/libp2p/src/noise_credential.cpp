#include "lezpay/libp2p/noise_credential.h"

#include <algorithm>

#include "lezpay/libp2p/error.h"

namespace lezpay::libp2p {

std::vector<std::uint8_t> noiseStaticKeyMessage(const Key32& staticPublic) {
  // Sized once and filled: GCC 12 misreports a range insert after a range constructor (-Warray-bounds).
  std::vector<std::uint8_t> msg(kNoiseStaticKeyMessageBytes);
  std::copy(kNoiseStaticKeyPrefix.begin(), kNoiseStaticKeyPrefix.end(), msg.begin());
  std::copy(staticPublic.begin(), staticPublic.end(), msg.begin() + static_cast<std::ptrdiff_t>(kNoiseStaticKeyPrefix.size()));
  return msg;
}

lezpay::util::Result<NoiseCredential> noiseCredentialFromIdentity(const Secp256k1Identity& identity, const Key32& staticPrivate) {
  auto pair = X25519KeyPair::fromPrivate(std::span<const std::uint8_t, 32>(staticPrivate));
  if (!pair.ok()) return pair.error();
  NoiseCredential c;
  c.identityKey = identity.publicKey();
  c.staticKey = *pair;
  c.identitySig = identity.sign(noiseStaticKeyMessage(c.staticKey.publicKey));
  return c;
}

lezpay::util::Result<NoiseCredential> noiseCredentialFromSignature(const PublicKey& identityKey, const Key32& staticPrivate,
                                                                   std::span<const std::uint8_t> identitySig) {
  auto pair = X25519KeyPair::fromPrivate(std::span<const std::uint8_t, 32>(staticPrivate));
  if (!pair.ok()) return pair.error();
  if (auto v = verifySignature(identityKey, noiseStaticKeyMessage(pair->publicKey), identitySig); !v.ok()) {
    if (v.error().code == toString(ErrorCode::INVALID_SIGNATURE)) {
      return makeError(ErrorCode::NOISE_BAD_SIGNATURE, "the identity's signature over our Noise static key does not verify: " + v.error().message);
    }
    return v.error();
  }
  NoiseCredential c;
  c.identityKey = identityKey;
  c.staticKey = *pair;
  c.identitySig.assign(identitySig.begin(), identitySig.end());
  return c;
}

}  // namespace lezpay::libp2p
