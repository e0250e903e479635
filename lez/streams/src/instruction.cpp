#include "lez/streams/instruction.h"

#include <string>
#include <type_traits>

#include "lez/core/risc0_words.h"

namespace lez::streams {
namespace {

using core::DecodeError;
using core::Risc0WordReader;
using core::Risc0WordWriter;

template <typename T>
inline constexpr bool kAlwaysFalse = false;

// Unwraps a reader result into `out` or returns its error with the field named.
#define LEZ_STREAMS_READ(out, expr, field)                                         \
  do {                                                                             \
    auto read_ = (expr);                                                           \
    if (!read_.ok()) return core::withContext(read_.error(), field);               \
    out = std::move(read_).value();                                                \
  } while (false)

core::Result<VaultPrivacyTier> readTier(Risc0WordReader& r) {
  const std::size_t at = r.offset();
  auto word = r.readU32();
  if (!word.ok()) return word.error();
  if (word.value() > 1) {
    return core::makeError(DecodeError::INVALID_VARIANT, "privacy tier " + std::to_string(word.value()) + " at word " +
                                                             std::to_string(at) + " is neither 0 (Public) nor 1 (PseudonymousFunding)");
  }
  return static_cast<VaultPrivacyTier>(word.value());
}

template <typename T>
core::Result<Instruction> readPair(Risc0WordReader& r, std::string_view name) {
  T out;
  LEZ_STREAMS_READ(out.vaultId, r.readU64(), std::string(name) + ".vault_id");
  LEZ_STREAMS_READ(out.streamId, r.readU64(), std::string(name) + ".stream_id");
  return Instruction{out};
}

core::Result<Instruction> readBody(std::uint32_t variant, Risc0WordReader& r) {
  switch (variant) {
    case 0: {
      InitializeVault out;
      LEZ_STREAMS_READ(out.vaultId, r.readU64(), "InitializeVault.vault_id");
      LEZ_STREAMS_READ(out.privacyTier, readTier(r), "InitializeVault.privacy_tier");
      LEZ_STREAMS_READ(out.tokenId, r.readBytes32(), "InitializeVault.token_id");
      return Instruction{out};
    }
    case 1: {
      Deposit out;
      LEZ_STREAMS_READ(out.vaultId, r.readU64(), "Deposit.vault_id");
      LEZ_STREAMS_READ(out.amount, r.readU128(), "Deposit.amount");
      LEZ_STREAMS_READ(out.authenticatedTransferProgramId, r.readProgramId(), "Deposit.authenticated_transfer_program_id");
      return Instruction{out};
    }
    case 2: {
      Withdraw out;
      LEZ_STREAMS_READ(out.vaultId, r.readU64(), "Withdraw.vault_id");
      LEZ_STREAMS_READ(out.amount, r.readU128(), "Withdraw.amount");
      return Instruction{out};
    }
    case 3: {
      CreateStream out;
      LEZ_STREAMS_READ(out.vaultId, r.readU64(), "CreateStream.vault_id");
      LEZ_STREAMS_READ(out.streamId, r.readU64(), "CreateStream.stream_id");
      LEZ_STREAMS_READ(out.provider, r.readAccountId(), "CreateStream.provider");
      LEZ_STREAMS_READ(out.rate, r.readU64(), "CreateStream.rate");
      LEZ_STREAMS_READ(out.allocation, r.readU128(), "CreateStream.allocation");
      return Instruction{out};
    }
    case 4: return readPair<PauseStream>(r, "PauseStream");
    case 5: return readPair<ResumeStream>(r, "ResumeStream");
    case 6: {
      TopUpStream out;
      LEZ_STREAMS_READ(out.vaultId, r.readU64(), "TopUpStream.vault_id");
      LEZ_STREAMS_READ(out.streamId, r.readU64(), "TopUpStream.stream_id");
      LEZ_STREAMS_READ(out.vaultTotalAllocatedIncrease, r.readU128(), "TopUpStream.vault_total_allocated_increase");
      return Instruction{out};
    }
    case 7: return readPair<CloseStreamByOwner>(r, "CloseStreamByOwner");
    case 8: return readPair<Claim>(r, "Claim");
    case 9: return readPair<CloseStreamByProvider>(r, "CloseStreamByProvider");
    case 10: {
      WithdrawToOwner out;
      LEZ_STREAMS_READ(out.vaultId, r.readU64(), "WithdrawToOwner.vault_id");
      LEZ_STREAMS_READ(out.amount, r.readU128(), "WithdrawToOwner.amount");
      return Instruction{out};
    }
    default: break;
  }
  // readVariant bounds the index, so this is a broken internal invariant.
  return core::makeError(DecodeError::INVALID_VARIANT, "variant " + std::to_string(variant));
}

#undef LEZ_STREAMS_READ

}  // namespace

std::string_view instructionName(const Instruction& instruction) {
  static constexpr std::string_view kNames[kInstructionVariantCount] = {
      "InitializeVault", "Deposit", "Withdraw", "CreateStream", "PauseStream", "ResumeStream",
      "TopUpStream", "CloseStreamByOwner", "Claim", "CloseStreamByProvider", "WithdrawToOwner"};
  return kNames[instruction.index()];
}

std::vector<std::uint32_t> encodeWords(const Instruction& instruction) {
  Risc0WordWriter w;
  w.writeVariant(static_cast<std::uint32_t>(instruction.index()));
  std::visit(
      [&w](const auto& ix) {
        using T = std::decay_t<decltype(ix)>;
        w.writeU64(ix.vaultId);
        if constexpr (std::is_same_v<T, InitializeVault>) {
          w.writeU32(static_cast<std::uint32_t>(ix.privacyTier));
          w.writeBytes32(ix.tokenId);
        } else if constexpr (std::is_same_v<T, Deposit>) {
          w.writeU128(ix.amount);
          w.writeProgramId(ix.authenticatedTransferProgramId);
        } else if constexpr (std::is_same_v<T, Withdraw> || std::is_same_v<T, WithdrawToOwner>) {
          w.writeU128(ix.amount);
        } else if constexpr (std::is_same_v<T, CreateStream>) {
          w.writeU64(ix.streamId);
          w.writeAccountId(ix.provider);
          w.writeU64(ix.rate);
          w.writeU128(ix.allocation);
        } else if constexpr (std::is_same_v<T, TopUpStream>) {
          w.writeU64(ix.streamId);
          w.writeU128(ix.vaultTotalAllocatedIncrease);
        } else if constexpr (std::is_same_v<T, PauseStream> || std::is_same_v<T, ResumeStream> ||
                             std::is_same_v<T, CloseStreamByOwner> || std::is_same_v<T, Claim> ||
                             std::is_same_v<T, CloseStreamByProvider>) {
          w.writeU64(ix.streamId);
        } else {
          static_assert(kAlwaysFalse<T>, "every instruction needs an encoder");
        }
      },
      instruction);
  return std::move(w).take();
}

core::Result<Instruction> decodeWords(std::span<const std::uint32_t> words) {
  Risc0WordReader r(words);
  auto variant = r.readVariant(kInstructionVariantCount);
  if (!variant.ok()) return core::withContext(variant.error(), "Instruction variant");
  auto body = readBody(variant.value(), r);
  if (!body.ok()) return body.error();
  if (auto done = r.finish(); !done.ok()) {
    return core::withContext(done.error(), std::string(instructionName(body.value())));
  }
  return body;
}

}  // namespace lez::streams
