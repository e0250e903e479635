// The LEZ public-transaction pipeline (lez/chain/executor.h): every validation rule has a test
// that breaks it, and the happy paths move exactly what they should.
#include <QtTest>

#include "chain_fixture.h"

using namespace chaintest;

class TstExecutor : public QObject {
  Q_OBJECT
 private slots:
  void transferMovesFundsAndBumpsNonce() {
    World w;
    auto r = w.run(signedTx(kAuthenticatedTransferId, {w.a, w.b}, {&w.alice}, w.state, transferWords(300)));
    QCOMPARE(codeOf(r), QStringLiteral("OK"));
    w.state.apply(std::get<StateDiff>(r));
    QCOMPARE(w.state.account(w.a).balance, U128(700));
    QCOMPARE(w.state.account(w.b).balance, U128(1300));
    QCOMPARE(w.state.account(w.a).nonce, U128(1));
    QCOMPARE(w.state.account(w.b).nonce, U128(0));
  }
  void replayIsRejectedByNonce() {
    World w;
    auto tx = signedTx(kAuthenticatedTransferId, {w.a, w.b}, {&w.alice}, w.state, transferWords(1));
    w.state.apply(std::get<StateDiff>(w.run(tx)));
    QCOMPARE(codeOf(w.run(tx)), QStringLiteral("NONCE_MISMATCH"));
  }
  void transferToFreshAccountNeedsItsSignature() {
    World w;
    QCOMPARE(codeOf(w.run(signedTx(kAuthenticatedTransferId, {w.a, w.c}, {&w.alice}, w.state, transferWords(5)))),
             QStringLiteral("CLAIM_NOT_AUTHORIZED"));
    auto r = w.run(signedTx(kAuthenticatedTransferId, {w.a, w.c}, {&w.alice, &w.carol}, w.state, transferWords(5)));
    QCOMPARE(codeOf(r), QStringLiteral("OK"));
    w.state.apply(std::get<StateDiff>(r));
    QCOMPARE(w.state.account(w.c).programOwner, kAuthenticatedTransferId);
    QCOMPARE(w.state.account(w.c).nonce, U128(1));  // a signer not debited still bumps
  }
  void initializeClaimsDefaultAccount() {
    World w;
    auto r = w.run(signedTx(kAuthenticatedTransferId, {w.c}, {&w.carol}, w.state, {1}));
    QCOMPARE(codeOf(r), QStringLiteral("OK"));
    w.state.apply(std::get<StateDiff>(r));
    QCOMPARE(w.state.account(w.c).programOwner, kAuthenticatedTransferId);
    QCOMPARE(codeOf(w.run(signedTx(kAuthenticatedTransferId, {w.c}, {&w.carol}, w.state, {1}))), QStringLiteral("PROGRAM_FAILED"));
  }
  void insufficientBalanceIsAProgramFailure() {
    World w;
    auto r = w.run(signedTx(kAuthenticatedTransferId, {w.a, w.b}, {&w.alice}, w.state, transferWords(1001)));
    QCOMPARE(codeOf(r), QStringLiteral("PROGRAM_FAILED"));
    QCOMPARE(QString::fromStdString(std::get<Rejection>(r).guestName), QStringLiteral("InsufficientBalance"));
  }
  void senderMustSign() {
    World w;
    auto r = w.run(signedTx(kAuthenticatedTransferId, {w.a, w.b}, {&w.bob}, w.state, transferWords(1)));
    QCOMPARE(QString::fromStdString(std::get<Rejection>(r).guestName), QStringLiteral("SenderNotAuthorized"));
  }
  void badSignatureIsRejected() {
    World w;
    auto tx = signedTx(kAuthenticatedTransferId, {w.a, w.b}, {&w.alice}, w.state, transferWords(1));
    tx.message.instructionData[1] = 2;  // signed 1, now says 2
    QCOMPARE(codeOf(w.run(tx)), QStringLiteral("INVALID_SIGNATURE"));
  }
  void nonceCountMustMatchWitnesses() {
    World w;
    auto tx = signedTx(kAuthenticatedTransferId, {w.a, w.b}, {&w.alice}, w.state, transferWords(1));
    tx.message.nonces.push_back(U128(0));
    QCOMPARE(codeOf(w.run(tx)), QStringLiteral("NONCE_COUNT_MISMATCH"));
  }
  void accountIdRules() {
    World w;
    QCOMPARE(codeOf(w.run(signedTx(kAuthenticatedTransferId, {}, {&w.alice}, w.state, {1}))), QStringLiteral("EMPTY_ACCOUNT_IDS"));
    QCOMPARE(codeOf(w.run(signedTx(kAuthenticatedTransferId, {w.a, w.a}, {&w.alice}, w.state, transferWords(1)))),
             QStringLiteral("DUPLICATE_ACCOUNT_IDS"));
  }
  void unknownAndSequencerOnlyPrograms() {
    World w;
    const ProgramId ghost = ProgramId::fromHexLiteral("0202020202020202020202020202020202020202020202020202020202020202");
    QCOMPARE(codeOf(w.run(signedTx(ghost, {w.a}, {&w.alice}, w.state, {0}))), QStringLiteral("UNKNOWN_PROGRAM"));
    QCOMPARE(codeOf(w.run(signedTx(kClockProgramId, {lez::core::kClock01, lez::core::kClock10, lez::core::kClock50}, {&w.alice},
                                   w.state, lez::core::clockTickInstruction(5)))),
             QStringLiteral("SEQUENCER_ONLY_PROGRAM"));
  }
  void rules_data() {
    QTest::addColumn<int>("instruction");
    QTest::addColumn<QString>("code");
    QTest::newRow("rule 5 unauthorized debit") << 0 << "UNAUTHORIZED_DEBIT";
    QTest::newRow("rule 3 nonce changed") << 1 << "NONCE_CHANGED";
    QTest::newRow("rule 4 owner changed") << 2 << "OWNER_CHANGED";
    QTest::newRow("rule 6 data of unowned account") << 3 << "DATA_CHANGE_NOT_ALLOWED";
    QTest::newRow("rule 8 balance created") << 4 << "BALANCE_NOT_CONSERVED";
    QTest::newRow("rule 2 state count") << 5 << "STATE_COUNT_MISMATCH";
    QTest::newRow("claim of owned account") << 7 << "CLAIMED_NON_DEFAULT_ACCOUNT";
    QTest::newRow("forged authorization in chained call") << 8 << "AUTHORIZATION_MISMATCH";
    QTest::newRow("too many chained calls") << 9 << "TOO_MANY_CHAINED_CALLS";
    QTest::newRow("stale pre-state in chained call") << 10 << "PRE_STATE_MISMATCH";
    QTest::newRow("program failure with code") << 13 << "PROGRAM_FAILED";
    QTest::newRow("rule 1 duplicate pre-state") << 14 << "DUPLICATE_PRE_STATE";
  }
  void rules() {
    QFETCH(int, instruction);
    QFETCH(QString, code);
    World w;
    auto r = w.run(signedTx(kEvilId, {w.a, w.b}, {&w.alice}, w.state, {static_cast<std::uint32_t>(instruction)}));
    QCOMPARE(codeOf(r), code);
    if (instruction == 13) {
      QCOMPARE(*std::get<Rejection>(r).guestCode, 6099u);
      QCOMPARE(QString::fromStdString(std::get<Rejection>(r).guestName), QStringLiteral("Refused"));
    }
  }
  void defaultAccountRules() {
    World w;
    // Writing a default account without claiming it.
    QCOMPARE(codeOf(w.run(signedTx(kEvilId, {w.c}, {&w.alice}, w.state, {12}))), QStringLiteral("DEFAULT_ACCOUNT_MODIFIED_WITHOUT_CLAIM"));
    // A PDA claim with a seed that does not derive the account.
    QCOMPARE(codeOf(w.run(signedTx(kEvilId, {w.c}, {&w.alice}, w.state, {6}))), QStringLiteral("CLAIM_PDA_MISMATCH"));
    // The right PDA can be claimed without any signature of its own.
    const AccountId pda = lez::core::publicPda(kEvilId, PdaSeed{});
    auto r = w.run(signedTx(kEvilId, {pda}, {&w.alice}, w.state, {15}));
    QCOMPARE(codeOf(r), QStringLiteral("OK"));
    w.state.apply(std::get<StateDiff>(r));
    QCOMPARE(w.state.account(pda).programOwner, kEvilId);
    // Rule 7: an account that is not default but has no owner cannot be touched.
    Account orphan;
    orphan.balance = U128(5);
    w.state.accounts[w.c] = orphan;
    QCOMPARE(codeOf(w.run(signedTx(kEvilId, {w.c}, {&w.alice}, w.state, {11}))), QStringLiteral("NON_DEFAULT_ACCOUNT_WITH_DEFAULT_OWNER"));
  }
  void systemAccountsAreGuarded() {
    World w;
    // Anyone may credit an account, but not a clock account.
    auto r = w.run(signedTx(kAuthenticatedTransferId, {w.a, lez::core::kClock01}, {&w.alice}, w.state, transferWords(1)));
    QCOMPARE(codeOf(r), QStringLiteral("SYSTEM_ACCOUNT_MODIFIED"));
  }
  void rejectionChangesNothing() {
    World w;
    auto before = w.state.accounts;
    (void)w.run(signedTx(kAuthenticatedTransferId, {w.a, w.b}, {&w.alice}, w.state, transferWords(5000)));
    QVERIFY(before == w.state.accounts);
  }
  void clockTickAdvancesClocks() {
    World w;
    for (std::uint64_t block = 1; block <= 10; ++block) {
      auto r = executeSystemTransaction(clockTickTransaction(kClockProgramId, block * 1000), w.state, w.programs, w.context);
      QCOMPARE(codeOf(r), QStringLiteral("OK"));
      w.state.apply(std::get<StateDiff>(r));
    }
    auto c1 = lez::core::decodeClockAccountData(w.state.account(lez::core::kClock01).data).value();
    auto c10 = lez::core::decodeClockAccountData(w.state.account(lez::core::kClock10).data).value();
    auto c50 = lez::core::decodeClockAccountData(w.state.account(lez::core::kClock50).data).value();
    QCOMPARE(c1.blockId, 10u);
    QCOMPARE(c1.timestamp, 10000u);
    QCOMPARE(c10.blockId, 10u);
    QCOMPARE(c50.blockId, 0u);
  }
};

QTEST_APPLESS_MAIN(TstExecutor)
#include "tst_executor.moc"
