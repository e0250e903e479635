#pragma once
// Program-derived account ids (LEZ spec §3).
//
// - publicPda(program, seed) = SHA256(`/LEE/v0.2/AccountId/PDA/` zero-padded to 32 ‖
//   program_id_bytes ‖ seed)  (reference `for_public_pda`; the prefix really says v0.2).
// - SPEL multi-seed PDAs (payment streams): each seed is 32 bytes, built by the seedFrom*
//   helpers; combineSeeds uses a single seed as is and hashes two or more as
//   SHA256(s1 ‖ s2 ‖ ...); spelPda = publicPda(program, combineSeeds(seeds)).
// Errors: DerivationError::SEED_TOO_LONG (string seed above 32 bytes), NO_SEEDS (empty list).

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "lez/core/account_id.h"
#include "lez/core/errors.h"
#include "lez/core/program_id.h"

namespace lez::core {

using PdaSeed = std::array<std::uint8_t, 32>;

inline constexpr std::size_t kMaxStringSeedBytes = 32;

AccountId publicPda(const ProgramId& program, const PdaSeed& seed);

// UTF-8 bytes of `text` zero-padded to 32; SEED_TOO_LONG above 32 bytes.
Result<PdaSeed> seedFromString(std::string_view text);
// 8 LE bytes then 24 zeros.
PdaSeed seedFromU64(std::uint64_t value);
// 4 LE bytes then 28 zeros.
PdaSeed seedFromU32(std::uint32_t value);
// The account's 32-byte id.
PdaSeed seedFromAccountId(const AccountId& id);

// One seed: itself; two or more: SHA256 of the concatenation; none: NO_SEEDS.
Result<PdaSeed> combineSeeds(std::span<const PdaSeed> seeds);
// publicPda(program, combineSeeds(seeds)).
Result<AccountId> spelPda(const ProgramId& program, std::span<const PdaSeed> seeds);

}  // namespace lez::core
