// Fuzz target: Noise handshake input (lezpay/libp2p/noise_session.h, noise_payload_codec.h).
// The input is fed to a responder waiting for message A and C, to an initiator waiting for
// message B, to the payload decoder, and to an established transport. Properties: no crash; every
// refusal carries a code and a sentence; a decoded payload re-encodes and decodes to itself.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "lezpay/libp2p/noise_payload_codec.h"
#include "lezpay/libp2p/noise_session.h"

using namespace lezpay::libp2p;

namespace {
Key32 filled(std::uint8_t v) {
  Key32 k{};
  k.fill(v);
  return k;
}
const NoiseCredential& ourCredential(std::uint8_t staticByte) {
  static const Secp256k1Identity id = *Secp256k1Identity::fromSecret(std::vector<std::uint8_t>(32, 1));
  static const NoiseCredential responder = *noiseCredentialFromIdentity(id, filled(5));
  static const NoiseCredential initiator = *noiseCredentialFromIdentity(id, filled(3));
  return staticByte == 5 ? responder : initiator;
}
void checkError(const lezpay::util::Error& e) { FUZZ_CHECK(!e.code.empty() && !e.message.empty()); }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  if (auto p = decodeNoiseHandshakePayload(input); p.ok()) {
    auto again = decodeNoiseHandshakePayload(encodeNoiseHandshakePayload(*p));
    FUZZ_CHECK(again.ok() && *again == *p);
  } else {
    checkError(p.error());
  }
  auto responder = NoiseHandshake::create({false, &ourCredential(5), filled(6), std::nullopt});
  FUZZ_CHECK(responder.ok());
  if (auto step = responder.value().feed(input); !step.ok()) checkError(step.error());
  auto initiator = NoiseHandshake::create({true, &ourCredential(3), filled(4), std::nullopt});
  FUZZ_CHECK(initiator.ok());
  (void)initiator.value().start();
  if (auto step = initiator.value().feed(input); !step.ok()) checkError(step.error());
  NoiseTransport transport(CipherState(filled(7)), CipherState(filled(8)));
  std::vector<std::uint8_t> plain;
  if (auto s = transport.decrypt(input, plain); !s.ok()) checkError(s.error());
  FUZZ_CHECK(transport.bufferedBytes() <= 2 + kNoiseMaxMessageBytes);
  return 0;
}
