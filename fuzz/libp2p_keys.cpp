// Fuzz target: libp2p PublicKey protobufs and peer ids (lezpay/libp2p/key_codec.h, peer_id.h).
// Properties: no crash; a decoded key re-encodes canonically and decodes to the same key; a peer
// id accepted from bytes or text prints and parses back to itself.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "fuzz_check.h"
#include "lezpay/libp2p/key_codec.h"
#include "lezpay/libp2p/peer_id.h"

using namespace lezpay::libp2p;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  if (auto key = decodePublicKey(input); key.ok()) {
    const auto encoded = encodePublicKey(*key);
    auto again = decodePublicKey(encoded);
    FUZZ_CHECK(again.ok() && *again == *key);
    const PeerId id = PeerId::fromPublicKey(*key);
    auto parsed = parsePeerId(id.toBase58());
    FUZZ_CHECK(parsed.ok() && *parsed == id);
  }
  if (auto id = PeerId::fromBytes(input); id.ok()) {
    auto parsed = parsePeerId(id->toBase58());
    FUZZ_CHECK(parsed.ok() && *parsed == *id);
    if (auto key = id->inlinePublicKey()) FUZZ_CHECK(PeerId::fromPublicKey(*key) == *id);
  }
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto id = parsePeerId(text); id.ok()) {
    auto back = PeerId::fromBytes(id->bytes());
    FUZZ_CHECK(back.ok() && *back == *id);
  }
  return 0;
}
