#include "lez/streams/program.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <variant>

#include "lez/core/clock_data.h"
#include "lez/streams/accounts.h"
#include "lez/streams/error_codes.h"
#include "lez/streams/fold.h"
#include "lez/streams/instruction.h"

namespace lez::streams {
namespace {

using chain::AccountWithMetadata;
using chain::ProgramOutput;
using Pre = std::vector<AccountWithMetadata>;
using Output = Result<ProgramOutput>;

// Account positions shared by every list of §4.
constexpr std::size_t kCfg = 0;
constexpr std::size_t kHld = 1;
constexpr std::size_t kStr = 2;

#define LEZ_STREAMS_TRY(status)             \
  do {                                      \
    auto status_ = (status);                \
    if (!status_.ok()) return status_.error(); \
  } while (false)

std::string idText(const AccountId& id) { return id.toBase58(); }

// ---- framework checks (code 0) ----

Status requireCount(const Pre& pre, std::size_t count, std::string_view instruction, std::string_view list) {
  if (pre.size() == count) return lezpay::util::okStatus();
  return makeError(FrameworkError::AccountCountMismatch, std::string(instruction) + " takes " + std::to_string(count) +
                                                             " accounts [" + std::string(list) + "], got " +
                                                             std::to_string(pre.size()));
}

Status requireSigner(const AccountWithMetadata& account, std::string_view role) {
  if (account.isAuthorized) return lezpay::util::okStatus();
  return makeError(FrameworkError::MissingSignature, std::string(role) + " " + idText(account.accountId) + " must sign");
}

Status requireDefault(const AccountWithMetadata& account, std::string_view role) {
  if (account.account.isDefault()) return lezpay::util::okStatus();
  return makeError(FrameworkError::AccountNotDefault,
                   std::string(role) + " " + idText(account.accountId) + " must be Account::default() to be initialized");
}

Status requirePda(const AccountWithMetadata& account, const AccountId& expected, std::string_view role) {
  if (account.accountId == expected) return lezpay::util::okStatus();
  return makeError(FrameworkError::PdaMismatch, std::string(role) + " is " + idText(account.accountId) +
                                                    " but its seeds give " + idText(expected));
}

// ---- context loading (§6 steps 1-7) ----

struct Vault {
  VaultConfig config;
  VaultHolding holding;
};

// Steps 1-3: decode CFG/HLD (token native else 6028), versions 6002, vault_id 6003, owner 6015.
Result<Vault> loadVault(const AccountWithMetadata& cfg, const AccountWithMetadata& hld, VaultId vaultId, const AccountId& owner) {
  auto config = decodeVaultConfig(cfg.account.data);
  if (!config.ok()) return makeError(FrameworkError::InvalidAccountData, "vault config: " + config.error().message);
  if (config->tokenId != kNativeTokenId) {
    return makeError(StreamError::UnsupportedTokenId, "vault token_id is not the native token (32 zero bytes)");
  }
  auto holding = decodeVaultHolding(hld.account.data);
  if (!holding.ok()) return makeError(FrameworkError::InvalidAccountData, "vault holding: " + holding.error().message);
  if (config->version != holding->version) {
    return makeError(StreamError::VersionMismatch, "vault config version " + std::to_string(config->version) +
                                                       " differs from vault holding version " + std::to_string(holding->version));
  }
  if (config->vaultId != vaultId) {
    return makeError(StreamError::VaultIdMismatch,
                     "instruction vault_id " + std::to_string(vaultId) + " but the vault stores " + std::to_string(config->vaultId));
  }
  if (config->owner != owner) {
    return makeError(StreamError::VaultOwnerMismatch, "owner account " + idText(owner) + " is not the vault owner " + idText(config->owner));
  }
  return Vault{config.value(), holding.value()};
}

// Steps 4-6: decode STR and normalise accrued_as_of; versions 6002; stream id 6009; invariants.
Result<StreamConfig> loadStream(const AccountWithMetadata& str, const Vault& vault, StreamId streamId) {
  auto decoded = decodeStreamConfig(str.account.data);
  if (!decoded.ok()) return makeError(FrameworkError::InvalidAccountData, "stream config: " + decoded.error().message);
  StreamConfig stream = loadedStream(decoded.value());
  if (stream.version != vault.config.version) {
    return makeError(StreamError::VersionMismatch, "stream version " + std::to_string(stream.version) +
                                                       " differs from vault config version " + std::to_string(vault.config.version));
  }
  if (stream.version != vault.holding.version) {
    return makeError(StreamError::VersionMismatch, "stream version " + std::to_string(stream.version) +
                                                       " differs from vault holding version " + std::to_string(vault.holding.version));
  }
  if (streamId >= vault.config.nextStreamId) {
    return makeError(StreamError::StreamIdMismatch, "stream " + std::to_string(streamId) + " does not exist (next_stream_id " +
                                                        std::to_string(vault.config.nextStreamId) + ")");
  }
  if (stream.streamId != streamId) {
    return makeError(StreamError::StreamIdMismatch,
                     "instruction stream_id " + std::to_string(streamId) + " but the account stores " + std::to_string(stream.streamId));
  }
  LEZ_STREAMS_TRY(validateInvariants(stream));
  return stream;
}

// Step 7: allowlisted clock with 16-byte data; now in fold seconds.
Result<Timestamp> clockNow(const AccountWithMetadata& clock) {
  const auto& ids = core::kClockAccountIds;
  if (std::find(ids.begin(), ids.end(), clock.accountId) == ids.end()) {
    return makeError(StreamError::InvalidClockAccount, idText(clock.accountId) + " is not a system clock account");
  }
  auto data = core::decodeClockAccountData(clock.account.data);
  if (!data.ok()) return makeError(StreamError::InvalidClockAccount, "clock account data: " + data.error().message);
  return foldSeconds(data->timestamp);
}

struct StreamContext {
  Vault vault;
  StreamConfig stream;
  Timestamp now = 0;
};

Result<StreamContext> loadStreamContext(const Pre& pre, VaultId vaultId, StreamId streamId, const AccountId& owner,
                                        const AccountWithMetadata& clock) {
  auto vault = loadVault(pre[kCfg], pre[kHld], vaultId, owner);
  if (!vault.ok()) return vault.error();
  auto stream = loadStream(pre[kStr], vault.value(), streamId);
  if (!stream.ok()) return stream.error();
  auto now = clockNow(clock);
  if (!now.ok()) return now.error();
  return StreamContext{vault.value(), stream.value(), now.value()};
}

// ---- the handlers ----

class Handler {
 public:
  Handler(const ProgramId& self, const ProgramId& at, const Pre& pre) : self_(self), at_(at), pre_(pre) {}

  Output operator()(const InitializeVault& ix) const {
    LEZ_STREAMS_TRY(requireCount(pre_, 3, "InitializeVault", "vault_config, vault_holding, owner"));
    const AccountId& owner = pre_[2].accountId;
    const PdaSeed cfgSeed = vaultConfigSeed(owner, ix.vaultId);
    const AccountId cfgId = core::publicPda(self_, cfgSeed);
    const PdaSeed hldSeed = vaultHoldingSeed(cfgId, ix.tokenId);
    LEZ_STREAMS_TRY(requireDefault(pre_[kCfg], "vault_config"));
    LEZ_STREAMS_TRY(requirePda(pre_[kCfg], cfgId, "vault_config"));
    LEZ_STREAMS_TRY(requireDefault(pre_[kHld], "vault_holding"));
    LEZ_STREAMS_TRY(requirePda(pre_[kHld], core::publicPda(self_, hldSeed), "vault_holding"));
    LEZ_STREAMS_TRY(requireSigner(pre_[2], "owner"));

    if (ix.tokenId != kNativeTokenId) {
      return makeError(StreamError::UnsupportedTokenId, "only the native token (32 zero bytes) is supported");
    }
    ProgramOutput out = chain::unchangedOutput(pre_);
    VaultConfig config;
    config.owner = owner;
    config.vaultId = ix.vaultId;
    config.privacyTier = ix.privacyTier;
    config.tokenId = ix.tokenId;
    out.postStates[kCfg].account.data = encode(config);
    out.postStates[kCfg].claim = chain::Claim::pda(cfgSeed);
    out.postStates[kHld].account.data = encode(VaultHolding{});
    out.postStates[kHld].claim = chain::Claim::pda(hldSeed);
    return out;
  }

  Output operator()(const Deposit& ix) const {
    LEZ_STREAMS_TRY(requireCount(pre_, 3, "Deposit", "vault_config, vault_holding, owner"));
    LEZ_STREAMS_TRY(requireVaultPdas(ix.vaultId, pre_[2].accountId));
    LEZ_STREAMS_TRY(requireSigner(pre_[2], "owner"));

    if (ix.amount.isZero()) return makeError(StreamError::ZeroDepositAmount, "deposit amount is zero");
    auto vault = loadVault(pre_[kCfg], pre_[kHld], ix.vaultId, pre_[2].accountId);
    if (!vault.ok()) return vault.error();
    if (ix.authenticatedTransferProgramId != at_) {
      return makeError(FrameworkError::AuthenticatedTransferProgramMismatch,
                       "deposit names AT program " + ix.authenticatedTransferProgramId.toHex() + ", this deployment uses " + at_.toHex());
    }
    ProgramOutput out = chain::unchangedOutput(pre_);
    // The owner's debit must run as AT (rule 5: only the owning program may decrease a balance).
    out.chainedCalls.push_back(chain::ChainedCall{at_, {pre_[2], pre_[kHld]}, core::atTransferInstruction(ix.amount), {}});
    return out;
  }

  Output operator()(const Withdraw& ix) const {
    LEZ_STREAMS_TRY(requireCount(pre_, 4, "Withdraw", "vault_config, vault_holding, owner, withdraw_to"));
    LEZ_STREAMS_TRY(requireVaultPdas(ix.vaultId, pre_[2].accountId));
    LEZ_STREAMS_TRY(requireSigner(pre_[2], "owner"));
    return withdrawTo(ix.vaultId, ix.amount, 3);
  }

  Output operator()(const WithdrawToOwner& ix) const {
    LEZ_STREAMS_TRY(requireCount(pre_, 3, "WithdrawToOwner", "vault_config, vault_holding, owner"));
    LEZ_STREAMS_TRY(requireVaultPdas(ix.vaultId, pre_[2].accountId));
    LEZ_STREAMS_TRY(requireSigner(pre_[2], "owner"));
    return withdrawTo(ix.vaultId, ix.amount, 2);
  }

  Output operator()(const CreateStream& ix) const {
    LEZ_STREAMS_TRY(requireCount(pre_, 5, "CreateStream", "vault_config, vault_holding, stream_config, owner, clock"));
    const AccountId& owner = pre_[3].accountId;
    LEZ_STREAMS_TRY(requireVaultPdas(ix.vaultId, owner));
    const PdaSeed strSeed = streamConfigSeed(pre_[kCfg].accountId, ix.streamId);
    LEZ_STREAMS_TRY(requireDefault(pre_[kStr], "stream_config"));
    LEZ_STREAMS_TRY(requirePda(pre_[kStr], core::publicPda(self_, strSeed), "stream_config"));
    LEZ_STREAMS_TRY(requireSigner(pre_[3], "owner"));

    if (ix.rate == 0) return makeError(StreamError::ZeroStreamRate, "stream rate is zero");
    if (ix.allocation.isZero()) return makeError(StreamError::ZeroStreamAllocation, "stream allocation is zero");
    auto vault = loadVault(pre_[kCfg], pre_[kHld], ix.vaultId, owner);
    if (!vault.ok()) return vault.error();
    VaultConfig config = vault->config;
    if (ix.provider == owner) return makeError(StreamError::ProviderEqualsOwner, "the provider must not be the vault owner");
    if (ix.streamId != config.nextStreamId) {
      return makeError(StreamError::StreamIdMismatch, "stream_id " + std::to_string(ix.streamId) + " but the vault's next_stream_id is " +
                                                          std::to_string(config.nextStreamId));
    }
    auto total = totalAllocatedAfterAdd(pre_[kHld].account.balance, config.totalAllocated, ix.allocation);
    if (!total.ok()) return total.error();
    auto now = clockNow(pre_[4]);
    if (!now.ok()) return now.error();
    if (config.nextStreamId == std::numeric_limits<StreamId>::max()) {
      return makeError(StreamError::NextStreamIdOverflow, "next_stream_id would overflow u64");
    }
    config.nextStreamId += 1;
    config.totalAllocated = total.value();

    StreamConfig stream;
    stream.streamId = ix.streamId;
    stream.provider = ix.provider;
    stream.rate = ix.rate;
    stream.allocation = ix.allocation;
    stream.state = StreamState::Active;
    stream.accruedAsOf = now.value();

    ProgramOutput out = chain::unchangedOutput(pre_);
    out.postStates[kCfg].account.data = encode(config);
    out.postStates[kStr].account.data = encode(stream);
    out.postStates[kStr].claim = chain::Claim::pda(strSeed);
    return out;
  }

  Output operator()(const PauseStream& ix) const {
    auto ctx = ownerStreamContext("PauseStream", ix.vaultId, ix.streamId);
    if (!ctx.ok()) return ctx.error();
    auto folded = atTime(ctx->stream, ctx->now);
    if (!folded.ok()) return folded.error();
    StreamConfig stream = folded.value();
    if (stream.state != StreamState::Active) {
      return makeError(StreamError::StreamNotActive, "the stream is not Active after the fold (paused, depleted or closed)");
    }
    stream.state = StreamState::Paused;
    return withStream(stream, std::nullopt);
  }

  Output operator()(const ResumeStream& ix) const {
    auto ctx = ownerStreamContext("ResumeStream", ix.vaultId, ix.streamId);
    if (!ctx.ok()) return ctx.error();
    auto folded = atTime(ctx->stream, ctx->now);
    if (!folded.ok()) return folded.error();
    auto resumed = resumeAt(folded.value(), ctx->now);
    if (!resumed.ok()) return resumed.error();
    return withStream(resumed.value(), std::nullopt);
  }

  Output operator()(const TopUpStream& ix) const {
    auto ctx = ownerStreamContext("TopUpStream", ix.vaultId, ix.streamId);
    if (!ctx.ok()) return ctx.error();
    auto folded = atTime(ctx->stream, ctx->now);
    if (!folded.ok()) return folded.error();
    StreamConfig stream = folded.value();
    if (stream.state == StreamState::Closed) return makeError(StreamError::StreamClosed, "the stream is Closed");
    const U128 increase = ix.vaultTotalAllocatedIncrease;
    if (increase.isZero()) return makeError(StreamError::ZeroTopUpAmount, "top-up amount is zero");
    VaultConfig config = ctx->vault.config;
    auto total = totalAllocatedAfterAdd(pre_[kHld].account.balance, config.totalAllocated, increase);
    if (!total.ok()) return total.error();
    auto allocation = stream.allocation.checkedAdd(increase);
    if (!allocation) return makeError(StreamError::ArithmeticOverflow, "stream allocation would overflow u128");
    stream.allocation = *allocation;
    config.totalAllocated = total.value();
    if (stream.state == StreamState::Paused) {
      auto resumed = resumeAt(stream, ctx->now);
      if (!resumed.ok()) return resumed.error();
      stream = resumed.value();
    }
    return withStream(stream, config);
  }

  Output operator()(const CloseStreamByOwner& ix) const {
    auto ctx = ownerStreamContext("CloseStreamByOwner", ix.vaultId, ix.streamId);
    if (!ctx.ok()) return ctx.error();
    return close(ctx.value());
  }

  Output operator()(const CloseStreamByProvider& ix) const {
    auto ctx = providerStreamContext("CloseStreamByProvider", ix.vaultId, ix.streamId);
    if (!ctx.ok()) return ctx.error();
    if (pre_[4].accountId != ctx->stream.provider) {
      return makeError(StreamError::CloseUnauthorized, idText(pre_[4].accountId) + " is not the stream's provider");
    }
    return close(ctx.value());
  }

  Output operator()(const Claim& ix) const {
    auto ctx = providerStreamContext("Claim", ix.vaultId, ix.streamId);
    if (!ctx.ok()) return ctx.error();
    if (pre_[4].accountId != ctx->stream.provider) {
      return makeError(StreamError::ClaimUnauthorized, idText(pre_[4].accountId) + " is not the stream's provider");
    }
    auto claimed = claimAt(ctx->stream, ctx->now);
    if (!claimed.ok()) return claimed.error();
    const U128 payout = claimed->amount;
    VaultConfig config = ctx->vault.config;
    auto total = totalAllocatedAfterRelease(config.totalAllocated, payout);
    if (!total.ok()) return total.error();
    config.totalAllocated = total.value();
    auto holding = pre_[kHld].account.balance.checkedSub(payout);
    if (!holding) {
      return makeError(StreamError::InsufficientFunds, "vault holding " + pre_[kHld].account.balance.toDecimal() +
                                                           " cannot pay " + payout.toDecimal());
    }
    auto provider = pre_[4].account.balance.checkedAdd(payout);
    if (!provider) return makeError(StreamError::ArithmeticOverflow, "provider balance would overflow u128");

    auto out = withStream(claimed->stream, config);
    if (!out.ok()) return out;
    out.value().postStates[kHld].account.balance = *holding;
    out.value().postStates[4].account.balance = *provider;
    return out;
  }

 private:
  // CFG and HLD (native token) are the PDAs of `owner` and `vaultId`.
  Status requireVaultPdas(VaultId vaultId, const AccountId& owner) const {
    const AccountId cfgId = vaultConfigId(self_, owner, vaultId);
    LEZ_STREAMS_TRY(requirePda(pre_[kCfg], cfgId, "vault_config"));
    LEZ_STREAMS_TRY(requirePda(pre_[kHld], vaultHoldingId(self_, cfgId), "vault_holding"));
    return lezpay::util::okStatus();
  }

  Status requireStreamPda(StreamId streamId) const {
    return requirePda(pre_[kStr], streamConfigId(self_, pre_[kCfg].accountId, streamId), "stream_config");
  }

  // [CFG, HLD, STR, owner (S), CLK]
  Result<StreamContext> ownerStreamContext(std::string_view name, VaultId vaultId, StreamId streamId) const {
    LEZ_STREAMS_TRY(requireCount(pre_, 5, name, "vault_config, vault_holding, stream_config, owner, clock"));
    LEZ_STREAMS_TRY(requireVaultPdas(vaultId, pre_[3].accountId));
    LEZ_STREAMS_TRY(requireStreamPda(streamId));
    LEZ_STREAMS_TRY(requireSigner(pre_[3], "owner"));
    return loadStreamContext(pre_, vaultId, streamId, pre_[3].accountId, pre_[4]);
  }

  // [CFG, HLD, STR, owner, provider (S), CLK]
  Result<StreamContext> providerStreamContext(std::string_view name, VaultId vaultId, StreamId streamId) const {
    LEZ_STREAMS_TRY(requireCount(pre_, 6, name, "vault_config, vault_holding, stream_config, owner, provider, clock"));
    LEZ_STREAMS_TRY(requireVaultPdas(vaultId, pre_[3].accountId));
    LEZ_STREAMS_TRY(requireStreamPda(streamId));
    LEZ_STREAMS_TRY(requireSigner(pre_[4], "provider"));
    return loadStreamContext(pre_, vaultId, streamId, pre_[3].accountId, pre_[5]);
  }

  // Withdraw / WithdrawToOwner after the framework checks: `destination` is its index.
  Output withdrawTo(VaultId vaultId, U128 amount, std::size_t destination) const {
    auto vault = loadVault(pre_[kCfg], pre_[kHld], vaultId, pre_[2].accountId);
    if (!vault.ok()) return vault.error();
    if (amount.isZero()) return makeError(StreamError::ZeroWithdrawAmount, "withdraw amount is zero");
    const U128 balance = pre_[kHld].account.balance;
    const U128 free = unallocated(balance, vault->config.totalAllocated);
    if (amount > free) {
      return makeError(StreamError::InsufficientFunds, "withdraw " + amount.toDecimal() + " exceeds unallocated " + free.toDecimal());
    }
    auto holding = balance.checkedSub(amount);
    if (!holding) return makeError(StreamError::InsufficientFunds, "vault holding balance would underflow");
    const AccountWithMetadata& to = pre_[destination];
    auto credited = to.account.balance.checkedAdd(amount);
    if (!credited) return makeError(StreamError::ArithmeticOverflow, "destination balance would overflow u128");
    ProgramOutput out = chain::unchangedOutput(pre_);
    out.postStates[kHld].account.balance = *holding;
    out.postStates[destination].account.balance = *credited;
    // A fresh destination would otherwise be left non-default with no owner (rule 7 / step 5).
    if (to.account.isDefault()) out.postStates[destination].claim = chain::Claim::authorized();
    return out;
  }

  Output close(const StreamContext& ctx) const {
    auto closed = closeAt(ctx.stream, ctx.now);
    if (!closed.ok()) return closed.error();
    VaultConfig config = ctx.vault.config;
    auto total = totalAllocatedAfterRelease(config.totalAllocated, closed->amount);
    if (!total.ok()) return total.error();
    config.totalAllocated = total.value();
    return withStream(closed->stream, config);
  }

  // Unchanged accounts except STR (and CFG when given).
  Output withStream(const StreamConfig& stream, const std::optional<VaultConfig>& config) const {
    ProgramOutput out = chain::unchangedOutput(pre_);
    out.postStates[kStr].account.data = encode(stream);
    if (config) out.postStates[kCfg].account.data = encode(*config);
    return out;
  }

  const ProgramId& self_;
  const ProgramId& at_;
  const Pre& pre_;
};

#undef LEZ_STREAMS_TRY

}  // namespace

PaymentStreamsProgram::PaymentStreamsProgram(ProgramId self, ProgramId authenticatedTransfer)
    : self_(self), authenticatedTransfer_(authenticatedTransfer) {}

chain::ProgramResult PaymentStreamsProgram::execute(const chain::ProgramContext& /*context*/, const Pre& preStates,
                                                    const std::vector<std::uint32_t>& words) const {
  auto instruction = decodeWords(words);
  if (!instruction.ok()) {
    return chain::GuestFailure{0, std::string(toString(FrameworkError::InvalidInstruction)),
                               instruction.error().code + ": " + instruction.error().message};
  }
  Output result = std::visit(Handler(self_, authenticatedTransfer_, preStates), instruction.value());
  if (result.ok()) return std::move(result).value();
  const Error& e = result.error();
  return chain::GuestFailure{errorNumber(e), e.code, std::string(instructionName(instruction.value())) + ": " + e.message};
}

std::shared_ptr<const chain::NativeProgram> makePaymentStreamsProgram(ProgramId self, ProgramId authenticatedTransfer) {
  return std::make_shared<PaymentStreamsProgram>(self, authenticatedTransfer);
}

}  // namespace lez::streams
