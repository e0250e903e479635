#include "lez/core/pda.h"

#include "lez/core/sha256.h"

namespace lez::core {

AccountId publicPda(const ProgramId& program, const PdaSeed& seed) {
  const auto programBytes = program.toBytes();
  Sha256 h;
  h.update(kPublicPdaPrefix).update(programBytes).update(seed);
  return AccountId(h.finish());
}

Result<PdaSeed> seedFromString(std::string_view text) {
  if (text.size() > kMaxStringSeedBytes) {
    return makeError(DerivationError::SEED_TOO_LONG,
                     "string seed is " + std::to_string(text.size()) + " bytes, at most " +
                         std::to_string(kMaxStringSeedBytes) + " allowed");
  }
  PdaSeed seed{};
  for (std::size_t i = 0; i < text.size(); ++i) seed[i] = static_cast<std::uint8_t>(text[i]);
  return seed;
}

PdaSeed seedFromU64(std::uint64_t value) {
  PdaSeed seed{};
  for (std::size_t i = 0; i < 8; ++i) seed[i] = static_cast<std::uint8_t>(value >> (8 * i));
  return seed;
}

PdaSeed seedFromU32(std::uint32_t value) {
  PdaSeed seed{};
  for (std::size_t i = 0; i < 4; ++i) seed[i] = static_cast<std::uint8_t>(value >> (8 * i));
  return seed;
}

PdaSeed seedFromAccountId(const AccountId& id) { return id.bytes(); }

Result<PdaSeed> combineSeeds(std::span<const PdaSeed> seeds) {
  if (seeds.empty()) return makeError(DerivationError::NO_SEEDS, "a PDA needs at least one seed");
  if (seeds.size() == 1) return seeds.front();
  Sha256 h;
  for (const auto& s : seeds) h.update(s);
  return h.finish();
}

Result<AccountId> spelPda(const ProgramId& program, std::span<const PdaSeed> seeds) {
  auto combined = combineSeeds(seeds);
  if (!combined.ok()) return combined.error();
  return publicPda(program, combined.value());
}

}  // namespace lez::core
