#pragma once
// The per-transaction validation and execution pipeline of LEZ public transactions (LEZ spec
// §6, §7): signatures and nonces, account-id rules, the execution loop with chained calls,
// rules 1-8, claims, the default-account and system-account guards, and the signer nonce bump.
// Pure: reads state through StateReader and returns the diff to apply atomically, or the
// Rejection. A rejected transaction changes nothing (no nonce is consumed).

#include <map>
#include <set>
#include <variant>

#include "lez/chain/program.h"
#include "lez/chain/rejection.h"
#include "lez/core/transaction.h"

namespace lez::chain {

class StateReader {
 public:
  virtual ~StateReader() = default;
  // The stored account, or Account{} (default) for an unknown id.
  virtual Account account(const AccountId& id) const = 0;
};

struct StateDiff {
  std::map<AccountId, Account> writes;

  // Applies `later` on top of this diff.
  void merge(const StateDiff& later) {
    for (const auto& [id, a] : later.writes) writes[id] = a;
  }
};

// A reader that sees `diff` over `base` (earlier transactions of the block being built).
class OverlayState final : public StateReader {
 public:
  OverlayState(const StateReader& base, const StateDiff& diff) : base_(base), diff_(diff) {}
  Account account(const AccountId& id) const override {
    auto it = diff_.writes.find(id);
    return it != diff_.writes.end() ? it->second : base_.account(id);
  }

 private:
  const StateReader& base_;
  const StateDiff& diff_;
};

struct ExecutionContext {
  std::uint64_t blockId = 0;      // the block being built
  std::uint64_t timestampMs = 0;  // its timestamp
  std::set<AccountId> systemAccounts;  // clock accounts and the faucet: user transactions may not change them
};

using ExecutionResult = std::variant<StateDiff, Rejection>;

// Maximum chained calls after the top-level call (MAX_NUMBER_CHAINED_CALLS).
inline constexpr std::size_t kMaxChainedCalls = 10;

// Stateless submission checks (spec §7 submission 2-3): every witness verifies over the message
// digest, and the program is not sequencer-only. nullopt = acceptable.
std::optional<Rejection> checkStateless(const core::PublicTransaction& tx, const ProgramRegistry& programs);

// A user transaction: full pipeline including signature and nonce checks.
ExecutionResult executeUserTransaction(const core::PublicTransaction& tx, const StateReader& state,
                                       const ProgramRegistry& programs, const ExecutionContext& context);

// The sequencer's own signer-less transaction (the clock tick): same rules, but it may call a
// sequencer-only program and change system accounts.
ExecutionResult executeSystemTransaction(const core::PublicTransaction& tx, const StateReader& state,
                                         const ProgramRegistry& programs, const ExecutionContext& context);

}  // namespace lez::chain
