#pragma once
// Program-derived account ids of the payment-streams program (payment-streams.md §5, SPEL
// multi-seed PDAs of lez.md §3). Each PDA has three 32-byte seeds; the combined seed
// SHA256(s1 ‖ s2 ‖ s3) is what the program passes to Claim::pda() and what
// lez::core::publicPda(program, combined) turns into the account id:
//
//   VaultConfig   "vault_config",  owner id,          vault_id u64
//   VaultHolding  "vault_holding", VaultConfig id,    token_id [32] (32 zero bytes = native)
//   StreamConfig  "stream_config", VaultConfig id,    stream_id u64
//
// Pure and total: the literal seeds are short enough that derivation cannot fail. Every id
// depends on the program id; the deployed testnet id is kPaymentStreamsTestnetProgramId.

#include "lez/core/pda.h"
#include "lez/core/program_id.h"
#include "lez/streams/accounts.h"

namespace lez::streams {

using core::PdaSeed;
using core::ProgramId;

// The program id of lez-payment-streams v0.1 on the public testnet (§5). Any rebuild changes it.
inline constexpr ProgramId kPaymentStreamsTestnetProgramId =
    ProgramId::fromHexLiteral("9d88f2e7498ae25caa3a5d829a3d1ed39f08673ba90987333074b965a81b90f8");

PdaSeed vaultConfigSeed(const AccountId& owner, VaultId vaultId);
PdaSeed vaultHoldingSeed(const AccountId& vaultConfig, const TokenId& tokenId = kNativeTokenId);
PdaSeed streamConfigSeed(const AccountId& vaultConfig, StreamId streamId);

AccountId vaultConfigId(const ProgramId& program, const AccountId& owner, VaultId vaultId);
AccountId vaultHoldingId(const ProgramId& program, const AccountId& vaultConfig, const TokenId& tokenId = kNativeTokenId);
AccountId streamConfigId(const ProgramId& program, const AccountId& vaultConfig, StreamId streamId);

// The two ids of a vault (native token holding), derived together.
struct VaultPdas {
  AccountId config;
  AccountId holding;
};
VaultPdas vaultPdas(const ProgramId& program, const AccountId& owner, VaultId vaultId);

}  // namespace lez::streams
