#include "chain_operations.h"

#include "lez/streams/fold.h"
#include "lez/streams/pdas.h"
#include "lezpay/util/hex.h"
#include "logos/envelope.h"

namespace payment_streams {
namespace {

using logos::ParamType;
using lez::streams::StreamConfig;
using lez::streams::StreamId;
using lez::streams::StreamState;
using lez::streams::VaultConfig;
using lez::streams::VaultId;
namespace ls = lez::streams;

constexpr const char* kStateNotConfirmed = "STATE_NOT_CONFIRMED";
constexpr const char* kVaultNotFound = "VAULT_NOT_FOUND";
constexpr const char* kStreamNotFound = "STREAM_NOT_FOUND";
constexpr const char* kExampleOwner = "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo";
constexpr const char* kExampleProvider = "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY";

const logos::ParamSpec kOwner{"owner", ParamType::String, true, nullptr, "vault owner account (base58 or 64 hex); its key signs"};
const logos::ParamSpec kVault{"vault_id", ParamType::U64, true, nullptr, "vault id (u64)"};
const logos::ParamSpec kStream{"stream_id", ParamType::U64, true, nullptr, "stream id (u64)"};

std::vector<logos::ParamSpec> amountSpecs(const std::string& key, const std::string& doc) {
  return {{key, ParamType::U128, false, nullptr, doc + " as a decimal string (wins over _lo/_hi; both must agree)"},
          {key + "_lo", ParamType::U64, false, nullptr, "low 64 bits of " + key},
          {key + "_hi", ParamType::U64, false, nullptr, "high 64 bits of " + key}};
}

std::vector<logos::ParamSpec> join(std::vector<logos::ParamSpec> a, const std::vector<logos::ParamSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Json withTx(Json out, const Json& tx) {
  for (const char* k : {"success", "tx_hash", "tx_status", "block_id", "wallet"}) {
    if (tx.contains(k)) out[k] = tx[k];
  }
  out["status"] = "ok";
  return out;
}

Json notConfirmed(const Json& tx, const std::string& message) {
  Json e = errorJson(kStateNotConfirmed, message);
  e["tx_hash"] = tx.value("tx_hash", std::string());
  e["success"] = false;
  return e;
}

}  // namespace

std::string_view stateName(StreamState s) {
  switch (s) {
    case StreamState::Active: return "Active";
    case StreamState::Paused: return "Paused";
    case StreamState::Closed: return "Closed";
  }
  return "Unknown";
}

void putAmount(Json& out, const std::string& key, const U128& v) {
  out[key] = v.toDecimal();
  out[key + "_lo"] = v.lo();
  out[key + "_hi"] = v.hi();
}

Json vaultConfigJson(const VaultConfig& c) {
  Json j{{"version", c.version}, {"owner", c.owner.toBase58()}, {"vault_id", c.vaultId}, {"next_stream_id", c.nextStreamId},
         {"privacy_tier", static_cast<int>(c.privacyTier)}, {"token_id", lezpay::util::toHex(c.tokenId)}};
  putAmount(j, "total_allocated", c.totalAllocated);
  return j;
}

Json streamConfigJson(const StreamConfig& s) {
  Json j{{"version", s.version}, {"stream_id", s.streamId}, {"provider", s.provider.toBase58()}, {"rate", s.rate},
         {"state", std::string(stateName(s.state))}, {"state_code", static_cast<int>(s.state)}, {"accrued_as_of", s.accruedAsOf}};
  putAmount(j, "allocation", s.allocation);
  putAmount(j, "accrued", s.accrued);
  return j;
}

Json clockJson(const lez::core::ClockAccountData& c) {
  return Json{{"block_id", c.blockId}, {"timestamp", c.timestamp}, {"fold_seconds", ls::foldSeconds(c.timestamp)}};
}

Json ChainOperations::submit(const ls::InstructionAccounts& accounts, const ls::Instruction& instruction) {
  const Json payload = transactionPayload(accounts, instruction, cfg().program);
  const int timeout = cfg().txTimeoutMs;
  Json w = s_.chain().walletCall("send_generic_public_transaction_json",
                                 Json{{"payload_json", payload}, {"wait", wait_}, {"timeout_ms", timeout}},
                                 timeout + cfg().walletTimeoutMs);
  const std::string name(ls::instructionName(instruction));
  if (logos::isOk(w)) {
    return logos::okEnvelope(Json{{"success", true}, {"operation", name}, {"tx_hash", w.value("tx_hash", std::string())},
                                  {"tx_status", w.value("tx_status", std::string("included"))},
                                  {"block_id", w.value("block_id", Json(nullptr))}, {"wallet", w}});
  }
  const std::string code = w.value("code", std::string("WALLET_FAILED"));
  Json e = errorJson(code, name + ": " + w.value("message", std::string("the wallet did not submit the transaction")));
  e["success"] = false;
  if (w.contains("tx_hash")) e["tx_hash"] = w["tx_hash"];
  if (code == "TX_REJECTED" && w.contains("reason") && w["reason"].is_object()) {
    const Json& r = w["reason"];
    e["reason"] = r;
    if (r.contains("guest_code")) e["guest_code"] = r["guest_code"];
    if (r.contains("guest_name")) e["guest_name"] = r["guest_name"];
    std::string why = r.value("guest_name", r.value("code", std::string("rejected")));
    if (r.contains("guest_code")) why += " (" + r["guest_code"].dump() + ")";
    e["message"] = name + " was rejected by the sequencer: " + why + (r.contains("message") ? ": " + r.value("message", std::string()) : "");
  }
  e["wallet"] = w;
  return e;
}

Json ChainOperations::createStream(const AccountId& owner, VaultId vaultId, std::optional<StreamId> streamId, const AccountId& provider,
                                   std::uint64_t rate, const U128& allocation) {
  if (provider == owner) return errorJson("create_provider_equals_owner", "the provider must differ from the vault owner (6027)");
  auto vault = s_.chain().vault(cfg().program, owner, vaultId);
  if (!vault.ok()) return errorJson(vault.error());
  if (!vault->config) return errorJson(kVaultNotFound, "no vault " + std::to_string(vaultId) + " of " + owner.toBase58());
  const StreamId id = streamId.value_or(vault->config->nextStreamId);
  Json tx = submit(ls::createStreamAccounts(cfg().program, owner, vaultId, id, cfg().clock),
                   ls::CreateStream{vaultId, id, provider, rate, allocation});
  if (!logos::isOk(tx) || !wait_) return tx;
  auto stream = s_.chain().stream(cfg().program, owner, vaultId, id);
  if (!stream.ok() || !stream.value() || stream.value()->provider != provider || stream.value()->rate != rate ||
      stream.value()->allocation != allocation) {
    return notConfirmed(tx, "CreateStream was included but stream " + std::to_string(id) + " does not read back with its terms");
  }
  s_.state->remember(InventoryEntry{owner, vaultId, id, provider, "", tx.value("tx_hash", std::string()), "created"});
  (void)s_.state->save();
  return withTx(Json{{"stream_id", id}, {"vault_id", vaultId}, {"stream", streamConfigJson(*stream.value())},
                     {"stream_account", ls::streamConfigId(cfg().program, ls::vaultConfigId(cfg().program, owner, vaultId), id).toBase58()}},
                tx);
}

Json ChainOperations::streamStatus(const AccountId& owner, VaultId vaultId, StreamId streamId) {
  auto chain = s_.chain();
  auto stream = chain.stream(cfg().program, owner, vaultId, streamId);
  if (!stream.ok()) return errorJson(stream.error());
  if (!stream.value()) {
    return errorJson(kStreamNotFound, "no stream " + std::to_string(streamId) + " in vault " + std::to_string(vaultId) + " of " +
                                          owner.toBase58());
  }
  auto clock = chain.clock(cfg().clock);
  if (!clock.ok()) return errorJson(clock.error());
  auto folded = ls::foldStoredStream(*stream.value(), clock.value());
  if (!folded.ok()) return errorJson(folded.error());
  const StreamConfig& f = folded->stream;
  Json out{{"owner", owner.toBase58()}, {"vault_id", vaultId}, {"stream_id", streamId}, {"provider", f.provider.toBase58()},
           {"rate", f.rate}, {"stored", streamConfigJson(*stream.value())}, {"as_of", folded->asOf},
           {"clock", clockJson(clock.value())}, {"stream_state", std::string(stateName(f.state))}};
  putAmount(out, "allocation", f.allocation);
  putAmount(out, "accrued", folded->accrued);
  putAmount(out, "unaccrued", folded->unaccrued);
  const bool depleted = f.state != StreamState::Closed && folded->unaccrued.isZero() && !f.allocation.isZero();
  out["depleted"] = depleted;
  if (depleted) out["depleted_at"] = f.accruedAsOf;
  out["stream_account"] = ls::streamConfigId(cfg().program, ls::vaultConfigId(cfg().program, owner, vaultId), streamId).toBase58();
  return logos::okEnvelope(out);
}

void ChainOperations::addWrite(logos::OperationSpec spec, logos::sdk::Dispatcher::Handler handler) {
  spec.params.push_back({"wait", ParamType::Bool, false, true,
                         "wait for inclusion and check the effect (default); false answers at submission, tx_status pending"});
  s_.addOperation(std::move(spec), [this, handler = std::move(handler)](const Json& p) {
    wait_ = p.value("wait", true);
    Json out = handler(p);
    wait_ = true;
    return out;
  });
}

void ChainOperations::registerOperations() {
  using PT = ParamType;
  auto& add = s_.addOperation;
  const Json ownerVault{{"owner", kExampleOwner}, {"vault_id", 0}};

  addWrite({"initializeVault", "Creates vault `vault_id` of `owner` (VaultConfig + VaultHolding PDAs).",
       {kOwner, kVault, {"privacy_tier", PT::U64, false, 0, "0 Public, 1 PseudonymousFunding"},
        {"token_id", PT::Hex32, false, nullptr, "token id (64 hex); only the native token (32 zero bytes) is accepted"}},
       Json{{"tx_hash", ""}, {"vault_config_account", ""}}, ownerVault},
      [this](const Json& p) {
        auto owner = accountParam(p, "owner");
        if (!owner.ok()) return errorJson(owner.error());
        const VaultId vaultId = u64Of(p, "vault_id");
        const std::uint64_t tier = u64Of(p, "privacy_tier");
        if (tier > 1) return errorJson(kInvalidArgs, "privacy_tier must be 0 (Public) or 1 (PseudonymousFunding)");
        ls::TokenId token = ls::kNativeTokenId;
        if (p.contains("token_id")) token = lezpay::util::fromHexFixed<32>(p["token_id"].get<std::string>()).value();
        Json tx = submit(ls::initializeVaultAccounts(cfg().program, owner.value(), vaultId, token),
                         ls::InitializeVault{vaultId, static_cast<ls::VaultPrivacyTier>(tier), token});
        if (!logos::isOk(tx) || !wait_) return tx;
        auto vault = s_.chain().vault(cfg().program, owner.value(), vaultId);
        if (!vault.ok() || !vault->config || vault->config->owner != owner.value()) {
          return notConfirmed(tx, "InitializeVault was included but the vault does not read back");
        }
        const auto pdas = ls::vaultPdas(cfg().program, owner.value(), vaultId);
        return withTx(Json{{"vault_id", vaultId}, {"vault_config_account", pdas.config.toBase58()},
                           {"vault_holding_account", pdas.holding.toBase58()}, {"decoded", vaultConfigJson(*vault->config)}},
                      tx);
      });

  addWrite({"deposit", "Moves `amount` from the owner into the vault holding (AT transfer chained by the program).",
       join({kOwner, kVault}, amountSpecs("amount", "amount")), Json{{"tx_hash", ""}, {"balance", "0"}},
       Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"amount", "1000"}}},
      [this](const Json& p) {
        auto owner = accountParam(p, "owner");
        if (!owner.ok()) return errorJson(owner.error());
        auto amount = amountParam(p, "amount");
        if (!amount.ok()) return errorJson(amount.error());
        const VaultId vaultId = u64Of(p, "vault_id");
        auto before = s_.chain().vault(cfg().program, owner.value(), vaultId);
        if (!before.ok()) return errorJson(before.error());
        if (!before->config) return errorJson(kVaultNotFound, "no vault " + std::to_string(vaultId) + " of " + owner->toBase58());
        Json tx = submit(ls::depositAccounts(cfg().program, owner.value(), vaultId),
                         ls::Deposit{vaultId, amount.value(), cfg().atProgram});
        if (!logos::isOk(tx) || !wait_) return tx;
        auto after = s_.chain().vault(cfg().program, owner.value(), vaultId);
        auto expected = before->holdingBalance.checkedAdd(amount.value());
        if (!after.ok() || !expected || after->holdingBalance != *expected) {
          return notConfirmed(tx, "Deposit was included but the holding balance did not grow by " + amount->toDecimal());
        }
        Json out{{"vault_id", vaultId}};
        putAmount(out, "amount", amount.value());
        putAmount(out, "balance", after->holdingBalance);
        return withTx(out, tx);
      });

  addWrite({"withdraw", "Withdraws unallocated funds to the owner (WithdrawToOwner) or to `withdraw_to` (Withdraw).",
       join({kOwner, kVault}, join(amountSpecs("amount", "amount"),
                                   {{"withdraw_to", PT::String, false, nullptr,
                                     "destination account; absent, null or the owner => WithdrawToOwner. A fresh destination "
                                     "is AT-initialized first when this wallet holds its key"}})),
       Json{{"tx_hash", ""}, {"balance", "0"}}, Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"amount", "10"}}},
      [this](const Json& p) {
        auto owner = accountParam(p, "owner");
        if (!owner.ok()) return errorJson(owner.error());
        auto amount = amountParam(p, "amount");
        if (!amount.ok()) return errorJson(amount.error());
        const VaultId vaultId = u64Of(p, "vault_id");
        std::optional<AccountId> to;
        if (p.contains("withdraw_to")) {
          auto t = parseAccount(p["withdraw_to"].get<std::string>(), "withdraw_to");
          if (!t.ok()) return errorJson(t.error());
          if (t.value() != owner.value()) to = t.value();
        }
        auto chain = s_.chain();
        auto before = chain.vault(cfg().program, owner.value(), vaultId);
        if (!before.ok()) return errorJson("withdraw_prestate_unavailable", before.error().message);
        if (!before->config) return errorJson("withdraw_prestate_unavailable", "no vault " + std::to_string(vaultId) + " of " + owner->toBase58());
        if (before->config->owner != owner.value()) return errorJson("withdraw_owner_mismatch", "the vault's owner is " + before->config->owner.toBase58());
        Json registered;
        if (to) {
          // Crediting a default-owned account would claim it for the payment-streams program and
          // needs its signature (docs/decisions.md): AT-initialize it first when we hold its key.
          auto dest = chain.account(*to);
          if (!dest.ok()) return errorJson(dest.error());
          if (dest->isDefault()) {
            Json key = chain.walletCall("get_public_account_key", Json{{"account_id", to->toHex()}}, cfg().walletTimeoutMs);
            if (!logos::isOk(key)) {
              return errorJson("WITHDRAW_DESTINATION_UNINITIALIZED",
                               "withdraw_to " + to->toBase58() + " is not initialized under authenticated_transfer and this wallet "
                               "does not hold its key; register it first (wallet register_public_account)");
            }
            registered = chain.walletCall("register_public_account", Json{{"account_id", to->toHex()}, {"wait", true},
                                                                         {"timeout_ms", cfg().txTimeoutMs}},
                                          cfg().txTimeoutMs + cfg().walletTimeoutMs);
            if (!logos::isOk(registered)) {
              Json e = errorJson("WITHDRAW_DESTINATION_UNINITIALIZED", "AT-initializing withdraw_to failed: " + registered.value("message", std::string()));
              e["wallet"] = registered;
              return e;
            }
          }
        }
        Json tx = to ? submit(ls::withdrawAccounts(cfg().program, owner.value(), vaultId, *to), ls::Withdraw{vaultId, amount.value()})
                     : submit(ls::withdrawToOwnerAccounts(cfg().program, owner.value(), vaultId), ls::WithdrawToOwner{vaultId, amount.value()});
        if (!logos::isOk(tx) || !wait_) return tx;
        auto after = chain.vault(cfg().program, owner.value(), vaultId);
        auto expected = before->holdingBalance.checkedSub(amount.value());
        if (!after.ok() || !expected || after->holdingBalance != *expected) {
          return notConfirmed(tx, "Withdraw was included but the holding balance did not drop by " + amount->toDecimal());
        }
        Json out{{"vault_id", vaultId}, {"withdraw_to", (to ? *to : owner.value()).toBase58()}};
        if (!registered.is_null()) out["registered_destination_tx"] = registered.value("tx_hash", std::string());
        putAmount(out, "amount", amount.value());
        putAmount(out, "balance", after->holdingBalance);
        return withTx(out, tx);
      });

  addWrite({"createStream", "Opens a stream from the vault to `provider` at `rate` per second with `allocation`.",
       join({kOwner, kVault, {"stream_id", PT::U64, false, nullptr, "must be the vault's next_stream_id (default: read from chain)"},
             {"provider", PT::String, true, nullptr, "provider account (base58 or 64 hex)"},
             {"rate", PT::U64, true, nullptr, "tokens per second (> 0)"}},
            amountSpecs("allocation", "allocation")),
       Json{{"tx_hash", ""}, {"stream_id", 0}},
       Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"provider", kExampleProvider}, {"rate", 1}, {"allocation", "100"}}},
      [this](const Json& p) {
        auto owner = accountParam(p, "owner");
        if (!owner.ok()) return errorJson(owner.error());
        auto provider = accountParam(p, "provider");
        if (!provider.ok()) return errorJson(provider.error());
        auto allocation = amountParam(p, "allocation");
        if (!allocation.ok()) return errorJson(allocation.error());
        return createStream(owner.value(), u64Of(p, "vault_id"), optionalU64(p, "stream_id"), provider.value(),
                            u64Of(p, "rate"), allocation.value());
      });

  // Pause, resume, top-up and close-by-owner share accounts and the read-back shape.
  auto ownerStreamOp = [this](const Json& p, auto makeInstruction, auto confirm, const char* what) -> Json {
    auto owner = accountParam(p, "owner");
    if (!owner.ok()) return errorJson(owner.error());
    const VaultId vaultId = u64Of(p, "vault_id");
    const StreamId streamId = u64Of(p, "stream_id");
    auto before = s_.chain().stream(cfg().program, owner.value(), vaultId, streamId);
    if (!before.ok()) return errorJson(before.error());
    auto instruction = makeInstruction(p, vaultId, streamId);
    if (!instruction.ok()) return errorJson(instruction.error());
    Json tx = submit(ls::ownerStreamAccounts(cfg().program, owner.value(), vaultId, streamId, cfg().clock), instruction.value());
    if (!logos::isOk(tx) || !wait_) return tx;
    auto after = s_.chain().stream(cfg().program, owner.value(), vaultId, streamId);
    if (!after.ok() || !after.value() || !confirm(before.value(), *after.value())) {
      return notConfirmed(tx, std::string(what) + " was included but stream " + std::to_string(streamId) + " does not read back as expected");
    }
    return withTx(Json{{"vault_id", vaultId}, {"stream_id", streamId}, {"stream", streamConfigJson(*after.value())}}, tx);
  };
  using Instr = lezpay::util::Result<ls::Instruction>;
  addWrite({"pauseStream", "Pauses an Active stream (accrual stops).", {kOwner, kVault, kStream}, Json{{"tx_hash", ""}},
       Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"stream_id", 0}}},
      [ownerStreamOp](const Json& p) {
        return ownerStreamOp(p, [](const Json&, VaultId v, StreamId s) { return Instr(ls::Instruction(ls::PauseStream{v, s})); },
                             [](const auto&, const StreamConfig& a) { return a.state == StreamState::Paused; }, "PauseStream");
      });
  addWrite({"resumeStream", "Resumes a Paused stream that still has unaccrued funds.", {kOwner, kVault, kStream}, Json{{"tx_hash", ""}},
       Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"stream_id", 0}}},
      [ownerStreamOp](const Json& p) {
        return ownerStreamOp(p, [](const Json&, VaultId v, StreamId s) { return Instr(ls::Instruction(ls::ResumeStream{v, s})); },
                             [](const auto&, const StreamConfig& a) { return a.state == StreamState::Active; }, "ResumeStream");
      });
  addWrite({"topUpStream", "Raises a stream's allocation by `increase` from unallocated funds; the stream ends Active.",
       join({kOwner, kVault, kStream}, amountSpecs("increase", "allocation increase")), Json{{"tx_hash", ""}},
       Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"stream_id", 0}, {"increase", "50"}}},
      [ownerStreamOp](const Json& p) {
        auto increase = amountParam(p, "increase");
        if (!increase.ok()) return errorJson(increase.error());
        const U128 inc = increase.value();
        return ownerStreamOp(
            p, [inc](const Json&, VaultId v, StreamId s) { return Instr(ls::Instruction(ls::TopUpStream{v, s, inc})); },
            [inc](const std::optional<StreamConfig>& b, const StreamConfig& a) {
              return b && a.state == StreamState::Active && b->allocation.checkedAdd(inc) == std::optional<U128>(a.allocation);
            },
            "TopUpStream");
      });

  addWrite({"closeStream", "Closes a stream: by the owner, or by `provider` when given and distinct (the provider signs).",
       {kOwner, kVault, kStream, {"provider", PT::String, false, nullptr, "provider account; distinct from owner => CloseStreamByProvider"}},
       Json{{"tx_hash", ""}, {"released", "0"}}, Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"stream_id", 0}}},
      [this](const Json& p) {
        auto owner = accountParam(p, "owner");
        if (!owner.ok()) return errorJson(owner.error());
        std::optional<AccountId> provider;
        if (p.contains("provider")) {
          auto pr = parseAccount(p["provider"].get<std::string>(), "provider");
          if (!pr.ok()) return errorJson(pr.error());
          if (pr.value() != owner.value()) provider = pr.value();
        }
        const VaultId vaultId = u64Of(p, "vault_id");
        const StreamId streamId = u64Of(p, "stream_id");
        auto chain = s_.chain();
        auto vault = chain.vault(cfg().program, owner.value(), vaultId);
        auto before = chain.stream(cfg().program, owner.value(), vaultId, streamId);
        if (!vault.ok() || !before.ok() || !vault->config || !before.value()) {
          return errorJson("close_prestate_unavailable", "vault " + std::to_string(vaultId) + " or its stream " + std::to_string(streamId) +
                                                             " could not be read");
        }
        if (vault->config->owner != owner.value()) return errorJson("close_owner_mismatch", "the vault's owner is " + vault->config->owner.toBase58());
        if (provider && before.value()->provider != *provider) {
          return errorJson("close_provider_mismatch", "stream " + std::to_string(streamId) + " pays " + before.value()->provider.toBase58());
        }
        Json tx = provider ? submit(ls::providerStreamAccounts(cfg().program, owner.value(), *provider, vaultId, streamId, cfg().clock),
                                    ls::CloseStreamByProvider{vaultId, streamId})
                           : submit(ls::ownerStreamAccounts(cfg().program, owner.value(), vaultId, streamId, cfg().clock),
                                    ls::CloseStreamByOwner{vaultId, streamId});
        if (!logos::isOk(tx) || !wait_) return tx;
        auto after = chain.stream(cfg().program, owner.value(), vaultId, streamId);
        auto vaultAfter = chain.vault(cfg().program, owner.value(), vaultId);
        if (!after.ok() || !after.value() || after.value()->state != StreamState::Closed || !vaultAfter.ok() || !vaultAfter->config) {
          return notConfirmed(tx, "close was included but stream " + std::to_string(streamId) + " does not read back Closed");
        }
        const U128 released = vault->config->totalAllocated.checkedSub(vaultAfter->config->totalAllocated).value_or(U128{});
        Json out{{"vault_id", vaultId}, {"stream_id", streamId}, {"closed_by", provider ? "provider" : "owner"},
                 {"stream", streamConfigJson(*after.value())}};
        putAmount(out, "released", released);
        putAmount(out, "accrued", after.value()->accrued);
        return withTx(out, tx);
      });

  addWrite({"claim", "The provider collects everything accrued on a stream (any state); the provider's key signs.",
       {kOwner, {"provider", PT::String, true, nullptr, "provider account (must be AT-initialized; its key signs)"}, kVault, kStream},
       Json{{"tx_hash", ""}, {"claimed", "0"}},
       Json{{"owner", kExampleOwner}, {"provider", kExampleProvider}, {"vault_id", 0}, {"stream_id", 0}}},
      [this](const Json& p) {
        auto owner = accountParam(p, "owner");
        if (!owner.ok()) return errorJson(owner.error());
        auto provider = accountParam(p, "provider");
        if (!provider.ok()) return errorJson(provider.error());
        const VaultId vaultId = u64Of(p, "vault_id");
        const StreamId streamId = u64Of(p, "stream_id");
        auto chain = s_.chain();
        auto providerBefore = chain.account(provider.value());
        if (!providerBefore.ok()) return errorJson(providerBefore.error());
        if (providerBefore->programOwnerHex != cfg().atProgram.toHex()) {
          return errorJson("PROVIDER_NOT_INITIALIZED", "provider " + provider->toBase58() +
                                                           " is not owned by authenticated_transfer; a claim could not credit it "
                                                           "(wallet register_public_account)");
        }
        auto vault = chain.vault(cfg().program, owner.value(), vaultId);
        if (!vault.ok()) return errorJson(vault.error());
        Json tx = submit(ls::providerStreamAccounts(cfg().program, owner.value(), provider.value(), vaultId, streamId, cfg().clock),
                         ls::Claim{vaultId, streamId});
        if (!logos::isOk(tx) || !wait_) return tx;
        auto providerAfter = chain.account(provider.value());
        auto vaultAfter = chain.vault(cfg().program, owner.value(), vaultId);
        auto after = chain.stream(cfg().program, owner.value(), vaultId, streamId);
        if (!providerAfter.ok() || !vaultAfter.ok() || !after.ok() || !after.value()) {
          return notConfirmed(tx, "Claim was included but the accounts could not be read back");
        }
        const auto paid = vault->holdingBalance.checkedSub(vaultAfter->holdingBalance);
        const auto credited = providerAfter->balance.checkedSub(providerBefore->balance);
        if (!paid || paid->isZero() || !after.value()->accrued.isZero() || !credited || *credited != *paid) {
          return notConfirmed(tx, "Claim was included but the provider balance and the vault holding did not move by the same amount");
        }
        Json out{{"vault_id", vaultId}, {"stream_id", streamId}, {"provider", provider->toBase58()},
                 {"stream", streamConfigJson(*after.value())}};
        putAmount(out, "claimed", *paid);
        putAmount(out, "provider_balance", providerAfter->balance);
        return withTx(out, tx);
      });

  add({"getVaultStatus", "Decoded vault config, holding balance and unallocated funds.", {kOwner, kVault},
       Json{{"balance", "0"}, {"unallocated", "0"}, {"decoded", Json::object()}}, ownerVault},
      [this](const Json& p) {
        auto owner = accountParam(p, "owner");
        if (!owner.ok()) return errorJson(owner.error());
        const VaultId vaultId = u64Of(p, "vault_id");
        auto vault = s_.chain().vault(cfg().program, owner.value(), vaultId);
        if (!vault.ok()) return errorJson(vault.error());
        if (!vault->config) return errorJson(kVaultNotFound, "no vault " + std::to_string(vaultId) + " of " + owner->toBase58());
        const auto pdas = ls::vaultPdas(cfg().program, owner.value(), vaultId);
        Json out{{"owner", owner->toBase58()}, {"vault_id", vaultId}, {"vault_config_account", pdas.config.toBase58()},
                 {"vault_holding_account", pdas.holding.toBase58()}, {"decoded", vaultConfigJson(*vault->config)},
                 {"next_stream_id", vault->config->nextStreamId}};
        putAmount(out, "balance", vault->holdingBalance);
        putAmount(out, "total_allocated", vault->config->totalAllocated);
        putAmount(out, "unallocated", ls::unallocated(vault->holdingBalance, vault->config->totalAllocated));
        return logos::okEnvelope(out);
      });

  add({"getStreamStatus", "A stream decoded and folded to the configured clock (as_of, state, accrued, unaccrued, depletion).",
       {kOwner, kVault, kStream}, Json{{"stream_state", "Active"}, {"accrued", "0"}, {"unaccrued", "0"}, {"as_of", 0}},
       Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"stream_id", 0}}},
      [this](const Json& p) {
        auto owner = accountParam(p, "owner");
        if (!owner.ok()) return errorJson(owner.error());
        return streamStatus(owner.value(), u64Of(p, "vault_id"), u64Of(p, "stream_id"));
      });

  add({"querySequencerTransaction", "The sequencer's status of a transaction (included, rejected with reason, pending, unknown).",
       {{"tx_hash", PT::Hex32, true, nullptr, "transaction hash"}}, Json{{"tx_status", "included"}}, Json{{"tx_hash", std::string(64, 'a')}}},
      [this](const Json& p) {
        Json w = s_.chain().walletCall("wait_for_transaction", Json{{"tx_hash", p["tx_hash"]}, {"timeout_ms", 0}}, cfg().walletTimeoutMs);
        const std::string hash = p["tx_hash"].get<std::string>();
        if (logos::isOk(w)) return logos::okEnvelope(Json{{"tx_hash", hash}, {"tx_status", "included"}, {"block_id", w.value("block_id", Json(nullptr))}});
        const std::string code = w.value("code", std::string());
        if (code == "TX_REJECTED") {
          Json out{{"tx_hash", hash}, {"tx_status", "rejected"}, {"reason", w.value("reason", Json::object())}};
          const Json& r = out["reason"];
          if (r.contains("guest_code")) out["guest_code"] = r["guest_code"];
          if (r.contains("guest_name")) out["guest_name"] = r["guest_name"];
          return logos::okEnvelope(out);
        }
        if (code == "TX_TIMEOUT") return logos::okEnvelope(Json{{"tx_hash", hash}, {"tx_status", "pending"}});
        if (code == "TX_UNKNOWN") return logos::okEnvelope(Json{{"tx_hash", hash}, {"tx_status", "unknown"}});
        return errorJson(kChainReadFailed, "transaction status: " + w.value("message", std::string("wallet failed")));
      });

  const logos::ParamSpec accountId{"account_id", PT::String, true, nullptr, "account id (base58 or 64 hex)"};
  auto decodedRead = [this](const Json& p, auto decode) -> Json {
    auto id = accountParam(p, "account_id");
    if (!id.ok()) return errorJson(id.error());
    auto a = s_.chain().account(id.value());
    if (!a.ok()) return errorJson(a.error());
    Json out{{"account_id_base58", id->toBase58()}, {"account_id", id->toHex()}, {"program_owner", a->programOwnerHex}};
    putAmount(out, "balance", a->balance);
    Json decoded = decode(a.value());
    if (decoded.contains("status")) return decoded;  // an error envelope
    out["decoded"] = decoded;
    return logos::okEnvelope(out);
  };
  add({"readVaultConfigDecoded", "Reads and decodes a VaultConfig account.", {accountId}, Json{{"decoded", Json::object()}},
       Json{{"account_id", kExampleOwner}}},
      [decodedRead](const Json& p) {
        return decodedRead(p, [](const AccountSnapshot& a) -> Json {
          auto c = vaultConfigOf(a);
          if (!c.ok()) return errorJson(c.error());
          if (!c.value()) return errorJson(kVaultNotFound, "the account holds no data");
          return vaultConfigJson(*c.value());
        });
      });
  add({"readVaultHoldingDecoded", "Reads and decodes a VaultHolding account (its funds are the native balance).", {accountId},
       Json{{"decoded", Json::object()}}, Json{{"account_id", kExampleOwner}}},
      [decodedRead](const Json& p) {
        return decodedRead(p, [](const AccountSnapshot& a) -> Json {
          if (a.data.empty()) return errorJson(kVaultNotFound, "the account holds no data");
          auto h = ls::decodeVaultHolding(a.data);
          if (!h.ok()) return errorJson(kInvalidAccountData, "VaultHolding: " + h.error().message);
          Json j{{"version", h->version}};
          putAmount(j, "funds", a.balance);
          return j;
        });
      });
  add({"readStreamConfigDecoded", "Reads and decodes a StreamConfig account (stored, not folded).", {accountId},
       Json{{"decoded", Json::object()}}, Json{{"account_id", kExampleOwner}}},
      [decodedRead](const Json& p) {
        return decodedRead(p, [](const AccountSnapshot& a) -> Json {
          auto s = streamConfigOf(a);
          if (!s.ok()) return errorJson(s.error());
          if (!s.value()) return errorJson(kStreamNotFound, "the account holds no data");
          return streamConfigJson(*s.value());
        });
      });
  add({"readClockDecoded", "Reads and decodes a clock account (default: the configured clock).",
       {{"account_id", PT::String, false, nullptr, "clock account (default: the configured one)"}}, Json{{"decoded", Json::object()}},
       Json::object()},
      [this](const Json& p) {
        AccountId id = cfg().clock;
        if (p.contains("account_id")) {
          auto a = accountParam(p, "account_id");
          if (!a.ok()) return errorJson(a.error());
          id = a.value();
        }
        auto c = s_.chain().clock(id);
        if (!c.ok()) return errorJson(c.error());
        return logos::okEnvelope(Json{{"account_id_base58", id.toBase58()}, {"decoded", clockJson(c.value())}});
      });
  add({"readClock10Decoded", "Reads and decodes CLOCK_10.", {}, Json{{"decoded", Json::object()}}, Json::object()},
      [this](const Json&) {
        auto c = s_.chain().clock(lez::core::kClock10);
        if (!c.ok()) return errorJson(c.error());
        return logos::okEnvelope(Json{{"account_id_base58", lez::core::kClock10.toBase58()}, {"decoded", clockJson(c.value())}});
      });
  add({"ensureWalletOpen", "Checks that wallet_module is open; lists the accounts it holds.", {}, Json{{"wallet_open", true}},
       Json::object()},
      [this](const Json&) {
        Json w = s_.chain().walletCall("list_accounts", Json::object(), cfg().walletTimeoutMs);
        if (!logos::isOk(w)) return errorJson(w.value("code", std::string("WALLET_NOT_OPEN")), w.value("message", std::string("wallet not open")));
        return logos::okEnvelope(Json{{"wallet_open", true}, {"accounts", w.value("accounts", Json::array())}});
      });

  const logos::ParamSpec ownerOpt{"owner", PT::String, false, nullptr, "vault owner (default: the configured user terms' owner)"};
  auto ownerOrTerms = [this](const Json& p) -> Result<AccountId> {
    if (p.contains("owner")) return accountParam(p, "owner");
    if (s_.state->terms) return s_.state->terms->owner;
    return Error{kInvalidArgs, "give owner, or configure user terms (configureUserTerms)"};
  };
  add({"listMyStreams", "The streams this module knows for a vault (local inventory) with their folded status.",
       {kVault, ownerOpt}, Json{{"streams", Json::array()}}, Json{{"vault_id", 0}}},
      [this, ownerOrTerms](const Json& p) {
        auto owner = ownerOrTerms(p);
        if (!owner.ok()) return errorJson(owner.error());
        const VaultId vaultId = u64Of(p, "vault_id");
        Json list = Json::array();
        for (const auto& e : s_.state->inventory) {
          if (e.owner != owner.value() || e.vaultId != vaultId) continue;
          Json item = toJson(e);
          Json st = streamStatus(e.owner, e.vaultId, e.streamId);
          if (logos::isOk(st)) {
            st.erase("status");
            item["chain"] = st;
          } else {
            item["chain_error"] = st;
          }
          list.push_back(item);
        }
        return logos::okEnvelope(Json{{"owner", owner->toBase58()}, {"vault_id", vaultId}, {"streams", list}});
      });
  add({"rediscoverStreams", "Scans stream ids 0..next_stream_id-1 of a vault on chain and adds them to the inventory.",
       {kVault, ownerOpt}, Json{{"streams", Json::array()}, {"discovered_count", 0}}, Json{{"vault_id", 0}}},
      [this, ownerOrTerms](const Json& p) {
        auto owner = ownerOrTerms(p);
        if (!owner.ok()) return errorJson(owner.error());
        const VaultId vaultId = u64Of(p, "vault_id");
        auto chain = s_.chain();
        auto vault = chain.vault(cfg().program, owner.value(), vaultId);
        if (!vault.ok()) return errorJson(vault.error());
        if (!vault->config) return errorJson(kVaultNotFound, "no vault " + std::to_string(vaultId) + " of " + owner->toBase58());
        const std::size_t known = s_.state->inventory.size();
        Json list = Json::array();
        for (StreamId id = 0; id < vault->config->nextStreamId; ++id) {
          auto s = chain.stream(cfg().program, owner.value(), vaultId, id);
          if (!s.ok()) return errorJson(s.error());
          if (!s.value()) continue;
          s_.state->remember(InventoryEntry{owner.value(), vaultId, id, s.value()->provider, "", "", "rediscovered"});
          list.push_back(streamConfigJson(*s.value()));
        }
        const std::size_t discovered = s_.state->inventory.size() - known;
        if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
        return logos::okEnvelope(Json{{"owner", owner->toBase58()}, {"vault_id", vaultId}, {"streams", list},
                                      {"discovered_count", discovered}});
      });

  add({"configure", "Sets the program id, clock account, AT program id and timeouts (persisted; absent keys keep their value).",
       {{"program_id", PT::Hex32, false, nullptr, "payment-streams program id (default: the testnet id)"},
        {"clock_account", PT::String, false, nullptr, "clock account used for time (default CLOCK_01)"},
        {"at_program_id", PT::Hex32, false, nullptr, "authenticated_transfer program id pinned in Deposit"},
        {"wallet_timeout_ms", PT::U64, false, nullptr, "timeout of one chain read through the wallet"},
        {"tx_timeout_ms", PT::U64, false, nullptr, "how long a write waits for inclusion"}},
       Json{{"config", Json::object()}}, Json{{"tx_timeout_ms", 30000}}},
      [this](const Json& p) {
        ModuleConfig c = cfg();
        if (p.contains("program_id")) c.program = lez::core::ProgramId::fromHex(p["program_id"].get<std::string>()).value();
        if (p.contains("at_program_id")) c.atProgram = lez::core::ProgramId::fromHex(p["at_program_id"].get<std::string>()).value();
        if (p.contains("clock_account")) {
          auto clock = accountParam(p, "clock_account");
          if (!clock.ok()) return errorJson(clock.error());
          if (clock.value() != lez::core::kClock01 && clock.value() != lez::core::kClock10 && clock.value() != lez::core::kClock50) {
            return errorJson(kInvalidArgs, "clock_account must be CLOCK_01, CLOCK_10 or CLOCK_50 (the program refuses others: 6025)");
          }
          c.clock = clock.value();
        }
        if (p.contains("wallet_timeout_ms")) c.walletTimeoutMs = static_cast<int>(std::min<std::uint64_t>(u64Of(p, "wallet_timeout_ms"), 600000));
        if (p.contains("tx_timeout_ms")) c.txTimeoutMs = static_cast<int>(std::min<std::uint64_t>(u64Of(p, "tx_timeout_ms"), 600000));
        s_.state->config = c;
        if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
        return logos::okEnvelope(Json{{"config", toJson(c)}});
      });
}

}  // namespace payment_streams
