#pragma once
// Shared helpers for lez::streams tests: a chain with AT, clock and the payment-streams program
// registered (built on tests/lez_chain/chain_fixture.h), account readers, crafted program-owned
// accounts for states no transaction sequence can reach, and the shared JSON vectors.
#include <QtTest>

#include <functional>
#include <map>

#include "chain_fixture.h"
#include "lez/streams/accounts.h"
#include "lez/streams/error_codes.h"
#include "lez/streams/fold.h"
#include "lez/streams/instruction.h"
#include "lez/streams/instruction_accounts.h"
#include "lez/streams/pdas.h"
#include "lez/streams/program.h"

namespace streamstest {

using namespace chaintest;
namespace ls = lez::streams;
using lez::core::U128;

inline constexpr ProgramId kStreamsId = ls::kPaymentStreamsTestnetProgramId;

// Describes a failed Result for QVERIFY2 (empty on success).
template <typename R>
QByteArray why(const R& r) {
  return r.ok() ? QByteArray() : QByteArray::fromStdString(r.error().code + ": " + r.error().message);
}

inline QJsonObject loadVectors(const char* name) {
  QFile f(QStringLiteral(LEZPAY_TEST_VECTORS_DIR) + QLatin1Char('/') + QLatin1String(name));
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open test vectors %s", name);
  QJsonParseError err{};
  const auto doc = QJsonDocument::fromJson(f.readAll(), &err);
  if (err.error != QJsonParseError::NoError || !doc.isObject()) qFatal("bad JSON in %s", name);
  return doc.object();
}

inline std::vector<std::uint8_t> bytesFromHex(const QString& hex) {
  const QByteArray raw = QByteArray::fromHex(hex.toLatin1());
  return {raw.begin(), raw.end()};
}
inline AccountId accountFromHex(const QString& hex) { return AccountId::fromHex(hex.toStdString()).value(); }
inline U128 u128(const QJsonValue& v) { return U128::parseDecimal(v.toString().toStdString()).value(); }
inline std::uint64_t u64(const QJsonValue& v) { return v.toString().toULongLong(); }

// "OK", or the program's guest name / the executor's reject code.
inline QString outcome(const ExecutionResult& r) {
  if (std::holds_alternative<StateDiff>(r)) return QStringLiteral("OK");
  const Rejection& rej = std::get<Rejection>(r);
  if (rej.code == RejectCode::ProgramFailed) return QString::fromStdString(rej.guestName);
  return QString::fromUtf8(toString(rej.code).data());
}
inline std::uint32_t guestCode(const ExecutionResult& r) {
  if (std::holds_alternative<StateDiff>(r)) return 0;
  return std::get<Rejection>(r).guestCode.value_or(0);
}
inline QByteArray describe(const ExecutionResult& r) {
  if (std::holds_alternative<StateDiff>(r)) return "OK";
  const Rejection& rej = std::get<Rejection>(r);
  return QByteArray::fromStdString(std::string(toString(rej.code)) + " " + rej.guestName + ": " + rej.message);
}

// A chain with the three programs, an owner, a provider and a third party, all AT-initialized.
// `signTransactions = false` runs the same pipeline through executeSystemTransaction with
// placeholder signatures (the only difference is the signature check, covered by lez_chain and
// by the signed tests), so the exhaustive model runs fast.
struct StreamsChain {
  MemoryState state;
  ProgramRegistry programs;
  ExecutionContext context;
  lez::core::SecretKey ownerKey = key(11), providerKey = key(12), otherKey = key(13);
  AccountId owner = idOf(ownerKey), provider = idOf(providerKey), other = idOf(otherKey);
  bool signTransactions = true;
  std::uint64_t nowMs = 0;
  // Deriving a public key is an EC multiplication: done once here, not per transaction.
  std::map<AccountId, lez::core::PublicKey> publicKeys{
      {owner, ownerKey.publicKey()}, {provider, providerKey.publicKey()}, {other, otherKey.publicKey()}};

  explicit StreamsChain(U128 ownerFunds = U128(1'000'000), U128 providerFunds = U128(0), U128 otherFunds = U128(0)) {
    programs.add(makeAuthenticatedTransfer());
    programs.add(makeClockProgram());
    programs.add(ls::makePaymentStreamsProgram(kStreamsId, kAuthenticatedTransferId));
    const std::pair<AccountId, U128> funded[] = {{owner, ownerFunds}, {provider, providerFunds}, {other, otherFunds}};
    for (const auto& [id, funds] : funded) {
      Account a;
      a.programOwner = kAuthenticatedTransferId;
      a.balance = funds;
      state.accounts[id] = a;
    }
    for (auto id : lez::core::kClockAccountIds) {
      Account clock;
      clock.programOwner = kClockProgramId;
      clock.data = lez::core::encode(lez::core::ClockAccountData{0, 0});
      state.accounts[id] = clock;
    }
    context.blockId = 1;
    context.systemAccounts = {lez::core::kClockAccountIds.begin(), lez::core::kClockAccountIds.end()};
  }

  const lez::core::SecretKey* keyFor(const AccountId& id) const {
    if (id == owner) return &ownerKey;
    if (id == provider) return &providerKey;
    if (id == other) return &otherKey;
    return nullptr;
  }

  // Runs a transaction to `program` over `ids`, signed by `signers` (in that order); applies it
  // when it succeeds.
  ExecutionResult run(const ProgramId& program, const std::vector<AccountId>& ids, const std::vector<AccountId>& signers,
                      std::vector<std::uint32_t> words) {
    ExecutionResult r;
    if (signTransactions) {
      std::vector<const lez::core::SecretKey*> keys;
      for (const auto& s : signers) keys.push_back(keyFor(s));
      r = executeUserTransaction(signedTx(program, ids, keys, state, std::move(words)), state, programs, context);
    } else {
      lez::core::PublicTransaction tx;
      tx.message.programId = program;
      tx.message.accountIds = ids;
      tx.message.instructionData = std::move(words);
      for (const auto& s : signers) {
        tx.message.nonces.push_back(state.account(s).nonce);
        tx.witnessSet.witnesses.push_back({lez::core::Signature{}, publicKeys.at(s)});
      }
      r = executeSystemTransaction(tx, state, programs, context);
    }
    if (const auto* diff = std::get_if<StateDiff>(&r)) state.apply(*diff);
    return r;
  }

  // The instruction over `accounts`, signed as the list says (§4).
  ExecutionResult submit(const ls::Instruction& instruction, const ls::InstructionAccounts& accounts) {
    std::vector<AccountId> signers;
    for (std::size_t i = 0; i < accounts.ids.size(); ++i) {
      if (accounts.signers[i]) signers.push_back(accounts.ids[i]);
    }
    return run(kStreamsId, accounts.ids, signers, ls::encodeWords(instruction));
  }

  // One clock tick (the sequencer's system transaction) with block time `ms`.
  void tickTo(std::uint64_t ms) {
    auto r = executeSystemTransaction(clockTickTransaction(kClockProgramId, ms), state, programs, context);
    QVERIFY2(std::holds_alternative<StateDiff>(r), describe(r).constData());
    state.apply(std::get<StateDiff>(r));
    nowMs = ms;
    ++context.blockId;
    context.timestampMs = ms;
  }

  // ---- common operations ----
  ls::VaultPdas vaultIds(ls::VaultId vaultId) const { return ls::vaultPdas(kStreamsId, owner, vaultId); }
  AccountId streamId(ls::VaultId vaultId, ls::StreamId streamId) const {
    return ls::streamConfigId(kStreamsId, vaultIds(vaultId).config, streamId);
  }
  ExecutionResult initVault(ls::VaultId vaultId) {
    return submit(ls::InitializeVault{vaultId, ls::VaultPrivacyTier::Public, ls::kNativeTokenId},
                  ls::initializeVaultAccounts(kStreamsId, owner, vaultId));
  }
  ExecutionResult deposit(ls::VaultId vaultId, U128 amount) {
    return submit(ls::Deposit{vaultId, amount, kAuthenticatedTransferId}, ls::depositAccounts(kStreamsId, owner, vaultId));
  }
  ExecutionResult createStream(ls::VaultId vaultId, ls::StreamId id, std::uint64_t rate, U128 allocation,
                               const AccountId& clock = lez::core::kClock01) {
    return submit(ls::CreateStream{vaultId, id, provider, rate, allocation},
                  ls::createStreamAccounts(kStreamsId, owner, vaultId, id, clock));
  }
  ExecutionResult pause(ls::VaultId vaultId, ls::StreamId id, const AccountId& clock = lez::core::kClock01) {
    return submit(ls::PauseStream{vaultId, id}, ls::ownerStreamAccounts(kStreamsId, owner, vaultId, id, clock));
  }
  ExecutionResult resume(ls::VaultId vaultId, ls::StreamId id) {
    return submit(ls::ResumeStream{vaultId, id}, ls::ownerStreamAccounts(kStreamsId, owner, vaultId, id));
  }
  ExecutionResult topUp(ls::VaultId vaultId, ls::StreamId id, U128 amount) {
    return submit(ls::TopUpStream{vaultId, id, amount}, ls::ownerStreamAccounts(kStreamsId, owner, vaultId, id));
  }
  ExecutionResult closeByOwner(ls::VaultId vaultId, ls::StreamId id) {
    return submit(ls::CloseStreamByOwner{vaultId, id}, ls::ownerStreamAccounts(kStreamsId, owner, vaultId, id));
  }
  ExecutionResult closeByProvider(ls::VaultId vaultId, ls::StreamId id, const AccountId& who) {
    return submit(ls::CloseStreamByProvider{vaultId, id}, ls::providerStreamAccounts(kStreamsId, owner, who, vaultId, id));
  }
  ExecutionResult claim(ls::VaultId vaultId, ls::StreamId id, const AccountId& who) {
    return submit(ls::Claim{vaultId, id}, ls::providerStreamAccounts(kStreamsId, owner, who, vaultId, id));
  }
  ExecutionResult withdraw(ls::VaultId vaultId, U128 amount, const AccountId& to) {
    return submit(ls::Withdraw{vaultId, amount}, ls::withdrawAccounts(kStreamsId, owner, vaultId, to));
  }
  ExecutionResult withdrawToOwner(ls::VaultId vaultId, U128 amount) {
    return submit(ls::WithdrawToOwner{vaultId, amount}, ls::withdrawToOwnerAccounts(kStreamsId, owner, vaultId));
  }

  // ---- readers ----
  U128 balance(const AccountId& id) const { return state.account(id).balance; }
  ls::VaultConfig vault(ls::VaultId vaultId) const {
    return ls::decodeVaultConfig(state.account(vaultIds(vaultId).config).data).value();
  }
  U128 holding(ls::VaultId vaultId) const { return balance(vaultIds(vaultId).holding); }
  ls::StreamConfig stream(ls::VaultId vaultId, ls::StreamId id) const {
    return ls::decodeStreamConfig(state.account(streamId(vaultId, id)).data).value();
  }
  // The stream folded to the current CLOCK_01 (the off-chain view).
  ls::FoldedStream folded(ls::VaultId vaultId, ls::StreamId id) const {
    auto clock = lez::core::decodeClockAccountData(state.account(lez::core::kClock01).data).value();
    return ls::foldStoredStream(stream(vaultId, id), clock).value();
  }
  // Sum of every stored balance (value is neither created nor destroyed).
  U128 totalSupply() const {
    U128 sum;
    for (const auto& [id, a] : state.accounts) sum = sum.checkedAdd(a.balance).value();
    return sum;
  }

  // ---- crafted program-owned accounts (states no transaction sequence reaches) ----
  void putAccount(const AccountId& id, std::vector<std::uint8_t> data, U128 funds = U128{}) {
    Account a;
    a.programOwner = kStreamsId;
    a.data = std::move(data);
    a.balance = funds;
    state.accounts[id] = a;
  }
  void putVault(ls::VaultId vaultId, const ls::VaultConfig& config, U128 funds, std::uint8_t holdingVersion = 1) {
    putAccount(vaultIds(vaultId).config, ls::encode(config));
    putAccount(vaultIds(vaultId).holding, ls::encode(ls::VaultHolding{holdingVersion}), funds);
  }
  void putStream(ls::VaultId vaultId, ls::StreamId id, const ls::StreamConfig& config) {
    putAccount(streamId(vaultId, id), ls::encode(config));
  }
};

}  // namespace streamstest
