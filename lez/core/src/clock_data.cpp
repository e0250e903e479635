#include "lez/core/clock_data.h"

#include "codec_util.h"
#include "lez/core/borsh.h"
#include "lez/core/risc0_words.h"

namespace lez::core {

std::vector<std::uint8_t> encode(const ClockAccountData& data) {
  BorshWriter w;
  w.writeU64(data.blockId);
  w.writeU64(data.timestamp);
  return std::move(w).take();
}

Result<ClockAccountData> decodeClockAccountData(std::span<const std::uint8_t> bytes) {
  BorshReader r(bytes);
  ClockAccountData d;
  LEZ_READ(d.blockId, r.readU64(), "ClockAccountData.block_id");
  LEZ_READ(d.timestamp, r.readU64(), "ClockAccountData.timestamp");
  LEZ_CHECK(r.finish(), "ClockAccountData");
  return d;
}

std::vector<std::uint32_t> clockTickInstruction(std::uint64_t timestampMs) {
  Risc0WordWriter w;
  w.writeU64(timestampMs);
  return std::move(w).take();
}

}  // namespace lez::core
