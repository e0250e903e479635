#include "lez/chain/executor.h"

#include <algorithm>
#include <deque>

#include "lez/core/hashing.h"
#include "lez/core/schnorr.h"

namespace lez::chain {
namespace {

using core::U128;

Rejection reject(RejectCode code, std::string message) { return Rejection{code, std::move(message), std::nullopt, {}}; }

std::string idText(const AccountId& id) { return id.toBase58(); }

// Exact sum of balances: 128-bit value plus the number of carries out of it.
struct WideSum {
  U128 low;
  std::uint64_t carries = 0;
  void add(U128 v) {
    auto s = low.checkedAdd(v);
    if (s) {
      low = *s;
    } else {
      low = U128::fromNative(low.native() + v.native());  // wraps; counted below
      ++carries;
    }
  }
  bool operator==(const WideSum&) const = default;
};

struct Call {
  ProgramId programId;
  std::vector<AccountWithMetadata> preStates;
  std::vector<std::uint32_t> instruction;
  std::vector<PdaSeed> pdaSeeds;
  std::optional<ProgramId> caller;
  std::set<AccountId> authorized;  // the caller's authorized set
};

ExecutionResult execute(const core::PublicTransaction& tx, const StateReader& state, const ProgramRegistry& programs,
                        const ExecutionContext& context, bool system) {
  const core::Message& m = tx.message;
  const auto& witnesses = tx.witnessSet.witnesses;

  // 1. nonces pair with witnesses; signatures; nonces match.
  if (m.nonces.size() != witnesses.size()) {
    return reject(RejectCode::NonceCountMismatch, std::to_string(m.nonces.size()) + " nonce(s) for " +
                                                      std::to_string(witnesses.size()) + " signature(s)");
  }
  if (!system) {
    if (auto bad = checkStateless(tx, programs)) return *bad;
  }
  std::vector<AccountId> signers;
  for (std::size_t i = 0; i < witnesses.size(); ++i) {
    AccountId signer = core::publicAccountId(witnesses[i].publicKey);
    const U128 stored = state.account(signer).nonce;
    if (stored != m.nonces[i]) {
      return reject(RejectCode::NonceMismatch, "signer " + idText(signer) + " has nonce " + stored.toDecimal() +
                                                   " but the transaction carries " + m.nonces[i].toDecimal());
    }
    signers.push_back(signer);
  }
  // 2. account ids non-empty, no duplicates.
  if (m.accountIds.empty()) return reject(RejectCode::EmptyAccountIds, "the transaction names no accounts");
  {
    std::set<AccountId> seen;
    for (const auto& id : m.accountIds) {
      if (!seen.insert(id).second) return reject(RejectCode::DuplicateAccountIds, "account " + idText(id) + " is listed twice");
    }
  }
  const std::set<AccountId> signerSet(signers.begin(), signers.end());

  // 3. pre-states of the top-level call.
  Call top;
  top.programId = m.programId;
  top.instruction = m.instructionData;
  top.authorized = signerSet;
  for (const auto& id : m.accountIds) top.preStates.push_back({state.account(id), signerSet.count(id) > 0, id});

  StateDiff working;
  OverlayState view(state, working);
  std::set<AccountId> touched;
  std::deque<Call> queue{top};
  std::size_t calls = 0;

  // 4. the execution loop.
  while (!queue.empty()) {
    Call call = std::move(queue.front());
    queue.pop_front();
    if (calls++ > kMaxChainedCalls) {
      return reject(RejectCode::TooManyChainedCalls, "more than " + std::to_string(kMaxChainedCalls) + " chained calls");
    }
    const NativeProgram* program = programs.find(call.programId);
    if (program == nullptr) return reject(RejectCode::UnknownProgram, "unknown program " + call.programId.toHex());
    if (program->sequencerOnly() && !system) {
      return reject(RejectCode::SequencerOnlyProgram, "program '" + program->name() + "' may only be called by the sequencer");
    }
    for (const auto& pre : call.preStates) {
      if (!(pre.account == view.account(pre.accountId))) {
        return reject(RejectCode::PreStateMismatch, "pre-state of " + idText(pre.accountId) + " given to '" + program->name() +
                                                        "' differs from the current state");
      }
      bool expected = call.authorized.count(pre.accountId) > 0;
      if (!expected && call.caller) {
        for (const auto& seed : call.pdaSeeds) expected = expected || core::publicPda(*call.caller, seed) == pre.accountId;
      }
      if (pre.isAuthorized != expected) {
        return reject(RejectCode::AuthorizationMismatch, "account " + idText(pre.accountId) + " is marked " +
                                                             (pre.isAuthorized ? "authorized" : "unauthorized") + " in a call to '" +
                                                             program->name() + "' but is " + (expected ? "" : "not ") + "authorized");
      }
    }
    ProgramContext pctx{call.programId, call.caller, context.blockId, context.timestampMs};
    ProgramResult result = program->execute(pctx, call.preStates, call.instruction);
    if (const auto* failure = std::get_if<GuestFailure>(&result)) {
      Rejection r{RejectCode::ProgramFailed, "'" + program->name() + "' refused: " + failure->message, std::nullopt, failure->name};
      if (failure->code != 0) r.guestCode = failure->code;
      return r;
    }
    ProgramOutput& out = std::get<ProgramOutput>(result);
    if (!(out.preStates == call.preStates)) {
      return reject(RejectCode::PreStateMismatch, "'" + program->name() + "' reported pre-states other than its inputs");
    }
    // Rules 1-8 (validate_execution).
    {
      std::set<AccountId> ids;
      for (const auto& p : out.preStates) {
        if (!ids.insert(p.accountId).second) return reject(RejectCode::DuplicatePreState, "account " + idText(p.accountId) + " given twice");
      }
    }
    if (out.preStates.size() != out.postStates.size()) {
      return reject(RejectCode::StateCountMismatch, "'" + program->name() + "' returned " + std::to_string(out.postStates.size()) +
                                                        " post-states for " + std::to_string(out.preStates.size()) + " pre-states");
    }
    WideSum before, after;
    for (std::size_t i = 0; i < out.preStates.size(); ++i) {
      const AccountWithMetadata& pre = out.preStates[i];
      const Account& post = out.postStates[i].account;
      if (post.nonce != pre.account.nonce) return reject(RejectCode::NonceChanged, "'" + program->name() + "' changed the nonce of " + idText(pre.accountId));
      if (post.programOwner != pre.account.programOwner) {
        return reject(RejectCode::OwnerChanged, "'" + program->name() + "' changed the owner of " + idText(pre.accountId));
      }
      const bool ownedBySelf = pre.account.programOwner == call.programId;
      if (post.balance < pre.account.balance && !ownedBySelf) {
        return reject(RejectCode::UnauthorizedDebit, "'" + program->name() + "' debited " + idText(pre.accountId) + ", which it does not own");
      }
      if (post.data != pre.account.data && !ownedBySelf && !pre.account.isDefault()) {
        return reject(RejectCode::DataChangeNotAllowed, "'" + program->name() + "' changed the data of " + idText(pre.accountId) + ", which it does not own");
      }
      if (post.programOwner.isDefault() && !pre.account.isDefault()) {
        // Rule 7: a default-owned post-state needs a pre-state that is exactly Account::default().
        return reject(RejectCode::NonDefaultAccountWithDefaultOwner, "account " + idText(pre.accountId) + " is not default but has no owner");
      }
      before.add(pre.account.balance);
      after.add(post.balance);
    }
    if (!(before == after)) {
      return reject(RejectCode::BalanceNotConserved, "'" + program->name() + "' did not preserve the sum of balances");
    }
    // Claims, then write post-states.
    for (std::size_t i = 0; i < out.postStates.size(); ++i) {
      const AccountWithMetadata& pre = out.preStates[i];
      Account post = out.postStates[i].account;
      if (const auto& claim = out.postStates[i].claim) {
        if (!post.programOwner.isDefault()) {
          return reject(RejectCode::ClaimedNonDefaultAccount, "'" + program->name() + "' claimed " + idText(pre.accountId) + ", which is already owned");
        }
        if (claim->kind == Claim::Kind::Authorized && !pre.isAuthorized) {
          return reject(RejectCode::ClaimNotAuthorized, "claiming " + idText(pre.accountId) + " needs its signature");
        }
        if (claim->kind == Claim::Kind::Pda && core::publicPda(call.programId, claim->seed) != pre.accountId) {
          return reject(RejectCode::ClaimPdaMismatch, idText(pre.accountId) + " is not a PDA of '" + program->name() + "' for the claimed seed");
        }
        post.programOwner = call.programId;
      }
      working.writes[pre.accountId] = post;
      touched.insert(pre.accountId);
    }
    // Chained calls run next, depth-first, in their original order.
    std::set<AccountId> authorized = call.authorized;
    for (const auto& p : out.preStates) {
      if (p.isAuthorized) authorized.insert(p.accountId);
    }
    for (auto it = out.chainedCalls.rbegin(); it != out.chainedCalls.rend(); ++it) {
      queue.push_front(Call{it->programId, it->preStates, it->instruction, it->pdaSeeds, call.programId, authorized});
    }
  }

  // 5. default-owned accounts that changed must have been claimed; declared accounts appear.
  for (const auto& [id, account] : working.writes) {
    const Account stored = state.account(id);
    if (stored.programOwner.isDefault() && !(stored == account) && account.programOwner.isDefault()) {
      return reject(RejectCode::DefaultAccountModifiedWithoutClaim, "account " + idText(id) + " changed without being claimed");
    }
  }
  for (const auto& id : m.accountIds) {
    if (!touched.count(id)) return reject(RejectCode::DeclaredAccountMissingFromOutput, "account " + idText(id) + " is missing from the output");
  }
  // 6. system guard.
  if (!system) {
    for (const auto& [id, account] : working.writes) {
      if (context.systemAccounts.count(id) && !(account == state.account(id))) {
        return reject(RejectCode::SystemAccountModified, "system account " + idText(id) + " may not be changed by a user transaction");
      }
    }
  }
  // 7. bump every signer's nonce (also signers not listed in account_ids).
  for (const auto& signer : signers) {
    Account a = view.account(signer);
    auto next = a.nonce.checkedAdd(U128(1));
    if (!next) return reject(RejectCode::ArithmeticOverflow, "nonce of " + idText(signer) + " would overflow");
    a.nonce = *next;
    working.writes[signer] = a;
  }
  // Drop writes that changed nothing: the diff holds real changes only.
  for (auto it = working.writes.begin(); it != working.writes.end();) {
    it = it->second == state.account(it->first) ? working.writes.erase(it) : std::next(it);
  }
  return working;
}

}  // namespace

std::optional<Rejection> checkStateless(const core::PublicTransaction& tx, const ProgramRegistry& programs) {
  const core::Hash32 digest = core::messageDigest(tx.message);
  for (std::size_t i = 0; i < tx.witnessSet.witnesses.size(); ++i) {
    const auto& w = tx.witnessSet.witnesses[i];
    if (!core::verify(w.signature, digest, w.publicKey)) {
      return reject(RejectCode::InvalidSignature, "signature " + std::to_string(i) + " does not verify over the message digest");
    }
  }
  if (const NativeProgram* p = programs.find(tx.message.programId); p != nullptr && p->sequencerOnly()) {
    return reject(RejectCode::SequencerOnlyProgram, "program '" + p->name() + "' may only be called by the sequencer");
  }
  return std::nullopt;
}

ExecutionResult executeUserTransaction(const core::PublicTransaction& tx, const StateReader& state,
                                       const ProgramRegistry& programs, const ExecutionContext& context) {
  return execute(tx, state, programs, context, false);
}

ExecutionResult executeSystemTransaction(const core::PublicTransaction& tx, const StateReader& state,
                                         const ProgramRegistry& programs, const ExecutionContext& context) {
  return execute(tx, state, programs, context, true);
}

}  // namespace lez::chain
