#pragma once
// Chain access of payment_streams_module, all through wallet_module (the one component that
// talks to the sequencer and holds keys): account reads (get_account_public), clock and
// payment-streams account decoding, and transaction submission (send_generic_public_transaction_json,
// which waits for inclusion). Runs on the module's thread; each read is one synchronous
// module call and one JSON-RPC round trip.
//
// Errors: CHAIN_READ_FAILED (wallet or sequencer unreachable, wallet answered an error),
// INVALID_ACCOUNT_DATA (an account at a payment-streams PDA or a clock does not decode).

#include <optional>
#include <string>
#include <vector>

#include "lez/core/clock_data.h"
#include "lez/core/program_id.h"
#include "lez/stream_eligibility/provider_checks.h"
#include "lez/streams/accounts.h"
#include "lez/streams/instruction.h"
#include "lez/streams/instruction_accounts.h"
#include "logos/module_context.h"
#include "param_parsing.h"

namespace payment_streams {

inline constexpr const char* kWalletModule = "wallet_module";
inline constexpr const char* kChainReadFailed = "CHAIN_READ_FAILED";
inline constexpr const char* kInvalidAccountData = "INVALID_ACCOUNT_DATA";

struct AccountSnapshot {
  std::string programOwnerHex;
  U128 balance;
  U128 nonce;
  std::vector<std::uint8_t> data;

  bool isDefault() const;  // never touched: zero owner, balance, nonce and no data
};

class ChainReader {
 public:
  ChainReader(logos::ModuleContext* context, int timeoutMs) : context_(context), timeoutMs_(timeoutMs) {}

  Json walletCall(const std::string& operation, const Json& params, int timeoutMs) const;

  Result<AccountSnapshot> account(const AccountId& id) const;
  Result<lez::core::ClockAccountData> clock(const AccountId& clockId) const;
  // The vault's config (nullopt when the PDA holds nothing) and its holding's native balance.
  Result<lez::stream_eligibility::VaultView> vault(const lez::core::ProgramId& program, const AccountId& owner,
                                                   lez::streams::VaultId vaultId) const;
  Result<std::optional<lez::streams::StreamConfig>> stream(const lez::core::ProgramId& program, const AccountId& owner,
                                                           lez::streams::VaultId vaultId, lez::streams::StreamId streamId) const;

 private:
  logos::ModuleContext* context_;
  int timeoutMs_;
};

// Decodes account data of a payment-streams PDA: nullopt for a default (never written) account.
Result<std::optional<lez::streams::VaultConfig>> vaultConfigOf(const AccountSnapshot& a);
Result<std::optional<lez::streams::StreamConfig>> streamConfigOf(const AccountSnapshot& a);

// The wallet payload of one instruction (send_generic_public_transaction_json).
Json transactionPayload(const lez::streams::InstructionAccounts& accounts, const lez::streams::Instruction& instruction,
                        const lez::core::ProgramId& program);

}  // namespace payment_streams
