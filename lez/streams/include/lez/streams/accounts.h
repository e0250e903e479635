#pragma once
// Account data of the payment-streams program (payment-streams.md §5): Borsh layouts of
// VaultConfig (98 bytes), VaultHolding (1 byte) and StreamConfig (90 bytes), and the enums
// VaultPrivacyTier and StreamState they carry.
//
// Layouts (offset: field):
//   VaultConfig   0 version u8 | 1 owner [32] | 33 vault_id u64 | 41 next_stream_id u64 |
//                 49 total_allocated u128 | 65 privacy_tier u8 | 66 token_id [32]
//   VaultHolding  0 version u8   (the vault's funds are the account's native balance)
//   StreamConfig  0 version u8 | 1 stream_id u64 | 9 provider [32] | 41 rate u64 |
//                 49 allocation u128 | 65 accrued u128 | 81 state u8 | 82 accrued_as_of u64
//
// Decoders require exactly the layout's length (TRUNCATED below, TRAILING_BYTES above: codes of
// lez::core::DecodeError) and reject a privacy_tier byte other than 0/1 and a state byte other
// than 0/1/2 (INVALID_VARIANT). They do not check `version` or any invariant: that is the
// program's job (§6), with domain error codes. Encoders never fail.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "lez/core/account_id.h"
#include "lez/core/errors.h"
#include "lez/core/u128.h"

namespace lez::streams {

using core::AccountId;
using core::U128;

using VaultId = std::uint64_t;
using StreamId = std::uint64_t;
using Timestamp = std::uint64_t;  // fold seconds unless a name says otherwise
using TokenId = std::array<std::uint8_t, 32>;

// LIP-155 native token: 32 zero bytes. v0.1 accepts only this one (6028 otherwise).
inline constexpr TokenId kNativeTokenId{};
// `version` written by this program.
inline constexpr std::uint8_t kAccountVersion = 1;

inline constexpr std::size_t kVaultConfigBytes = 98;
inline constexpr std::size_t kVaultHoldingBytes = 1;
inline constexpr std::size_t kStreamConfigBytes = 90;

enum class VaultPrivacyTier : std::uint8_t { Public = 0, PseudonymousFunding = 1 };
enum class StreamState : std::uint8_t { Active = 0, Paused = 1, Closed = 2 };

struct VaultConfig {
  std::uint8_t version = kAccountVersion;
  AccountId owner;
  VaultId vaultId = 0;
  StreamId nextStreamId = 0;
  U128 totalAllocated;
  VaultPrivacyTier privacyTier = VaultPrivacyTier::Public;
  TokenId tokenId = kNativeTokenId;

  friend bool operator==(const VaultConfig&, const VaultConfig&) = default;
};

struct VaultHolding {
  std::uint8_t version = kAccountVersion;

  friend bool operator==(const VaultHolding&, const VaultHolding&) = default;
};

struct StreamConfig {
  std::uint8_t version = kAccountVersion;
  StreamId streamId = 0;
  AccountId provider;
  std::uint64_t rate = 0;  // tokens per second
  U128 allocation;
  U128 accrued;
  StreamState state = StreamState::Active;
  Timestamp accruedAsOf = 0;  // seconds (older writers used ms: normalise with foldSeconds, fold.h)

  friend bool operator==(const StreamConfig&, const StreamConfig&) = default;
};

std::vector<std::uint8_t> encode(const VaultConfig& config);
std::vector<std::uint8_t> encode(const VaultHolding& holding);
std::vector<std::uint8_t> encode(const StreamConfig& stream);

core::Result<VaultConfig> decodeVaultConfig(std::span<const std::uint8_t> bytes);
core::Result<VaultHolding> decodeVaultHolding(std::span<const std::uint8_t> bytes);
core::Result<StreamConfig> decodeStreamConfig(std::span<const std::uint8_t> bytes);

}  // namespace lez::streams
