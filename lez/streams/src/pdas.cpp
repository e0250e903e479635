#include "lez/streams/pdas.h"

#include <array>
#include <string_view>

namespace lez::streams {
namespace {

// A literal seed: UTF-8 zero-padded to 32 bytes (compile-time length below 32).
constexpr PdaSeed literalSeed(std::string_view text) {
  PdaSeed seed{};
  for (std::size_t i = 0; i < text.size() && i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(text[i]);
  return seed;
}

constexpr PdaSeed kVaultConfigLiteral = literalSeed("vault_config");
constexpr PdaSeed kVaultHoldingLiteral = literalSeed("vault_holding");
constexpr PdaSeed kStreamConfigLiteral = literalSeed("stream_config");

PdaSeed combine(const PdaSeed& a, const PdaSeed& b, const PdaSeed& c) {
  const std::array<PdaSeed, 3> seeds{a, b, c};
  // Three seeds: combineSeeds hashes them and cannot fail.
  return core::combineSeeds(seeds).value();
}

}  // namespace

PdaSeed vaultConfigSeed(const AccountId& owner, VaultId vaultId) {
  return combine(kVaultConfigLiteral, core::seedFromAccountId(owner), core::seedFromU64(vaultId));
}

PdaSeed vaultHoldingSeed(const AccountId& vaultConfig, const TokenId& tokenId) {
  return combine(kVaultHoldingLiteral, core::seedFromAccountId(vaultConfig), tokenId);
}

PdaSeed streamConfigSeed(const AccountId& vaultConfig, StreamId streamId) {
  return combine(kStreamConfigLiteral, core::seedFromAccountId(vaultConfig), core::seedFromU64(streamId));
}

AccountId vaultConfigId(const ProgramId& program, const AccountId& owner, VaultId vaultId) {
  return core::publicPda(program, vaultConfigSeed(owner, vaultId));
}

AccountId vaultHoldingId(const ProgramId& program, const AccountId& vaultConfig, const TokenId& tokenId) {
  return core::publicPda(program, vaultHoldingSeed(vaultConfig, tokenId));
}

AccountId streamConfigId(const ProgramId& program, const AccountId& vaultConfig, StreamId streamId) {
  return core::publicPda(program, streamConfigSeed(vaultConfig, streamId));
}

VaultPdas vaultPdas(const ProgramId& program, const AccountId& owner, VaultId vaultId) {
  const AccountId config = vaultConfigId(program, owner, vaultId);
  return VaultPdas{config, vaultHoldingId(program, config)};
}

}  // namespace lez::streams
