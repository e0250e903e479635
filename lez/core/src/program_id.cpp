#include "lez/core/program_id.h"

#include "lezpay/util/hex.h"

namespace lez::core {

Result<ProgramId> ProgramId::fromBytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != 32) {
    return makeError(DecodeError::WRONG_LENGTH,
                     "program id must be 32 bytes, got " + std::to_string(bytes.size()));
  }
  Bytes b{};
  for (std::size_t i = 0; i < 32; ++i) b[i] = bytes[i];
  return fromBytes32(b);
}

Result<ProgramId> ProgramId::fromHex(std::string_view text) {
  auto bytes = lezpay::util::fromHex(text);
  if (!bytes.ok()) return makeError(DecodeError::INVALID_HEX, bytes.error().message);
  return fromBytes(bytes.value());
}

std::string ProgramId::toHex() const {
  const auto bytes = toBytes();
  return lezpay::util::toHex(bytes);
}

}  // namespace lez::core
