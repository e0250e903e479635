// Full transactions through lez::chain::executeUserTransaction with AT, clock and the
// payment-streams program registered (payment-streams.md §1-§6): a vault's whole life with
// every balance checked to the unit after each step and the sum of all balances conserved.
#include "streams_fixture.h"

using namespace streamstest;
using namespace lez::streams;

namespace {

constexpr std::uint64_t kT0 = 1'700'000'000'000ULL;  // ms
constexpr Timestamp kS0 = kT0 / 1000;
constexpr VaultId kVault = 1;

#define REQUIRE_OK(expr)                                              \
  do {                                                                \
    const ExecutionResult r_ = (expr);                                \
    QVERIFY2(std::holds_alternative<StateDiff>(r_), describe(r_).constData()); \
  } while (false)

}  // namespace

class TstStreamsChain : public QObject {
  Q_OBJECT

  // Owner, provider, other, vault holding, and the vault's total_allocated; plus conservation.
  static void expectBalances(const StreamsChain& c, std::uint64_t owner, std::uint64_t provider, std::uint64_t other,
                             std::uint64_t holding, std::uint64_t totalAllocated, U128 supply) {
    QCOMPARE(c.balance(c.owner), U128(owner));
    QCOMPARE(c.balance(c.provider), U128(provider));
    QCOMPARE(c.balance(c.other), U128(other));
    QCOMPARE(c.holding(kVault), U128(holding));
    QCOMPARE(c.vault(kVault).totalAllocated, U128(totalAllocated));
    QCOMPARE(c.totalSupply(), supply);
    // balance = total_allocated + unallocated, with nothing over-allocated.
    QVERIFY(c.holding(kVault) >= c.vault(kVault).totalAllocated);
  }

 private slots:
  void vaultLifecycleMovesExactlyTheAccruedAmounts() {
    StreamsChain c(U128(10'000));
    const U128 supply = c.totalSupply();
    QCOMPARE(supply, U128(10'000));

    REQUIRE_OK(c.initVault(kVault));
    const VaultPdas v = c.vaultIds(kVault);
    QVERIFY(c.state.account(v.config).programOwner == kStreamsId);
    QVERIFY(c.state.account(v.holding).programOwner == kStreamsId);
    QCOMPARE(c.vault(kVault).owner, c.owner);
    QCOMPARE(c.state.account(c.owner).nonce, U128(1));
    expectBalances(c, 10'000, 0, 0, 0, 0, supply);

    // Deposit: the chained AT transfer moves the funds.
    REQUIRE_OK(c.deposit(kVault, U128(5'000)));
    expectBalances(c, 5'000, 0, 0, 5'000, 0, supply);
    QCOMPARE(outcome(c.deposit(kVault, U128(5'001))), QStringLiteral("InsufficientBalance"));  // AT refuses

    c.tickTo(kT0);
    REQUIRE_OK(c.createStream(kVault, 0, 10, U128(1'000)));
    StreamConfig s = c.stream(kVault, 0);
    QCOMPARE(s.provider, c.provider);
    QCOMPARE(s.state, StreamState::Active);
    QCOMPARE(s.accruedAsOf, kS0);  // stored in seconds, not the clock's ms
    QCOMPARE(c.vault(kVault).nextStreamId, StreamId(1));
    QVERIFY(c.state.account(c.streamId(kVault, 0)).programOwner == kStreamsId);
    expectBalances(c, 5'000, 0, 0, 5'000, 1'000, supply);

    c.tickTo(kT0 + 30'000);
    QCOMPARE(c.folded(kVault, 0).accrued, U128(300));
    REQUIRE_OK(c.pause(kVault, 0));
    s = c.stream(kVault, 0);
    QCOMPARE(s.state, StreamState::Paused);
    QCOMPARE(s.accrued, U128(300));
    QCOMPARE(s.accruedAsOf, kS0 + 30);

    c.tickTo(kT0 + 90'000);
    QCOMPARE(c.folded(kVault, 0).accrued, U128(300));  // paused time never accrues
    REQUIRE_OK(c.resume(kVault, 0));
    QCOMPARE(c.stream(kVault, 0).accruedAsOf, kS0 + 90);
    QCOMPARE(c.stream(kVault, 0).accrued, U128(300));

    c.tickTo(kT0 + 100'000);
    QCOMPARE(c.folded(kVault, 0).accrued, U128(400));
    REQUIRE_OK(c.claim(kVault, 0, c.provider));
    s = c.stream(kVault, 0);
    QCOMPARE(s.accrued, U128(0));
    QCOMPARE(s.allocation, U128(600));
    QCOMPARE(s.state, StreamState::Active);
    expectBalances(c, 5'000, 400, 0, 4'600, 600, supply);

    REQUIRE_OK(c.topUp(kVault, 0, U128(500)));
    QCOMPARE(c.stream(kVault, 0).allocation, U128(1'100));
    expectBalances(c, 5'000, 400, 0, 4'600, 1'100, supply);

    REQUIRE_OK(c.createStream(kVault, 1, 1, U128(200)));
    expectBalances(c, 5'000, 400, 0, 4'600, 1'300, supply);

    // Close by owner: unaccrued goes back to unallocated at once; accrued stays claimable.
    c.tickTo(kT0 + 150'000);
    REQUIRE_OK(c.closeByOwner(kVault, 0));
    s = c.stream(kVault, 0);
    QCOMPARE(s.state, StreamState::Closed);
    QCOMPARE(s.accrued, U128(500));
    QCOMPARE(s.allocation, U128(500));
    expectBalances(c, 5'000, 400, 0, 4'600, 700, supply);
    REQUIRE_OK(c.claim(kVault, 0, c.provider));
    QCOMPARE(c.stream(kVault, 0).allocation, U128(0));
    QCOMPARE(c.stream(kVault, 0).state, StreamState::Closed);
    expectBalances(c, 5'000, 900, 0, 4'100, 200, supply);
    QCOMPARE(outcome(c.claim(kVault, 0, c.provider)), QStringLiteral("ZeroClaimAmount"));

    // Close by provider (the provider signs, the owner does not).
    REQUIRE_OK(c.closeByProvider(kVault, 1, c.provider));
    QCOMPARE(c.stream(kVault, 1).allocation, U128(50));
    expectBalances(c, 5'000, 900, 0, 4'100, 50, supply);
    c.tickTo(kT0 + 500'000);  // a closed stream accrues nothing more
    REQUIRE_OK(c.claim(kVault, 1, c.provider));
    expectBalances(c, 5'000, 950, 0, 4'050, 0, supply);

    // Withdraw to a third account and to the owner.
    REQUIRE_OK(c.withdraw(kVault, U128(1'000), c.other));
    expectBalances(c, 5'000, 950, 1'000, 3'050, 0, supply);
    QCOMPARE(outcome(c.withdrawToOwner(kVault, U128(3'051))), QStringLiteral("InsufficientFunds"));
    REQUIRE_OK(c.withdrawToOwner(kVault, U128(3'050)));
    expectBalances(c, 8'050, 950, 1'000, 0, 0, supply);
  }

  void depletionPausesAndTopUpResumesWithoutBackPay() {
    StreamsChain c(U128(1'000));
    const U128 supply = c.totalSupply();
    REQUIRE_OK(c.initVault(kVault));
    REQUIRE_OK(c.deposit(kVault, U128(1'000)));
    c.tickTo(kT0);
    REQUIRE_OK(c.createStream(kVault, 0, 3, U128(10)));  // depletes after ceil(10/3) = 4 s
    c.tickTo(kT0 + 60'000);
    const FoldedStream view = c.folded(kVault, 0);
    QCOMPARE(view.accrued, U128(10));
    QCOMPARE(view.unaccrued, U128(0));
    QCOMPARE(view.stream.state, StreamState::Paused);
    QCOMPARE(view.stream.accruedAsOf, kS0 + 4);  // the depletion instant
    QCOMPARE(outcome(c.resume(kVault, 0)), QStringLiteral("ResumeZeroUnaccrued"));
    REQUIRE_OK(c.topUp(kVault, 0, U128(30)));
    StreamConfig s = c.stream(kVault, 0);
    QCOMPARE(s.state, StreamState::Active);  // top-up always leaves the stream Active
    QCOMPARE(s.accrued, U128(10));
    QCOMPARE(s.allocation, U128(40));
    QCOMPARE(s.accruedAsOf, kS0 + 60);
    c.tickTo(kT0 + 62'000);
    REQUIRE_OK(c.claim(kVault, 0, c.provider));
    QCOMPARE(c.balance(c.provider), U128(16));  // 10 before depletion + 2 s x 3 since the top-up
    QCOMPARE(c.holding(kVault), U128(984));
    QCOMPARE(c.vault(kVault).totalAllocated, U128(24));
    QCOMPARE(c.totalSupply(), supply);
  }

  void freshWithdrawDestinationSignsAndIsClaimed() {
    StreamsChain c(U128(100));
    c.state.accounts.erase(c.other);  // never initialized
    REQUIRE_OK(c.initVault(kVault));
    REQUIRE_OK(c.deposit(kVault, U128(100)));
    const auto acc = withdrawAccounts(kStreamsId, c.owner, kVault, c.other);
    REQUIRE_OK(c.run(kStreamsId, acc.ids, {c.owner, c.other}, encodeWords(Withdraw{kVault, U128(40)})));
    QCOMPARE(c.balance(c.other), U128(40));
    // Claimed Authorized by the executing program, as the reference does (§4).
    QVERIFY(c.state.account(c.other).programOwner == kStreamsId);
    QCOMPARE(c.totalSupply(), U128(100));
  }

  void twoVaultsOfOneOwnerAreIndependent() {
    StreamsChain c(U128(1'000));
    REQUIRE_OK(c.initVault(1));
    REQUIRE_OK(c.initVault(2));
    REQUIRE_OK(c.deposit(1, U128(300)));
    REQUIRE_OK(c.deposit(2, U128(700)));
    c.tickTo(kT0);
    REQUIRE_OK(c.createStream(2, 0, 1, U128(700)));
    QCOMPARE(outcome(c.createStream(1, 0, 1, U128(301))), QStringLiteral("AllocationExceedsUnallocated"));
    REQUIRE_OK(c.createStream(1, 0, 1, U128(300)));
    QVERIFY(c.streamId(1, 0) != c.streamId(2, 0));
    QCOMPARE(c.holding(1), U128(300));
    QCOMPARE(c.holding(2), U128(700));
    QCOMPARE(outcome(c.withdrawToOwner(2, U128(1))), QStringLiteral("InsufficientFunds"));
  }

  void clockUnitsNeverInflateAccrual() {
    // §9: a guest that folded raw milliseconds would pay 1000x. One second at rate 1 pays 1.
    StreamsChain c(U128(10'000));
    REQUIRE_OK(c.initVault(kVault));
    REQUIRE_OK(c.deposit(kVault, U128(10'000)));
    c.tickTo(kT0);
    REQUIRE_OK(c.createStream(kVault, 0, 1, U128(5'000)));
    c.tickTo(kT0 + 1'999);  // 1.999 s later: one whole second
    REQUIRE_OK(c.claim(kVault, 0, c.provider));
    QCOMPARE(c.balance(c.provider), U128(1));
  }
};

QTEST_APPLESS_MAIN(TstStreamsChain)
#include "tst_streams_chain.moc"
