#pragma once
// Instructions of the payment-streams program (payment-streams.md §3, reference
// program/core/src/instruction.rs) and their RISC Zero word form (lez.md §10).
//
// Word 0 is the variant index (the std::variant index below, same order); fields follow in the
// order of the table: u64 = 2 words (low first), u128 = 4, [u8;32] = 32 (one per byte),
// ProgramId = 8, VaultPrivacyTier = 1 word (0 or 1), AccountId = length-prefixed base58 string.
//
// decodeWords is strict; errors are lez::core::DecodeError codes with the word offset:
//   TRUNCATED        words run out (also an empty input)
//   INVALID_VARIANT  variant index above 10, or a privacy tier word other than 0/1
//   INVALID_VALUE    a [u8;32] word above 255, non-zero string padding
//   INVALID_BASE58 / WRONG_LENGTH / INVALID_UTF8 / OVERSIZE   the provider account id text
//   TRAILING_BYTES   words left after a complete instruction
// encodeWords never fails; decodeWords(encodeWords(x)) == x.

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "lez/core/errors.h"
#include "lez/core/program_id.h"
#include "lez/streams/accounts.h"

namespace lez::streams {

using core::ProgramId;

struct InitializeVault {
  VaultId vaultId = 0;
  VaultPrivacyTier privacyTier = VaultPrivacyTier::Public;
  TokenId tokenId = kNativeTokenId;
  friend bool operator==(const InitializeVault&, const InitializeVault&) = default;
};
struct Deposit {
  VaultId vaultId = 0;
  U128 amount;
  ProgramId authenticatedTransferProgramId;
  friend bool operator==(const Deposit&, const Deposit&) = default;
};
struct Withdraw {
  VaultId vaultId = 0;
  U128 amount;
  friend bool operator==(const Withdraw&, const Withdraw&) = default;
};
struct CreateStream {
  VaultId vaultId = 0;
  StreamId streamId = 0;
  AccountId provider;
  std::uint64_t rate = 0;
  U128 allocation;
  friend bool operator==(const CreateStream&, const CreateStream&) = default;
};
struct PauseStream {
  VaultId vaultId = 0;
  StreamId streamId = 0;
  friend bool operator==(const PauseStream&, const PauseStream&) = default;
};
struct ResumeStream {
  VaultId vaultId = 0;
  StreamId streamId = 0;
  friend bool operator==(const ResumeStream&, const ResumeStream&) = default;
};
struct TopUpStream {
  VaultId vaultId = 0;
  StreamId streamId = 0;
  U128 vaultTotalAllocatedIncrease;
  friend bool operator==(const TopUpStream&, const TopUpStream&) = default;
};
struct CloseStreamByOwner {
  VaultId vaultId = 0;
  StreamId streamId = 0;
  friend bool operator==(const CloseStreamByOwner&, const CloseStreamByOwner&) = default;
};
// The provider collects accrued funds (not to be confused with lez::chain::Claim, an ownership
// claim on a post-state).
struct Claim {
  VaultId vaultId = 0;
  StreamId streamId = 0;
  friend bool operator==(const Claim&, const Claim&) = default;
};
struct CloseStreamByProvider {
  VaultId vaultId = 0;
  StreamId streamId = 0;
  friend bool operator==(const CloseStreamByProvider&, const CloseStreamByProvider&) = default;
};
struct WithdrawToOwner {
  VaultId vaultId = 0;
  U128 amount;
  friend bool operator==(const WithdrawToOwner&, const WithdrawToOwner&) = default;
};

// Alternatives in variant-index order 0..10.
using Instruction = std::variant<InitializeVault, Deposit, Withdraw, CreateStream, PauseStream, ResumeStream,
                                 TopUpStream, CloseStreamByOwner, Claim, CloseStreamByProvider, WithdrawToOwner>;

inline constexpr std::uint32_t kInstructionVariantCount = 11;
static_assert(std::variant_size_v<Instruction> == kInstructionVariantCount);

// The reference variant name ("InitializeVault", ...).
std::string_view instructionName(const Instruction& instruction);

std::vector<std::uint32_t> encodeWords(const Instruction& instruction);
core::Result<Instruction> decodeWords(std::span<const std::uint32_t> words);

}  // namespace lez::streams
