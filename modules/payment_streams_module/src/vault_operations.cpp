#include "vault_operations.h"

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
namespace ls = lez::streams;

std::string noVault(ls::VaultId vaultId, const AccountId& owner) {
  return "no vault " + std::to_string(vaultId) + " of " + owner.toBase58();
}

logos::OperationSpec initializeVaultSpec() {
  return shapes::shaped({"initializeVault", "Creates vault `vault_id` of `owner` (VaultConfig + VaultHolding PDAs).",
          {kOwnerParam, kVaultParam, {"privacy_tier", ParamType::U64, false, 0, "0 Public, 1 PseudonymousFunding"},
           {"token_id", ParamType::Hex32, false, nullptr, "token id (64 hex); only the native token (32 zero bytes) is accepted"}},
          Json{{"tx_hash", ""}, {"vault_config_account", ""}},
          Json{{"owner", kExampleOwner}, {"vault_id", 0}}},
                        shapes::write(Json{{"vault_id", "u64"}, {"vault_config_account", "base58"}, {"vault_holding_account", "base58"}, {"decoded", shapes::vaultConfig()}}));
}

void initializeVault(ModuleServices& s, const Args& a, Answer done) {
  const AccountId owner = accountOf(a, "owner");
  const ls::VaultId vaultId = a.u64("vault_id");
  const std::uint64_t tier = a.u64("privacy_tier");
  if (tier > 1) return done(errorJson(kInvalidArgs, "privacy_tier must be 0 (Public) or 1 (PseudonymousFunding)"));
  const ls::TokenId token = a.has("token_id") ? a.hex32("token_id") : ls::kNativeTokenId;
  const ModuleConfig cfg = s.config();
  const ChainReader chain = s.chain();
  WritePlan plan{ls::initializeVaultAccounts(cfg.program, owner, vaultId, token),
                 ls::InitializeVault{vaultId, static_cast<ls::VaultPrivacyTier>(tier), token},
                 [chain, cfg, owner = owner, vaultId](const Json&, Then<Json> facts) {
                   chain.vault(cfg.program, owner, vaultId, [=](Result<VaultView> vault) {
                     if (!vault.ok() || !vault->config || vault->config->owner != owner) {
                       return facts(Error{kStateNotConfirmed, "InitializeVault was included but the vault does not read back"});
                     }
                     const auto pdas = ls::vaultPdas(cfg.program, owner, vaultId);
                     facts(Json{{"vault_id", vaultId}, {"vault_config_account", pdas.config.toBase58()},
                                {"vault_holding_account", pdas.holding.toBase58()}, {"decoded", vaultConfigJson(*vault->config)}});
                   });
                 }};
  runWrite(s, std::move(plan), a.boolean("wait"), std::move(done));
}

logos::OperationSpec depositSpec() {
  return shapes::shaped({"deposit", "Moves `amount` from the owner into the vault holding (AT transfer chained by the program).",
          joinParams({kOwnerParam, kVaultParam}, amountParams("amount", "amount")), Json{{"tx_hash", ""}, {"balance", "0"}},
          Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"amount", "1000"}}},
                        shapes::write(shapes::withAmounts(Json{{"vault_id", "u64"}}, {"amount", "balance"})));
}

void deposit(ModuleServices& s, const Args& a, Answer done) {
  const AccountId owner = accountOf(a, "owner");
  if (Json missing = missingAmount(a, "amount"); !missing.is_null()) return done(std::move(missing));
  const U128 amount = a.u128("amount");
  const ls::VaultId vaultId = a.u64("vault_id");
  const bool wait = a.boolean("wait");
  const ModuleConfig cfg = s.config();
  const ChainReader chain = s.chain();
  chain.vault(cfg.program, owner, vaultId, [&s, cfg, chain, owner = owner, amount = amount, vaultId, wait,
                                                    done](Result<VaultView> before) {
    if (!before.ok()) return done(errorJson(before.error()));
    if (!before->config) return done(errorJson(kVaultNotFound, noVault(vaultId, owner)));
    const std::optional<U128> expected = before->holdingBalance.checkedAdd(amount);
    WritePlan plan{ls::depositAccounts(cfg.program, owner, vaultId), ls::Deposit{vaultId, amount, cfg.atProgram},
                   [=](const Json&, Then<Json> facts) {
                     chain.vault(cfg.program, owner, vaultId, [=](Result<VaultView> after) {
                       if (!after.ok() || !expected || after->holdingBalance != *expected) {
                         return facts(Error{kStateNotConfirmed, "Deposit was included but the holding balance did not grow by " +
                                                                    amount.toDecimal()});
                       }
                       Json out{{"vault_id", vaultId}};
                       putAmount(out, "amount", amount);
                       putAmount(out, "balance", after->holdingBalance);
                       facts(out);
                     });
                   }};
    runWrite(s, std::move(plan), wait, done);
  });
}

logos::OperationSpec withdrawSpec() {
  return shapes::shaped({"withdraw", "Withdraws unallocated funds to the owner (WithdrawToOwner) or to `withdraw_to` (Withdraw).",
          joinParams({kOwnerParam, kVaultParam},
                     joinParams(amountParams("amount", "amount"),
                                {{"withdraw_to", ParamType::Account, false, nullptr,
                                  "destination account; absent, null or the owner => WithdrawToOwner. A fresh destination "
                                  "whose key this wallet holds is AT-initialized first"}})),
          Json{{"tx_hash", ""}, {"balance", "0"}}, Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"amount", "10"}}},
                        shapes::write(shapes::withAmounts(Json{{"vault_id", "u64"}, {"withdraw_to", "base58"}, {"registered_destination_tx?", "string"}}, {"amount", "balance"})));
}

// Crediting a default-owned account would claim it for the payment-streams program and needs its
// signature (docs/decisions.md): AT-initialize it first when this wallet holds its key. Answers
// null when nothing was needed, the registration's ok answer, or an error envelope.
void prepareDestination(ModuleServices& s, const AccountId& to, Answer then) {
  if (!s.running()) return then(stopped());
  const ModuleConfig cfg = s.config();
  const ChainReader chain = s.chain();
  chain.account(to, [=](Result<AccountSnapshot> dest) {
    if (!dest.ok()) return then(errorJson(dest.error()));
    if (!dest->isDefault()) return then(Json(nullptr));
    chain.walletCall("get_public_account_key", Json{{"account_id", to.toHex()}}, cfg.walletTimeoutMs, [=](const Json& key) {
      if (!logos::isOk(key)) {
        return then(errorJson(kWithdrawDestinationUninitialized,
                                             "withdraw_to " + to.toBase58() + " is not initialized under authenticated_transfer and this "
                                             "wallet does not hold its key; register it first (wallet register_public_account)"));
      }
      chain.walletCall("register_public_account", Json{{"account_id", to.toHex()}, {"wait", true}, {"timeout_ms", cfg.txTimeoutMs}},
                       cfg.txTimeoutMs + cfg.walletTimeoutMs, [=](const Json& registered) {
                         if (!logos::isOk(registered)) {
                           Json e = errorJson(kWithdrawDestinationUninitialized,
                                              "AT-initializing withdraw_to failed: " + registered.value("message", std::string()));
                           e["wallet"] = registered;
                           return then(e);
                         }
                         then(registered);
                       });
    });
  });
}

void withdraw(ModuleServices& s, const Args& a, Answer done) {
  const AccountId owner = accountOf(a, "owner");
  if (Json missing = missingAmount(a, "amount"); !missing.is_null()) return done(std::move(missing));
  const U128 amount = a.u128("amount");
  const ls::VaultId vaultId = a.u64("vault_id");
  std::optional<AccountId> to;
  if (a.has("withdraw_to")) {
    const AccountId given = accountOf(a, "withdraw_to");
    if (given != owner) to = given;
  }
  const bool wait = a.boolean("wait");
  const ModuleConfig cfg = s.config();
  const ChainReader chain = s.chain();
  const AccountId o = owner;
  const U128 amt = amount;
  chain.vault(cfg.program, o, vaultId, [&s, cfg, chain, o, amt, vaultId, to, wait, done](Result<VaultView> before) {
    if (!before.ok()) return done(errorJson(kWithdrawPrestateUnavailable, before.error().message));
    if (!before->config) return done(errorJson(kWithdrawPrestateUnavailable, noVault(vaultId, o)));
    if (before->config->owner != o) return done(errorJson(kWithdrawOwnerMismatch, "the vault's owner is " + before->config->owner.toBase58()));
    const std::optional<U128> expected = before->holdingBalance.checkedSub(amt);
    auto submit = [&s, cfg, chain, o, amt, vaultId, to, wait, done, expected](const Json& registered) {
      WritePlan plan{to ? ls::withdrawAccounts(cfg.program, o, vaultId, *to) : ls::withdrawToOwnerAccounts(cfg.program, o, vaultId),
                     to ? ls::Instruction(ls::Withdraw{vaultId, amt}) : ls::Instruction(ls::WithdrawToOwner{vaultId, amt}),
                     [=](const Json&, Then<Json> facts) {
                       chain.vault(cfg.program, o, vaultId, [=](Result<VaultView> after) {
                         if (!after.ok() || !expected || after->holdingBalance != *expected) {
                           return facts(Error{kStateNotConfirmed,
                                              "Withdraw was included but the holding balance did not drop by " + amt.toDecimal()});
                         }
                         Json out{{"vault_id", vaultId}, {"withdraw_to", (to ? *to : o).toBase58()}};
                         if (!registered.is_null()) out["registered_destination_tx"] = registered.value("tx_hash", std::string());
                         putAmount(out, "amount", amt);
                         putAmount(out, "balance", after->holdingBalance);
                         facts(out);
                       });
                     }};
      runWrite(s, std::move(plan), wait, done);
    };
    if (!to) return submit(Json(nullptr));
    prepareDestination(s, *to, [submit, done](Json registered) {
      if (!registered.is_null() && !logos::isOk(registered)) return done(std::move(registered));
      submit(registered);
    });
  });
}

}  // namespace

void registerVaultOperations(ModuleServices& s) {
  addWrite(s, initializeVaultSpec(), initializeVault);
  addWrite(s, depositSpec(), deposit);
  addWrite(s, withdrawSpec(), withdraw);
}

}  // namespace payment_streams
