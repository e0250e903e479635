#include "lez/streams/accounts.h"

#include <string>

#include "lez/core/borsh.h"

namespace lez::streams {
namespace {

using core::BorshReader;
using core::BorshWriter;
using core::DecodeError;

// Exact length first, so a short or long input names the layout rather than a field.
core::Status requireLength(std::span<const std::uint8_t> bytes, std::size_t expected, std::string_view what) {
  if (bytes.size() < expected) {
    return core::makeError(DecodeError::TRUNCATED, std::string(what) + ": " + std::to_string(bytes.size()) +
                                                       " bytes, the layout needs exactly " + std::to_string(expected));
  }
  if (bytes.size() > expected) {
    return core::makeError(DecodeError::TRAILING_BYTES, std::string(what) + ": " + std::to_string(bytes.size()) +
                                                            " bytes, the layout needs exactly " + std::to_string(expected));
  }
  return lezpay::util::okStatus();
}

}  // namespace

std::vector<std::uint8_t> encode(const VaultConfig& config) {
  BorshWriter w;
  w.writeU8(config.version);
  w.writeFixed(config.owner.bytes());
  w.writeU64(config.vaultId);
  w.writeU64(config.nextStreamId);
  w.writeU128(config.totalAllocated);
  w.writeU8(static_cast<std::uint8_t>(config.privacyTier));
  w.writeFixed(config.tokenId);
  return std::move(w).take();
}

std::vector<std::uint8_t> encode(const VaultHolding& holding) { return {holding.version}; }

std::vector<std::uint8_t> encode(const StreamConfig& stream) {
  BorshWriter w;
  w.writeU8(stream.version);
  w.writeU64(stream.streamId);
  w.writeFixed(stream.provider.bytes());
  w.writeU64(stream.rate);
  w.writeU128(stream.allocation);
  w.writeU128(stream.accrued);
  w.writeU8(static_cast<std::uint8_t>(stream.state));
  w.writeU64(stream.accruedAsOf);
  return std::move(w).take();
}

core::Result<VaultConfig> decodeVaultConfig(std::span<const std::uint8_t> bytes) {
  if (auto len = requireLength(bytes, kVaultConfigBytes, "VaultConfig"); !len.ok()) return len.error();
  // The length is exact, so the fixed-width reads below cannot run short.
  BorshReader r(bytes);
  VaultConfig c;
  c.version = r.readU8().value();
  c.owner = AccountId(r.readFixed<32>().value());
  c.vaultId = r.readU64().value();
  c.nextStreamId = r.readU64().value();
  c.totalAllocated = r.readU128().value();
  auto tier = r.readVariant(2);
  if (!tier.ok()) return core::withContext(tier.error(), "VaultConfig.privacy_tier");
  c.privacyTier = static_cast<VaultPrivacyTier>(tier.value());
  c.tokenId = r.readFixed<32>().value();
  return c;
}

core::Result<VaultHolding> decodeVaultHolding(std::span<const std::uint8_t> bytes) {
  if (auto len = requireLength(bytes, kVaultHoldingBytes, "VaultHolding"); !len.ok()) return len.error();
  return VaultHolding{bytes[0]};
}

core::Result<StreamConfig> decodeStreamConfig(std::span<const std::uint8_t> bytes) {
  if (auto len = requireLength(bytes, kStreamConfigBytes, "StreamConfig"); !len.ok()) return len.error();
  BorshReader r(bytes);
  StreamConfig s;
  s.version = r.readU8().value();
  s.streamId = r.readU64().value();
  s.provider = AccountId(r.readFixed<32>().value());
  s.rate = r.readU64().value();
  s.allocation = r.readU128().value();
  s.accrued = r.readU128().value();
  auto state = r.readVariant(3);
  if (!state.ok()) return core::withContext(state.error(), "StreamConfig.state");
  s.state = static_cast<StreamState>(state.value());
  s.accruedAsOf = r.readU64().value();
  return s;
}

}  // namespace lez::streams
