#pragma once
// The authenticated_transfer (AT) program's ids and instruction words (LEZ spec §8).
//
// - kAuthenticatedTransferProgramId: the id on the live testnet and LEZ v0.2.2+ (the default);
//   kAuthenticatedTransferProgramIdV020: the id v0.2.0 builds embed. Which one a deployment uses
//   is configuration of the caller; this library only names both.
// - Instructions (RISC Zero words, spec §10): Transfer{amount: u128} -> [0, a0, a1, a2, a3];
//   Initialize -> [1].
// - decodeAtInstruction is strict: INVALID_VARIANT for a first word other than 0/1, TRUNCATED
//   when words are missing, TRAILING_BYTES when words are left over.

#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "lez/core/errors.h"
#include "lez/core/program_id.h"
#include "lez/core/u128.h"

namespace lez::core {

inline constexpr ProgramId kAuthenticatedTransferProgramId = ProgramId::fromHexLiteral(
    "fe96c4228babbe8bc578e3e25b884cacb07f8c86541f27ed676789875eef875a");
inline constexpr ProgramId kAuthenticatedTransferProgramIdV020 = ProgramId::fromHexLiteral(
    "dcbbfebcd59399961ed9973b8307dc475fd4c5ca5779aacfe7588f7dbc3f4a71");

struct AtTransfer {
  Amount amount;
  friend bool operator==(const AtTransfer&, const AtTransfer&) = default;
};
struct AtInitialize {
  friend bool operator==(const AtInitialize&, const AtInitialize&) = default;
};
using AtInstruction = std::variant<AtTransfer, AtInitialize>;

// Variant indices of the AT instruction enum.
enum class AtInstructionKind : std::uint32_t { Transfer = 0, Initialize = 1 };

std::vector<std::uint32_t> atTransferInstruction(Amount amount);
std::vector<std::uint32_t> atInitializeInstruction();
std::vector<std::uint32_t> encodeAtInstruction(const AtInstruction& instruction);
Result<AtInstruction> decodeAtInstruction(std::span<const std::uint32_t> words);

}  // namespace lez::core
