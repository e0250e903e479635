#pragma once
// The native programs of lez-localnet with their real program ids (LEZ spec §8, §9).
//
// authenticated_transfer (AT):
//   Transfer{amount: u128} = words [0, a0, a1, a2, a3], accounts [sender (authorized), recipient]:
//     sender debited (InsufficientBalance otherwise), recipient credited, recipient claimed
//     Authorized when default-owned.
//   Initialize = [1], accounts [account]: the account must be Account::default(); claimed
//     Authorized.
// clock (sequencer only): instruction T as u64 words [lo, hi], accounts [CLOCK_01, CLOCK_10,
//   CLOCK_50]: block_id := CLOCK_01.block_id + 1, {block_id, T} written to each account whose
//   divisor divides block_id.

#include <memory>

#include "lez/chain/program.h"
#include "lez/core/authenticated_transfer.h"
#include "lez/core/transaction.h"

namespace lez::chain {

// AT program id of LEZ v0.2.2+ and the live testnet (the default), and of v0.2.0 builds.
inline constexpr ProgramId kAuthenticatedTransferId = core::kAuthenticatedTransferProgramId;
inline constexpr ProgramId kAuthenticatedTransferV020Id = core::kAuthenticatedTransferProgramIdV020;
// Clock program image id (not in our spec; taken from public LEZ-based code, configurable:
// docs/decisions.md).
inline constexpr ProgramId kClockProgramId =
    ProgramId::fromHexLiteral("319fbc054d77207cbaec0b31e9cc813eca0b40d310d7112ec4a0fe64395c61fc");

std::shared_ptr<const NativeProgram> makeAuthenticatedTransfer(ProgramId id = kAuthenticatedTransferId);
std::shared_ptr<const NativeProgram> makeClockProgram(ProgramId id = kClockProgramId);

// The clock tick transaction of a block with timestamp `timestampMs` (signer-less).
core::PublicTransaction clockTickTransaction(const ProgramId& clockProgram, std::uint64_t timestampMs);

}  // namespace lez::chain
