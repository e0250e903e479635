#pragma once
// The account list of each instruction (payment-streams.md §4, reference
// program/core/src/instruction_accounts.rs): `ids` in the normative order and, beside each,
// whether the transaction must carry that account's signature. A wallet builds the message from
// these two vectors (lez.md §12 send_generic_public_transaction) and signs for every `true`.
//
// `clock` must be one of the three clock ids (kClock01/10/50) or the program answers 6025;
// CLOCK_01 is the one that moves every block. Pure and total.

#include <vector>

#include "lez/core/clock_data.h"
#include "lez/core/program_id.h"
#include "lez/streams/accounts.h"

namespace lez::streams {

struct InstructionAccounts {
  std::vector<AccountId> ids;
  std::vector<bool> signers;  // same length as ids
};

// [CFG (init), HLD (init), owner (S)]; HLD derived with `tokenId`.
InstructionAccounts initializeVaultAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId,
                                            const TokenId& tokenId = kNativeTokenId);
// [CFG, HLD, owner (S)]
InstructionAccounts depositAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId);
// [CFG, HLD, owner (S), withdraw_to]; withdraw_to must differ from owner (use WithdrawToOwner).
InstructionAccounts withdrawAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId,
                                     const AccountId& withdrawTo);
// [CFG, HLD, owner (S)]
InstructionAccounts withdrawToOwnerAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId);
// [CFG, HLD, STR (init), owner (S), CLK]
InstructionAccounts createStreamAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId,
                                         StreamId streamId, const AccountId& clock = core::kClock01);
// PauseStream, ResumeStream, TopUpStream, CloseStreamByOwner: [CFG, HLD, STR, owner (S), CLK]
InstructionAccounts ownerStreamAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId,
                                        StreamId streamId, const AccountId& clock = core::kClock01);
// Claim and CloseStreamByProvider: [CFG, HLD, STR, owner, provider (S), CLK]
InstructionAccounts providerStreamAccounts(const core::ProgramId& program, const AccountId& owner,
                                           const AccountId& provider, VaultId vaultId, StreamId streamId,
                                           const AccountId& clock = core::kClock01);

}  // namespace lez::streams
