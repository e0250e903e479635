#include "lez/streams/instruction_accounts.h"

#include "lez/streams/pdas.h"

namespace lez::streams {

InstructionAccounts initializeVaultAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId,
                                            const TokenId& tokenId) {
  const AccountId config = vaultConfigId(program, owner, vaultId);
  return {{config, vaultHoldingId(program, config, tokenId), owner}, {false, false, true}};
}

InstructionAccounts depositAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId) {
  const VaultPdas v = vaultPdas(program, owner, vaultId);
  return {{v.config, v.holding, owner}, {false, false, true}};
}

InstructionAccounts withdrawAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId,
                                     const AccountId& withdrawTo) {
  const VaultPdas v = vaultPdas(program, owner, vaultId);
  return {{v.config, v.holding, owner, withdrawTo}, {false, false, true, false}};
}

InstructionAccounts withdrawToOwnerAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId) {
  return depositAccounts(program, owner, vaultId);
}

InstructionAccounts createStreamAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId,
                                         StreamId streamId, const AccountId& clock) {
  return ownerStreamAccounts(program, owner, vaultId, streamId, clock);
}

InstructionAccounts ownerStreamAccounts(const core::ProgramId& program, const AccountId& owner, VaultId vaultId,
                                        StreamId streamId, const AccountId& clock) {
  const VaultPdas v = vaultPdas(program, owner, vaultId);
  return {{v.config, v.holding, streamConfigId(program, v.config, streamId), owner, clock}, {false, false, false, true, false}};
}

InstructionAccounts providerStreamAccounts(const core::ProgramId& program, const AccountId& owner,
                                           const AccountId& provider, VaultId vaultId, StreamId streamId,
                                           const AccountId& clock) {
  const VaultPdas v = vaultPdas(program, owner, vaultId);
  return {{v.config, v.holding, streamConfigId(program, v.config, streamId), owner, provider, clock},
          {false, false, false, false, true, false}};
}

}  // namespace lez::streams
