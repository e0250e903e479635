#pragma once
// Chain access of payment_streams_module, all through wallet_module (the one component that
// talks to the sequencer and holds keys): account reads (get_account_public), clock and
// payment-streams account decoding. Every read is one module call and one JSON-RPC round trip,
// and answers through a continuation (`Then<T>`) that runs on the module's thread exactly once,
// so an operation can chain reads without waiting on its thread.
//
// Errors: CHAIN_READ_FAILED (wallet or sequencer unreachable, wallet answered an error),
// INVALID_ACCOUNT_DATA (an account at a payment-streams PDA or a clock does not decode).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "block_read_cache.h"
#include "lez/core/clock_data.h"
#include "lez/core/program_id.h"
#include "lez/stream_eligibility/provider_checks.h"
#include "lez/streams/accounts.h"
#include "lez/streams/instruction.h"
#include "lez/streams/instruction_accounts.h"
#include "logos/module_context.h"
#include "module_types.h"

namespace payment_streams {

inline constexpr const char* kWalletModule = "wallet_module";

// Completes an operation with its envelope.
using Answer = std::function<void(Json envelope)>;
// Continues with a read's value or its error.
template <typename T>
using Then = std::function<void(lezpay::util::Result<T>)>;
// One call of a wallet_module operation; `done` runs once with its envelope.
using WalletCall = std::function<void(const std::string& operation, const Json& params, int timeoutMs, logos::CallCallback done)>;

struct AccountSnapshot {
  std::string programOwnerHex;
  U128 balance;
  U128 nonce;
  std::vector<std::uint8_t> data;

  bool isDefault() const;  // never touched: zero owner, balance, nonce and no data
};

using AccountCache = BlockReadCache<AccountSnapshot>;

class ChainReader {
 public:
  ChainReader(WalletCall call, int timeoutMs) : call_(std::move(call)), timeoutMs_(timeoutMs) {}

  void walletCall(const std::string& operation, const Json& params, int timeoutMs, logos::CallCallback done) const;

  // The chain's last block id (wallet_module get_current_block_height).
  void blockHeight(Then<std::uint64_t> then) const;
  // This reader with its account reads served from `cache` when it holds them at `height` and
  // kept there when read (block_read_cache.h). Read `height` (blockHeight) before any account
  // read made through the returned reader.
  ChainReader atHeight(std::shared_ptr<AccountCache> cache, std::uint64_t height) const;

  void account(const AccountId& id, Then<AccountSnapshot> then) const;
  void clock(const AccountId& clockId, Then<lez::core::ClockAccountData> then) const;
  // The vault's config (nullopt when the PDA holds nothing) and its holding's native balance.
  void vault(const lez::core::ProgramId& program, const AccountId& owner, lez::streams::VaultId vaultId,
             Then<lez::stream_eligibility::VaultView> then) const;
  void stream(const lez::core::ProgramId& program, const AccountId& owner, lez::streams::VaultId vaultId,
              lez::streams::StreamId streamId, Then<std::optional<lez::streams::StreamConfig>> then) const;

 private:
  WalletCall call_;
  int timeoutMs_;
  std::shared_ptr<AccountCache> cache_;  // null: every read goes to the chain
  std::uint64_t height_ = 0;
};

// Decodes account data of a payment-streams PDA: nullopt for a default (never written) account.
Result<std::optional<lez::streams::VaultConfig>> vaultConfigOf(const AccountSnapshot& a);
Result<std::optional<lez::streams::StreamConfig>> streamConfigOf(const AccountSnapshot& a);

// The wallet payload of one instruction (send_generic_public_transaction_json).
Json transactionPayload(const lez::streams::InstructionAccounts& accounts, const lez::streams::Instruction& instruction,
                        const lez::core::ProgramId& program);

}  // namespace payment_streams
