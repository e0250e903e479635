#include "lez/core/authenticated_transfer.h"

#include "codec_util.h"
#include "lez/core/risc0_words.h"

namespace lez::core {

std::vector<std::uint32_t> atTransferInstruction(Amount amount) {
  Risc0WordWriter w;
  w.writeVariant(static_cast<std::uint32_t>(AtInstructionKind::Transfer));
  w.writeU128(amount);
  return std::move(w).take();
}

std::vector<std::uint32_t> atInitializeInstruction() {
  Risc0WordWriter w;
  w.writeVariant(static_cast<std::uint32_t>(AtInstructionKind::Initialize));
  return std::move(w).take();
}

std::vector<std::uint32_t> encodeAtInstruction(const AtInstruction& instruction) {
  if (const auto* t = std::get_if<AtTransfer>(&instruction)) return atTransferInstruction(t->amount);
  return atInitializeInstruction();
}

Result<AtInstruction> decodeAtInstruction(std::span<const std::uint32_t> words) {
  Risc0WordReader r(words);
  LEZ_READ(auto variant, r.readVariant(2), "AuthenticatedTransfer instruction");
  AtInstruction out = AtInitialize{};
  if (variant == static_cast<std::uint32_t>(AtInstructionKind::Transfer)) {
    LEZ_READ(auto amount, r.readU128(), "AuthenticatedTransfer::Transfer.amount");
    out = AtTransfer{amount};
  }
  LEZ_CHECK(r.finish(), "AuthenticatedTransfer instruction");
  return out;
}

}  // namespace lez::core
