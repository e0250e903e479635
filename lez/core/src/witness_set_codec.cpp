#include "lez/core/witness_set_codec.h"

#include <limits>

#include "codec_util.h"

namespace lez::core {

void writeWitnessSet(BorshWriter& w, const WitnessSet& ws) {
  w.writeVec(ws.witnesses, [](BorshWriter& out, const Witness& witness) {
    out.writeFixed(witness.signature.bytes);
    out.writeFixed(witness.publicKey.bytes());
  });
}

Result<WitnessSet> readWitnessSet(BorshReader& r) {
  WitnessSet ws;
  LEZ_READ(auto count, r.readCount(kWitnessEncodedBytes, std::numeric_limits<std::uint32_t>::max()),
           "WitnessSet");
  ws.witnesses.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::string where = "WitnessSet[" + std::to_string(i) + "]";
    LEZ_READ(auto sig, r.readFixed<64>(), where + ".signature");
    const std::size_t keyOffset = r.offset();
    LEZ_READ(auto keyBytes, r.readFixed<32>(), where + ".public_key");
    auto key = PublicKey::fromBytes(keyBytes);
    if (!key.ok()) {
      return withContext(key.error(),
                         where + ".public_key at byte " + std::to_string(keyOffset));
    }
    ws.witnesses.push_back(Witness{Signature{sig}, key.value()});
  }
  return ws;
}

std::vector<std::uint8_t> encode(const WitnessSet& witnessSet) {
  BorshWriter w;
  writeWitnessSet(w, witnessSet);
  return std::move(w).take();
}

Result<WitnessSet> decodeWitnessSet(std::span<const std::uint8_t> bytes) {
  BorshReader r(bytes);
  LEZ_ASSIGN(auto ws, readWitnessSet(r));
  LEZ_CHECK(r.finish(), "WitnessSet");
  return ws;
}

}  // namespace lez::core
