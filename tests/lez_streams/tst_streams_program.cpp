// The payment-streams program's checks (payment-streams.md §4, §6) through
// lez::chain::executeUserTransaction: every error code that can be emitted is reached by a
// scenario (crafted program-owned accounts stand in for states no transaction sequence reaches),
// the check order of §6, the framework failures (code 0), and the shape of the program's
// outputs (claims, the Deposit chained call).
#include "streams_fixture.h"

#include <set>

using namespace streamstest;
using namespace lez::streams;

namespace {

constexpr std::uint64_t kT0 = 1'700'000'000'000ULL;  // ms
constexpr VaultId kVault = 1;

// Vault 1 with 1000 deposited, the clock at kT0 and stream 0 (rate 10/s, allocation 100).
void ready(StreamsChain& c, bool withStream = true) {
  QCOMPARE(outcome(c.initVault(kVault)), QStringLiteral("OK"));
  QCOMPARE(outcome(c.deposit(kVault, U128(1000))), QStringLiteral("OK"));
  c.tickTo(kT0);
  if (withStream) QCOMPARE(outcome(c.createStream(kVault, 0, 10, U128(100))), QStringLiteral("OK"));
}

VaultConfig vaultOf(StreamsChain& c) { return c.vault(kVault); }

struct Scenario {
  const char* name;
  std::uint32_t code;  // 0 = framework failure
  const char* guestName;
  std::function<ExecutionResult(StreamsChain&)> run;
};

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> all = {
      {"deposit zero", 6001, "ZeroDepositAmount", [](StreamsChain& c) { ready(c, false); return c.deposit(kVault, U128(0)); }},
      {"holding version differs", 6002, "VersionMismatch",
       [](StreamsChain& c) { ready(c, false); c.putVault(kVault, vaultOf(c), c.holding(kVault), 2); return c.deposit(kVault, U128(5)); }},
      {"stream version differs", 6002, "VersionMismatch",
       [](StreamsChain& c) { ready(c); auto s = c.stream(kVault, 0); s.version = 2; c.putStream(kVault, 0, s); return c.pause(kVault, 0); }},
      {"stored vault_id differs", 6003, "VaultIdMismatch",
       [](StreamsChain& c) { ready(c, false); auto v = vaultOf(c); v.vaultId = 9; c.putVault(kVault, v, c.holding(kVault)); return c.withdrawToOwner(kVault, U128(1)); }},
      {"withdraw above unallocated", 6004, "InsufficientFunds", [](StreamsChain& c) { ready(c); return c.withdrawToOwner(kVault, U128(901)); }},
      {"claim above the holding", 6004, "InsufficientFunds",
       [](StreamsChain& c) {
         ready(c);
         c.tickTo(kT0 + 5'000);
         c.putVault(kVault, vaultOf(c), U128(30));  // only 30 left although 50 accrued
         return c.claim(kVault, 0, c.provider);
       }},
      {"withdraw destination overflows", 6005, "ArithmeticOverflow",
       [](StreamsChain& c) {
         ready(c, false);
         c.state.accounts[c.other].balance = U128::max();
         return c.withdraw(kVault, U128(1), c.other);
       }},
      {"claim payee overflows", 6005, "ArithmeticOverflow",
       [](StreamsChain& c) {
         ready(c);
         c.tickTo(kT0 + 1'000);
         c.state.accounts[c.provider].balance = U128::max();
         return c.claim(kVault, 0, c.provider);
       }},
      {"top-up allocation overflows", 6005, "ArithmeticOverflow",
       [](StreamsChain& c) {
         ready(c);
         auto s = c.stream(kVault, 0);
         s.allocation = U128::max();
         c.putStream(kVault, 0, s);
         return c.topUp(kVault, 0, U128(1));
       }},
      {"withdraw zero", 6006, "ZeroWithdrawAmount", [](StreamsChain& c) { ready(c); return c.withdraw(kVault, U128(0), c.other); }},
      {"create zero rate", 6007, "ZeroStreamRate", [](StreamsChain& c) { ready(c, false); return c.createStream(kVault, 0, 0, U128(1)); }},
      {"stored zero rate", 6007, "ZeroStreamRate",
       [](StreamsChain& c) { ready(c); auto s = c.stream(kVault, 0); s.rate = 0; c.putStream(kVault, 0, s); return c.pause(kVault, 0); }},
      {"create zero allocation", 6008, "ZeroStreamAllocation", [](StreamsChain& c) { ready(c, false); return c.createStream(kVault, 0, 1, U128(0)); }},
      {"stored active with zero allocation", 6008, "ZeroStreamAllocation",
       [](StreamsChain& c) { ready(c); auto s = c.stream(kVault, 0); s.allocation = U128(0); c.putStream(kVault, 0, s); return c.resume(kVault, 0); }},
      {"create skips an id", 6009, "StreamIdMismatch", [](StreamsChain& c) { ready(c); return c.createStream(kVault, 2, 1, U128(1)); }},
      {"stream beyond next_stream_id", 6009, "StreamIdMismatch",
       [](StreamsChain& c) { ready(c); auto s = c.stream(kVault, 0); s.streamId = 1; c.putStream(kVault, 1, s); return c.pause(kVault, 1); }},
      {"stored stream_id differs", 6009, "StreamIdMismatch",
       [](StreamsChain& c) { ready(c); auto s = c.stream(kVault, 0); s.streamId = 4; c.putStream(kVault, 0, s); return c.pause(kVault, 0); }},
      {"create above unallocated", 6011, "AllocationExceedsUnallocated", [](StreamsChain& c) { ready(c); return c.createStream(kVault, 1, 1, U128(901)); }},
      {"top-up above unallocated", 6011, "AllocationExceedsUnallocated", [](StreamsChain& c) { ready(c); return c.topUp(kVault, 0, U128(901)); }},
      {"next_stream_id at u64 max", 6012, "NextStreamIdOverflow",
       [](StreamsChain& c) { ready(c, false); auto v = vaultOf(c); v.nextStreamId = ~0ULL; c.putVault(kVault, v, c.holding(kVault)); return c.createStream(kVault, ~0ULL, 1, U128(1)); }},
      {"lagging CLOCK_10 is behind the stream", 6013, "TimeRegression", [](StreamsChain& c) { ready(c); return c.pause(kVault, 0, lez::core::kClock10); }},
      {"stored accrued above allocation", 6014, "StreamExceedsAllocation",
       [](StreamsChain& c) { ready(c); auto s = c.stream(kVault, 0); s.accrued = U128(101); c.putStream(kVault, 0, s); return c.closeByOwner(kVault, 0); }},
      {"vault owned by someone else", 6015, "VaultOwnerMismatch",
       [](StreamsChain& c) { ready(c, false); auto v = vaultOf(c); v.owner = c.other; c.putVault(kVault, v, c.holding(kVault)); return c.withdrawToOwner(kVault, U128(1)); }},
      {"pause twice", 6016, "StreamNotActive", [](StreamsChain& c) { ready(c); c.pause(kVault, 0); return c.pause(kVault, 0); }},
      {"pause a depleted stream", 6016, "StreamNotActive", [](StreamsChain& c) { ready(c); c.tickTo(kT0 + 60'000); return c.pause(kVault, 0); }},
      {"resume an active stream", 6017, "StreamNotPaused", [](StreamsChain& c) { ready(c); return c.resume(kVault, 0); }},
      {"resume a closed stream", 6017, "StreamNotPaused", [](StreamsChain& c) { ready(c); c.closeByOwner(kVault, 0); return c.resume(kVault, 0); }},
      {"resume a depleted stream", 6018, "ResumeZeroUnaccrued", [](StreamsChain& c) { ready(c); c.tickTo(kT0 + 10'000); return c.resume(kVault, 0); }},
      {"close twice", 6019, "StreamClosed", [](StreamsChain& c) { ready(c); c.closeByOwner(kVault, 0); return c.closeByProvider(kVault, 0, c.provider); }},
      {"top-up a closed stream", 6019, "StreamClosed", [](StreamsChain& c) { ready(c); c.closeByOwner(kVault, 0); return c.topUp(kVault, 0, U128(1)); }},
      {"top-up zero", 6020, "ZeroTopUpAmount", [](StreamsChain& c) { ready(c); return c.topUp(kVault, 0, U128(0)); }},
      {"release more than total_allocated", 6021, "TotalAllocatedUnderflow",
       [](StreamsChain& c) { ready(c); auto v = vaultOf(c); v.totalAllocated = U128(50); c.putVault(kVault, v, c.holding(kVault)); return c.closeByOwner(kVault, 0); }},
      {"claim more than total_allocated", 6021, "TotalAllocatedUnderflow",
       [](StreamsChain& c) {
         ready(c);
         c.tickTo(kT0 + 3'000);
         auto v = vaultOf(c);
         v.totalAllocated = U128(20);
         c.putVault(kVault, v, c.holding(kVault));
         return c.claim(kVault, 0, c.provider);
       }},
      {"close by a stranger", 6022, "CloseUnauthorized", [](StreamsChain& c) { ready(c); return c.closeByProvider(kVault, 0, c.other); }},
      {"claim with nothing accrued", 6023, "ZeroClaimAmount", [](StreamsChain& c) { ready(c); return c.claim(kVault, 0, c.provider); }},
      {"claim by a stranger", 6024, "ClaimUnauthorized",
       [](StreamsChain& c) { ready(c); c.tickTo(kT0 + 1'000); return c.claim(kVault, 0, c.other); }},
      {"clock not allowlisted", 6025, "InvalidClockAccount", [](StreamsChain& c) { ready(c, false); return c.createStream(kVault, 0, 1, U128(1), c.other); }},
      {"clock data malformed", 6025, "InvalidClockAccount",
       [](StreamsChain& c) { ready(c); c.state.accounts[lez::core::kClock50].data = {1, 2, 3}; return c.pause(kVault, 0, lez::core::kClock50); }},
      {"provider equals owner", 6027, "ProviderEqualsOwner",
       [](StreamsChain& c) {
         ready(c, false);
         return c.submit(CreateStream{kVault, 0, c.owner, 1, U128(1)}, createStreamAccounts(kStreamsId, c.owner, kVault, 0));
       }},
      {"initialize with another token", 6028, "UnsupportedTokenId",
       [](StreamsChain& c) {
         TokenId token{};
         token[0] = 1;
         return c.submit(InitializeVault{kVault, VaultPrivacyTier::Public, token}, initializeVaultAccounts(kStreamsId, c.owner, kVault, token));
       }},
      {"stored token is not native", 6028, "UnsupportedTokenId",
       [](StreamsChain& c) { ready(c, false); auto v = vaultOf(c); v.tokenId[31] = 7; c.putVault(kVault, v, c.holding(kVault)); return c.deposit(kVault, U128(1)); }},

      // Check order of §6 and the reference handlers.
      {"order: rate before vault checks", 6007, "ZeroStreamRate",
       [](StreamsChain& c) { ready(c, false); auto v = vaultOf(c); v.vaultId = 9; c.putVault(kVault, v, c.holding(kVault)); return c.createStream(kVault, 0, 0, U128(0)); }},
      {"order: token before version", 6028, "UnsupportedTokenId",
       [](StreamsChain& c) { ready(c); auto v = vaultOf(c); v.tokenId[0] = 1; c.putVault(kVault, v, c.holding(kVault), 3); return c.pause(kVault, 0); }},
      {"order: vault_id before owner", 6003, "VaultIdMismatch",
       [](StreamsChain& c) { ready(c); auto v = vaultOf(c); v.vaultId = 2; v.owner = c.other; c.putVault(kVault, v, c.holding(kVault)); return c.pause(kVault, 0); }},
      {"order: vault checks before zero withdraw", 6015, "VaultOwnerMismatch",
       [](StreamsChain& c) { ready(c, false); auto v = vaultOf(c); v.owner = c.other; c.putVault(kVault, v, c.holding(kVault)); return c.withdrawToOwner(kVault, U128(0)); }},
      {"order: provider = owner before stream id", 6027, "ProviderEqualsOwner",
       [](StreamsChain& c) {
         ready(c, false);
         return c.submit(CreateStream{kVault, 3, c.owner, 1, U128(1)}, createStreamAccounts(kStreamsId, c.owner, kVault, 3));
       }},
      {"order: unallocated before clock", 6011, "AllocationExceedsUnallocated",
       [](StreamsChain& c) { ready(c, false); return c.createStream(kVault, 0, 1, U128(5000), c.other); }},
      {"order: invariants before clock", 6014, "StreamExceedsAllocation",
       [](StreamsChain& c) { ready(c); auto s = c.stream(kVault, 0); s.accrued = U128(500); c.putStream(kVault, 0, s); return c.pause(kVault, 0, c.other); }},
      {"order: clock before the fold", 6025, "InvalidClockAccount",
       [](StreamsChain& c) { ready(c); return c.submit(TopUpStream{kVault, 0, U128(0)}, ownerStreamAccounts(kStreamsId, c.owner, kVault, 0, c.other)); }},
      {"order: provider check before the fold", 6024, "ClaimUnauthorized",
       [](StreamsChain& c) { ready(c); auto s = c.stream(kVault, 0); s.accruedAsOf = ~0ULL / 1000; c.putStream(kVault, 0, s); return c.claim(kVault, 0, c.other); }},
      {"order: closed before zero top-up", 6019, "StreamClosed", [](StreamsChain& c) { ready(c); c.closeByOwner(kVault, 0); return c.topUp(kVault, 0, U128(0)); }},

      // Framework failures (no code).
      {"undecodable instruction", 0, "InvalidInstruction",
       [](StreamsChain& c) { ready(c, false); return c.run(kStreamsId, {c.owner}, {c.owner}, {99}); }},
      {"privacy tier 2 is an undecodable instruction, not 6026", 0, "InvalidInstruction",
       [](StreamsChain& c) {
         auto words = encodeWords(InitializeVault{kVault, VaultPrivacyTier::Public, kNativeTokenId});
         words[3] = 2;
         return c.run(kStreamsId, initializeVaultAccounts(kStreamsId, c.owner, kVault).ids, {c.owner}, words);
       }},
      {"stored privacy tier 2 is bad account data, not 6026", 0, "InvalidAccountData",
       [](StreamsChain& c) {
         ready(c, false);
         auto bytes = encode(vaultOf(c));
         bytes[65] = 2;
         c.putAccount(c.vaultIds(kVault).config, bytes);
         return c.deposit(kVault, U128(1));
       }},
      {"account count", 0, "AccountCountMismatch",
       [](StreamsChain& c) {
         ready(c, false);
         auto ids = depositAccounts(kStreamsId, c.owner, kVault).ids;
         ids.pop_back();
         ids.push_back(c.owner);
         ids.push_back(c.other);
         return c.run(kStreamsId, ids, {c.owner}, encodeWords(Deposit{kVault, U128(1), kAuthenticatedTransferId}));
       }},
      {"owner did not sign", 0, "MissingSignature",
       [](StreamsChain& c) {
         ready(c, false);
         return c.run(kStreamsId, depositAccounts(kStreamsId, c.owner, kVault).ids, {}, encodeWords(Deposit{kVault, U128(1), kAuthenticatedTransferId}));
       }},
      {"provider did not sign", 0, "MissingSignature",
       [](StreamsChain& c) {
         ready(c);
         c.tickTo(kT0 + 1'000);
         return c.run(kStreamsId, providerStreamAccounts(kStreamsId, c.owner, c.provider, kVault, 0).ids, {c.owner}, encodeWords(lez::streams::Claim{kVault, 0}));
       }},
      {"holding of another vault", 0, "PdaMismatch",
       [](StreamsChain& c) {
         ready(c, false);
         auto acc = depositAccounts(kStreamsId, c.owner, kVault);
         acc.ids[1] = c.vaultIds(kVault + 1).holding;
         return c.submit(Deposit{kVault, U128(1), kAuthenticatedTransferId}, acc);
       }},
      {"config of another owner", 0, "PdaMismatch",
       [](StreamsChain& c) {
         ready(c);
         auto acc = ownerStreamAccounts(kStreamsId, c.owner, kVault, 0);
         acc.ids[0] = vaultConfigId(kStreamsId, c.other, kVault);
         return c.submit(PauseStream{kVault, 0}, acc);
       }},
      {"stream of another id", 0, "PdaMismatch",
       [](StreamsChain& c) {
         ready(c);
         return c.submit(PauseStream{kVault, 1}, ownerStreamAccounts(kStreamsId, c.owner, kVault, 0));
       }},
      {"initialize twice", 0, "AccountNotDefault", [](StreamsChain& c) { ready(c, false); return c.initVault(kVault); }},
      {"create over an existing stream", 0, "AccountNotDefault",
       [](StreamsChain& c) { ready(c); auto v = vaultOf(c); v.nextStreamId = 0; c.putVault(kVault, v, c.holding(kVault)); return c.createStream(kVault, 0, 1, U128(1)); }},
      {"stream that does not exist", 0, "InvalidAccountData", [](StreamsChain& c) { ready(c); return c.pause(kVault, 1); }},
      {"vault that does not exist", 0, "InvalidAccountData", [](StreamsChain& c) { return c.deposit(kVault, U128(1)); }},
      {"deposit names another AT program", 0, "AuthenticatedTransferProgramMismatch",
       [](StreamsChain& c) {
         ready(c, false);
         return c.submit(Deposit{kVault, U128(1), kAuthenticatedTransferV020Id}, depositAccounts(kStreamsId, c.owner, kVault));
       }},
  };
  return all;
}

}  // namespace

class TstStreamsProgram : public QObject {
  Q_OBJECT
 private slots:
  void everyScenarioFailsWithItsCode_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < scenarios().size(); ++i) QTest::newRow(scenarios()[i].name) << int(i);
  }
  void everyScenarioFailsWithItsCode() {
    QFETCH(int, index);
    const Scenario& s = scenarios()[static_cast<std::size_t>(index)];
    StreamsChain c;
    const ExecutionResult r = s.run(c);
    QVERIFY2(std::holds_alternative<Rejection>(r), describe(r).constData());
    const Rejection& rej = std::get<Rejection>(r);
    QVERIFY2(rej.code == RejectCode::ProgramFailed, describe(r).constData());
    QCOMPARE(QString::fromStdString(rej.guestName), QString::fromLatin1(s.guestName));
    QCOMPARE(guestCode(r), s.code);
    QVERIFY(!rej.message.empty());
    if (s.code != 0) QCOMPARE(QString::fromUtf8(toString(*streamErrorFromNumber(s.code)).data()), QString::fromLatin1(s.guestName));
  }
  void everyEmittableCodeIsReached() {
    std::set<std::uint32_t> reached;
    for (const auto& s : scenarios()) {
      if (s.code != 0) reached.insert(s.code);
    }
    std::set<std::uint32_t> expected;
    for (StreamError e : allStreamErrors()) expected.insert(errorNumber(e));
    // 6026 is reserved and never emitted; 6010 cannot follow the 6011 check (fold tests).
    expected.erase(6026);
    expected.erase(6010);
    QCOMPARE(reached, expected);
  }
  void reservedCodeIsNeverEmitted() {
    for (const auto& s : scenarios()) {
      StreamsChain c;
      QVERIFY(guestCode(s.run(c)) != 6026);
    }
  }

  void initializeVaultClaimsBothPdasWithTheirCombinedSeeds() {
    StreamsChain c;
    const PaymentStreamsProgram program(kStreamsId, kAuthenticatedTransferId);
    const auto acc = initializeVaultAccounts(kStreamsId, c.owner, 3);
    std::vector<AccountWithMetadata> pre;
    for (std::size_t i = 0; i < acc.ids.size(); ++i) pre.push_back({c.state.account(acc.ids[i]), bool(acc.signers[i]), acc.ids[i]});
    auto result = program.execute({kStreamsId, std::nullopt, 1, 0}, pre,
                                  encodeWords(InitializeVault{3, VaultPrivacyTier::PseudonymousFunding, kNativeTokenId}));
    QVERIFY(std::holds_alternative<ProgramOutput>(result));
    const auto& out = std::get<ProgramOutput>(result);
    QCOMPARE(out.postStates.size(), std::size_t(3));
    QVERIFY(out.postStates[0].claim && out.postStates[0].claim->kind == lez::chain::Claim::Kind::Pda);
    QCOMPARE(lez::core::publicPda(kStreamsId, out.postStates[0].claim->seed), acc.ids[0]);
    QCOMPARE(lez::core::publicPda(kStreamsId, out.postStates[1].claim->seed), acc.ids[1]);
    QVERIFY(!out.postStates[2].claim);
    QVERIFY(out.chainedCalls.empty());
    const VaultConfig v = decodeVaultConfig(out.postStates[0].account.data).value();
    QCOMPARE(v.owner, c.owner);
    QCOMPARE(v.vaultId, VaultId(3));
    QCOMPARE(v.nextStreamId, StreamId(0));
    QCOMPARE(v.totalAllocated, U128(0));
    QCOMPARE(v.privacyTier, VaultPrivacyTier::PseudonymousFunding);
    QCOMPARE(out.postStates[1].account.data, std::vector<std::uint8_t>{1});
  }
  void depositIsExactlyOneChainedAtTransfer() {
    StreamsChain c;
    ready(c, false);
    const PaymentStreamsProgram program(kStreamsId, kAuthenticatedTransferId);
    const auto acc = depositAccounts(kStreamsId, c.owner, kVault);
    std::vector<AccountWithMetadata> pre;
    for (std::size_t i = 0; i < acc.ids.size(); ++i) pre.push_back({c.state.account(acc.ids[i]), bool(acc.signers[i]), acc.ids[i]});
    auto result = program.execute({kStreamsId, std::nullopt, 1, 0}, pre, encodeWords(Deposit{kVault, U128(77), kAuthenticatedTransferId}));
    QVERIFY(std::holds_alternative<ProgramOutput>(result));
    const auto& out = std::get<ProgramOutput>(result);
    for (std::size_t i = 0; i < 3; ++i) {
      QVERIFY(out.postStates[i].account == pre[i].account);
      QVERIFY(!out.postStates[i].claim);
    }
    QCOMPARE(out.chainedCalls.size(), std::size_t(1));
    const ChainedCall& call = out.chainedCalls[0];
    QVERIFY(call.programId == kAuthenticatedTransferId);
    QCOMPARE(call.preStates.size(), std::size_t(2));
    QVERIFY(call.preStates[0] == pre[2]);
    QVERIFY(call.preStates[0].isAuthorized);
    QVERIFY(call.preStates[1] == pre[1]);
    QCOMPARE(call.instruction, lez::core::atTransferInstruction(U128(77)));
    QVERIFY(call.pdaSeeds.empty());
  }
  void pinnedAtProgramIsConfigurable() {
    // A deployment on LEZ v0.2.0 pins the older AT id: then that id is the one Deposit accepts.
    const PaymentStreamsProgram program(kStreamsId, kAuthenticatedTransferV020Id);
    QVERIFY(program.authenticatedTransferProgram() == kAuthenticatedTransferV020Id);
    QCOMPARE(QString::fromStdString(program.name()), QStringLiteral("payment_streams"));
    QVERIFY(program.id() == kStreamsId);
    QVERIFY(!program.sequencerOnly());
  }
  void freshWithdrawDestinationIsClaimedAndMustSign() {
    StreamsChain c;
    ready(c, false);
    const AccountId fresh = idOf(key(44));
    // Unsigned: the Authorized claim on the fresh account is refused by the executor.
    QCOMPARE(outcome(c.withdraw(kVault, U128(5), fresh)), QStringLiteral("CLAIM_NOT_AUTHORIZED"));
  }
  void defaultOwnedProviderCannotBeCredited() {
    StreamsChain c;
    // The provider account was never AT-initialized (§4).
    c.state.accounts.erase(c.provider);
    ready(c);
    c.tickTo(kT0 + 2'000);
    QCOMPARE(outcome(c.claim(kVault, 0, c.provider)), QStringLiteral("DEFAULT_ACCOUNT_MODIFIED_WITHOUT_CLAIM"));
  }
};

QTEST_APPLESS_MAIN(TstStreamsProgram)
#include "tst_streams_program.moc"
