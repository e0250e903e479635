#include "stream_operations.h"

#include "decoded_json.h"
#include "lez/streams/pdas.h"
#include "logos/envelope.h"
#include "operation_params.h"
#include "result_shapes.h"
#include "write_pipeline.h"

namespace payment_streams {
namespace {

using logos::ParamType;
using logos::sdk::Args;
using lez::stream_eligibility::VaultView;
using lez::streams::StreamConfig;
using lez::streams::StreamId;
using lez::streams::StreamState;
using lez::streams::VaultId;
namespace ls = lez::streams;
using MaybeStream = std::optional<StreamConfig>;

const Json kOwnerStreamExample{{"owner", kExampleOwner}, {"vault_id", 0}, {"stream_id", 0}};

logos::OperationSpec createStreamSpec() {
  return shapes::shaped({"createStream", "Opens a stream from the vault to `provider` at `rate` per second with `allocation`.",
          joinParams({kOwnerParam, kVaultParam,
                      {"stream_id", ParamType::U64, false, nullptr, "must be the vault's next_stream_id (default: read from chain)"},
                      {"provider", ParamType::Account, true, nullptr, "provider account (base58 or 64 hex)"},
                      {"rate", ParamType::U64, true, nullptr, "tokens per second (> 0)"}},
                     amountParams("allocation", "allocation")),
          Json{{"tx_hash", ""}, {"stream_id", 0}},
          Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"provider", kExampleProvider}, {"rate", 1}, {"allocation", "100"}}},
                        shapes::createdStream());
}

void createStreamOperation(ModuleServices& s, const Args& a, Answer done) {
  const AccountId owner = accountOf(a, "owner");
  const AccountId provider = accountOf(a, "provider");
  if (Json missing = missingAmount(a, "allocation"); !missing.is_null()) return done(std::move(missing));
  const U128 allocation = a.u128("allocation");
  const std::optional<StreamId> streamId = a.has("stream_id") ? std::optional<StreamId>(a.u64("stream_id")) : std::nullopt;
  createStream(s, owner, a.u64("vault_id"), streamId, provider, a.u64("rate"), allocation, a.boolean("wait"),
               std::move(done));
}

// Pause, resume and top-up by the owner share accounts, pre-state and the read-back shape.
using Confirm = std::function<bool(const MaybeStream& before, const StreamConfig& after)>;
void ownerStreamWriteOf(ModuleServices& s, const AccountId& owner, VaultId vaultId, StreamId streamId, bool wait,
                        std::function<ls::Instruction(VaultId, StreamId)> instruction, Confirm confirm, const char* what, Answer done);
void ownerStreamWrite(ModuleServices& s, const Args& a, std::function<ls::Instruction(VaultId, StreamId)> instruction, Confirm confirm,
                      const char* what, Answer done) {
  ownerStreamWriteOf(s, accountOf(a, "owner"), a.u64("vault_id"), a.u64("stream_id"), a.boolean("wait"), std::move(instruction),
                     std::move(confirm), what, std::move(done));
}
void ownerStreamWriteOf(ModuleServices& s, const AccountId& owner, VaultId vaultId, StreamId streamId, bool wait,
                        std::function<ls::Instruction(VaultId, StreamId)> instruction, Confirm confirm, const char* what, Answer done) {
  if (!s.running()) return done(stopped());
  const ModuleConfig cfg = s.config();
  const ChainReader chain = s.chain();
  const AccountId o = owner;
  chain.stream(cfg.program, o, vaultId, streamId, [=, &s](Result<MaybeStream> before) {
    if (!before.ok()) return done(errorJson(before.error()));
    const MaybeStream prior = before.value();
    WritePlan plan{ls::ownerStreamAccounts(cfg.program, o, vaultId, streamId, cfg.clock), instruction(vaultId, streamId),
                   [=](const Json&, Then<Json> facts) {
                     chain.stream(cfg.program, o, vaultId, streamId, [=](Result<MaybeStream> after) {
                       if (!after.ok() || !after.value() || !confirm(prior, *after.value())) {
                         return facts(Error{kStateNotConfirmed, std::string(what) + " was included but stream " + std::to_string(streamId) +
                                                                    " does not read back as expected"});
                       }
                       facts(Json{{"vault_id", vaultId}, {"stream_id", streamId}, {"stream", streamConfigJson(*after.value())}});
                     });
                   }};
    runWrite(s, std::move(plan), wait, done);
  });
}

// pauseStream and resumeStream: an owner write whose confirmed effect is the stream's new state.
logos::OperationSpec stateChangeSpec(const char* name, const char* doc) {
  return shapes::shaped({name, doc, {kOwnerParam, kVaultParam, kStreamParam}, Json{{"tx_hash", ""}}, kOwnerStreamExample},
                        shapes::changedStream());
}

void stateChange(ModuleServices& s, const Args& a, std::function<ls::Instruction(VaultId, StreamId)> instruction, StreamState target,
                 const char* label, Answer done) {
  ownerStreamWrite(
      s, a, std::move(instruction), [target](const MaybeStream&, const StreamConfig& after) { return after.state == target; }, label,
      std::move(done));
}

logos::OperationSpec pauseStreamSpec() { return stateChangeSpec("pauseStream", "Pauses an Active stream (accrual stops)."); }

void pauseStream(ModuleServices& s, const Args& a, Answer done) {
  stateChange(s, a, [](VaultId v, StreamId id) { return ls::Instruction(ls::PauseStream{v, id}); }, StreamState::Paused, "PauseStream",
              std::move(done));
}

logos::OperationSpec resumeStreamSpec() {
  return stateChangeSpec("resumeStream", "Resumes a Paused stream that still has unaccrued funds.");
}

void resumeStream(ModuleServices& s, const Args& a, Answer done) {
  stateChange(s, a, [](VaultId v, StreamId id) { return ls::Instruction(ls::ResumeStream{v, id}); }, StreamState::Active, "ResumeStream",
              std::move(done));
}

logos::OperationSpec topUpStreamSpec() {
  return shapes::shaped({"topUpStream", "Raises a stream's allocation by `increase` from unallocated funds; the stream ends Active.",
          joinParams({kOwnerParam, kVaultParam, kStreamParam}, amountParams("increase", "allocation increase")), Json{{"tx_hash", ""}},
          Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"stream_id", 0}, {"increase", "50"}}},
                        shapes::changedStream());
}

void topUpStream(ModuleServices& s, const Args& a, Answer done) {
  if (Json missing = missingAmount(a, "increase"); !missing.is_null()) return done(std::move(missing));
  topUpStreamBy(s, accountOf(a, "owner"), a.u64("vault_id"), a.u64("stream_id"), a.u128("increase"), a.boolean("wait"), std::move(done));
}

}  // namespace

void topUpStreamBy(ModuleServices& s, const AccountId& owner, VaultId vaultId, StreamId streamId, const U128& inc, bool wait, Answer done) {
  ownerStreamWriteOf(
      s, owner, vaultId, streamId, wait, [inc](VaultId v, StreamId id) { return ls::Instruction(ls::TopUpStream{v, id, inc}); },
      [inc](const MaybeStream& before, const StreamConfig& after) {
        return before && after.state == StreamState::Active && before->allocation.checkedAdd(inc) == std::optional<U128>(after.allocation);
      },
      "TopUpStream", std::move(done));
}

namespace {

logos::OperationSpec closeStreamSpec() {
  return shapes::shaped({"closeStream", "Closes a stream: by the owner, or by `provider` when given and distinct (the provider signs).",
          {kOwnerParam, kVaultParam, kStreamParam,
           {"provider", ParamType::Account, false, nullptr, "provider account; distinct from owner => CloseStreamByProvider"}},
          Json{{"tx_hash", ""}, {"released", "0"}}, kOwnerStreamExample},
                        shapes::write(shapes::withAmounts(Json{{"vault_id", "u64"}, {"stream_id", "u64"}, {"closed_by", "string"}, {"stream", shapes::streamConfig()}}, {"released", "accrued"})));
}

void closeStream(ModuleServices& s, const Args& a, Answer done) {
  const AccountId owner = accountOf(a, "owner");
  std::optional<AccountId> provider;
  if (a.has("provider")) {
    const AccountId given = accountOf(a, "provider");
    if (given != owner) provider = given;
  }
  const VaultId vaultId = a.u64("vault_id");
  const StreamId streamId = a.u64("stream_id");
  const bool wait = a.boolean("wait");
  const ModuleConfig cfg = s.config();
  const ChainReader chain = s.chain();
  const AccountId o = owner;
  chain.vault(cfg.program, o, vaultId, [=, &s](Result<VaultView> vault) {
    chain.stream(cfg.program, o, vaultId, streamId, [=, &s](Result<MaybeStream> before) {
      if (!vault.ok() || !before.ok() || !vault->config || !before.value()) {
        return done(errorJson(kClosePrestateUnavailable,
                              "vault " + std::to_string(vaultId) + " or its stream " + std::to_string(streamId) + " could not be read"));
      }
      if (vault->config->owner != o) return done(errorJson(kCloseOwnerMismatch, "the vault's owner is " + vault->config->owner.toBase58()));
      if (provider && before.value()->provider != *provider) {
        return done(errorJson(kCloseProviderMismatch, "stream " + std::to_string(streamId) + " pays " + before.value()->provider.toBase58()));
      }
      const U128 allocatedBefore = vault->config->totalAllocated;
      WritePlan plan{provider ? ls::providerStreamAccounts(cfg.program, o, *provider, vaultId, streamId, cfg.clock)
                              : ls::ownerStreamAccounts(cfg.program, o, vaultId, streamId, cfg.clock),
                     provider ? ls::Instruction(ls::CloseStreamByProvider{vaultId, streamId})
                              : ls::Instruction(ls::CloseStreamByOwner{vaultId, streamId}),
                     [=](const Json&, Then<Json> facts) {
                       chain.stream(cfg.program, o, vaultId, streamId, [=](Result<MaybeStream> after) {
                         chain.vault(cfg.program, o, vaultId, [=](Result<VaultView> vaultAfter) {
                           if (!after.ok() || !after.value() || after.value()->state != StreamState::Closed || !vaultAfter.ok() ||
                               !vaultAfter->config) {
                             return facts(Error{kStateNotConfirmed, "close was included but stream " + std::to_string(streamId) +
                                                                        " does not read back Closed"});
                           }
                           const U128 released = allocatedBefore.checkedSub(vaultAfter->config->totalAllocated).value_or(U128{});
                           Json out{{"vault_id", vaultId}, {"stream_id", streamId}, {"closed_by", provider ? "provider" : "owner"},
                                    {"stream", streamConfigJson(*after.value())}};
                           putAmount(out, "released", released);
                           putAmount(out, "accrued", after.value()->accrued);
                           facts(out);
                         });
                       });
                     }};
      runWrite(s, std::move(plan), wait, done);
    });
  });
}

logos::OperationSpec claimSpec() {
  return shapes::shaped({"claim", "The provider collects everything accrued on a stream (any state); the provider's key signs.",
          {kOwnerParam, {"provider", ParamType::Account, true, nullptr, "provider account (must be AT-initialized; its key signs)"}, kVaultParam,
           kStreamParam},
          Json{{"tx_hash", ""}, {"claimed", "0"}},
          Json{{"owner", kExampleOwner}, {"provider", kExampleProvider}, {"vault_id", 0}, {"stream_id", 0}}},
                        shapes::write(shapes::withAmounts(Json{{"vault_id", "u64"}, {"stream_id", "u64"}, {"provider", "base58"}, {"stream", shapes::streamConfig()}}, {"claimed", "provider_balance"})));
}

void claim(ModuleServices& s, const Args& a, Answer done) {
  claimStream(s, accountOf(a, "owner"), accountOf(a, "provider"), a.u64("vault_id"), a.u64("stream_id"), a.boolean("wait"), std::move(done));
}

}  // namespace

void claimStream(ModuleServices& s, const AccountId& owner, const AccountId& provider, VaultId vaultId, StreamId streamId, bool wait,
                 Answer done) {
  if (!s.running()) return done(stopped());
  const ModuleConfig cfg = s.config();
  const ChainReader chain = s.chain();
  const AccountId o = owner;
  const AccountId p = provider;
  chain.account(p, [=, &s](Result<AccountSnapshot> providerBefore) {
    if (!providerBefore.ok()) return done(errorJson(providerBefore.error()));
    if (providerBefore->programOwnerHex != cfg.atProgram.toHex()) {
      return done(errorJson(kProviderNotInitialized, "provider " + p.toBase58() +
                                                         " is not owned by authenticated_transfer; a claim could not credit it "
                                                         "(wallet register_public_account)"));
    }
    const U128 providerBalanceBefore = providerBefore->balance;
    chain.vault(cfg.program, o, vaultId, [=, &s](Result<VaultView> vault) {
      if (!vault.ok()) return done(errorJson(vault.error()));
      const U128 holdingBefore = vault->holdingBalance;
      WritePlan plan{ls::providerStreamAccounts(cfg.program, o, p, vaultId, streamId, cfg.clock), ls::Claim{vaultId, streamId},
                     [=](const Json&, Then<Json> facts) {
                       chain.account(p, [=](Result<AccountSnapshot> providerAfter) {
                         chain.vault(cfg.program, o, vaultId, [=](Result<VaultView> vaultAfter) {
                           chain.stream(cfg.program, o, vaultId, streamId, [=](Result<MaybeStream> after) {
                             if (!providerAfter.ok() || !vaultAfter.ok() || !after.ok() || !after.value()) {
                               return facts(Error{kStateNotConfirmed, "Claim was included but the accounts could not be read back"});
                             }
                             const auto paid = holdingBefore.checkedSub(vaultAfter->holdingBalance);
                             const auto credited = providerAfter->balance.checkedSub(providerBalanceBefore);
                             if (!paid || paid->isZero() || !after.value()->accrued.isZero() || !credited || *credited != *paid) {
                               return facts(Error{kStateNotConfirmed,
                                                  "Claim was included but the provider balance and the vault holding did not move by the "
                                                  "same amount"});
                             }
                             Json out{{"vault_id", vaultId}, {"stream_id", streamId}, {"provider", p.toBase58()},
                                      {"stream", streamConfigJson(*after.value())}};
                             putAmount(out, "claimed", *paid);
                             putAmount(out, "provider_balance", providerAfter->balance);
                             facts(out);
                           });
                         });
                       });
                     }};
      runWrite(s, std::move(plan), wait, done);
    });
  });
}

void createStream(ModuleServices& s, const AccountId& owner, VaultId vaultId, std::optional<StreamId> streamId, const AccountId& provider,
                  std::uint64_t rate, const U128& allocation, bool wait, Answer done) {
  if (provider == owner) return done(errorJson(kCreateProviderEqualsOwner, "the provider must differ from the vault owner (6027)"));
  if (!s.running()) return done(stopped());
  const ModuleConfig cfg = s.config();
  const ChainReader chain = s.chain();
  chain.vault(cfg.program, owner, vaultId, [=, &s](Result<VaultView> vault) {
    if (!vault.ok()) return done(errorJson(vault.error()));
    if (!vault->config) return done(errorJson(kVaultNotFound, "no vault " + std::to_string(vaultId) + " of " + owner.toBase58()));
    const StreamId id = streamId.value_or(vault->config->nextStreamId);
    WritePlan plan{ls::createStreamAccounts(cfg.program, owner, vaultId, id, cfg.clock), ls::CreateStream{vaultId, id, provider, rate, allocation},
                   [=, &s](const Json& tx, Then<Json> facts) {
                     chain.stream(cfg.program, owner, vaultId, id, [=, &s](Result<MaybeStream> stream) {
                       if (!stream.ok() || !stream.value() || stream.value()->provider != provider || stream.value()->rate != rate ||
                           stream.value()->allocation != allocation) {
                         return facts(Error{kStateNotConfirmed, "CreateStream was included but stream " + std::to_string(id) +
                                                                    " does not read back with its terms"});
                       }
                       if (s.state) {
                         s.state->remember(InventoryEntry{owner, vaultId, id, provider, "", tx.value("tx_hash", std::string()), "created"});
                         (void)s.state->save();
                       }
                       facts(Json{{"stream_id", id}, {"vault_id", vaultId}, {"stream", streamConfigJson(*stream.value())},
                                  {"stream_account", ls::streamConfigId(cfg.program, ls::vaultConfigId(cfg.program, owner, vaultId), id).toBase58()}});
                     });
                   }};
    runWrite(s, std::move(plan), wait, done);
  });
}

void registerStreamOperations(ModuleServices& s) {
  addWrite(s, createStreamSpec(), createStreamOperation);
  addWrite(s, pauseStreamSpec(), pauseStream);
  addWrite(s, resumeStreamSpec(), resumeStream);
  addWrite(s, topUpStreamSpec(), topUpStream);
  addWrite(s, closeStreamSpec(), closeStream);
  addWrite(s, claimSpec(), claim);
}

}  // namespace payment_streams
