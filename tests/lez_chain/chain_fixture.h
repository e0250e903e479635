#pragma once
// Shared helpers for lez::chain tests: an in-memory state, keys, signed transactions, and a
// misbehaving test program that breaks one sequencer rule per instruction.
#include <map>

#include "lez/chain/executor.h"
#include "lez/chain/native_programs.h"
#include "lez/core/clock_data.h"
#include "lez/core/hashing.h"
#include "lez/core/schnorr.h"

namespace chaintest {

using namespace lez::chain;
using lez::core::U128;

class MemoryState : public StateReader {
 public:
  Account account(const AccountId& id) const override {
    auto it = accounts.find(id);
    return it == accounts.end() ? Account{} : it->second;
  }
  void apply(const StateDiff& d) {
    for (const auto& [id, a] : d.writes) accounts[id] = a;
  }
  std::map<AccountId, Account> accounts;
};

inline lez::core::SecretKey key(std::uint8_t seed) {
  std::array<std::uint8_t, 32> b{};
  b.fill(seed);
  return lez::core::SecretKey::fromBytes(b).value();
}
inline AccountId idOf(const lez::core::SecretKey& k) { return lez::core::publicAccountId(k.publicKey()); }

inline lez::core::PublicTransaction signedTx(const ProgramId& program, std::vector<AccountId> ids,
                                             std::vector<const lez::core::SecretKey*> signers, const MemoryState& state,
                                             std::vector<std::uint32_t> words) {
  lez::core::PublicTransaction tx;
  tx.message.programId = program;
  tx.message.accountIds = std::move(ids);
  tx.message.instructionData = std::move(words);
  for (auto* s : signers) tx.message.nonces.push_back(state.account(idOf(*s)).nonce);
  const auto digest = lez::core::messageDigest(tx.message);
  for (auto* s : signers) tx.witnessSet.witnesses.push_back({lez::core::sign(*s, digest).value(), s->publicKey()});
  return tx;
}

inline std::vector<std::uint32_t> transferWords(std::uint64_t amount) {
  return {0, static_cast<std::uint32_t>(amount), static_cast<std::uint32_t>(amount >> 32), 0, 0};
}

inline constexpr ProgramId kEvilId = ProgramId::fromHexLiteral("0101010101010101010101010101010101010101010101010101010101010101");

// Breaks one rule per instruction word 0 (see the switch).
class EvilProgram final : public NativeProgram {
 public:
  ProgramId id() const override { return kEvilId; }
  std::string name() const override { return "evil"; }
  ProgramResult execute(const ProgramContext& ctx, const std::vector<AccountWithMetadata>& pre,
                        const std::vector<std::uint32_t>& w) const override {
    ProgramOutput out = unchangedOutput(pre);
    switch (w.at(0)) {
      case 0: out.postStates[0].account.balance = U128(0); out.postStates[1].account.balance = pre[1].account.balance.checkedAdd(pre[0].account.balance).value(); break;  // debit unowned
      case 1: out.postStates[0].account.nonce = U128(99); break;
      case 2: out.postStates[0].account.programOwner = kEvilId; break;
      case 3: out.postStates[0].account.data = {1, 2, 3}; break;
      case 4: out.postStates[0].account.balance = pre[0].account.balance.checkedAdd(U128(1)).value(); break;  // mint
      case 5: out.postStates.pop_back(); break;
      case 6: out.postStates[0].claim = Claim::pda(PdaSeed{}); break;  // wrong seed
      case 7: out.postStates[0].claim = Claim::authorized(); break;   // claim an owned account
      case 8: {  // chained AT transfer that marks a non-signer authorized
        std::vector<AccountWithMetadata> forged{pre[1], pre[0]};  // debit the account that did not sign
        forged[0].isAuthorized = true;
        out.chainedCalls.push_back({kAuthenticatedTransferId, forged, transferWords(1), {}});
        break;
      }
      case 9: {  // call itself forever
        out.chainedCalls.push_back({kEvilId, pre, {9}, {}});
        break;
      }
      case 10: {  // chained call with a stale pre-state
        auto stale = pre;
        stale[0].account.balance = U128(123456);
        out.chainedCalls.push_back({kEvilId, stale, {11}, {}});
        break;
      }
      case 11: break;  // no-op
      case 12: out.postStates[0].account.data = {7}; break;  // write a default account, no claim
      case 13: return guestFailure("Refused", "this instruction always fails", 6099);
      case 14: {  // chained call with duplicate pre-states
        auto dup = pre;
        dup.push_back(pre[0]);
        out.chainedCalls.push_back({kEvilId, dup, {11}, {}});
        break;
      }
      case 15: out.postStates[0].account.data = {1}; out.postStates[0].claim = Claim::pda(PdaSeed{}); break;  // proper PDA claim (account must be the PDA)
      default: break;
    }
    (void)ctx;
    return out;
  }
};

struct World {
  MemoryState state;
  ProgramRegistry programs;
  ExecutionContext context;
  lez::core::SecretKey alice = key(1), bob = key(2), carol = key(3);
  AccountId a = idOf(alice), b = idOf(bob), c = idOf(carol);

  World() {
    programs.add(makeAuthenticatedTransfer());
    programs.add(makeClockProgram());
    programs.add(std::make_shared<EvilProgram>());
    for (auto id : {a, b}) {
      Account acc;
      acc.programOwner = kAuthenticatedTransferId;
      acc.balance = U128(1000);
      state.accounts[id] = acc;
    }
    for (auto id : lez::core::kClockAccountIds) {
      Account clock;
      clock.programOwner = kClockProgramId;
      clock.data = lez::core::encode(lez::core::ClockAccountData{0, 0});
      state.accounts[id] = clock;
    }
    context.blockId = 2;
    context.timestampMs = 1'700'000'000'000;
    context.systemAccounts = {lez::core::kClockAccountIds.begin(), lez::core::kClockAccountIds.end()};
  }
  ExecutionResult run(const lez::core::PublicTransaction& tx) { return executeUserTransaction(tx, state, programs, context); }
};

inline QString codeOf(const ExecutionResult& r) {
  if (std::holds_alternative<StateDiff>(r)) return QStringLiteral("OK");
  return QString::fromUtf8(toString(std::get<Rejection>(r).code).data());
}

}  // namespace chaintest
