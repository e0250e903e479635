// Block building (lez/chain/block_producer.h): FIFO, same-block dependencies, failed
// transactions left out, size deferral, per-block limit, clock last, hash and signature.
#include <QtTest>

#include "chain_fixture.h"
#include "lez/chain/block_producer.h"
#include "lez/core/transaction_codec.h"

using namespace chaintest;

namespace {
PendingTransaction pending(const lez::core::PublicTransaction& tx) {
  return {lez::core::transactionHash(tx), tx, lez::core::encode(lez::core::LeeTransaction{tx}).size()};
}
}  // namespace

class TstBlockProducer : public QObject {
  Q_OBJECT
 private slots:
  void buildsSignedBlockWithClockLast() {
    World w;
    auto t1 = signedTx(kAuthenticatedTransferId, {w.a, w.b}, {&w.alice}, w.state, transferWords(10));
    // The second transfer uses nonce 1: valid only after t1 in the same block.
    MemoryState after = w.state;
    after.apply(std::get<StateDiff>(w.run(t1)));
    auto t2 = signedTx(kAuthenticatedTransferId, {w.a, w.b}, {&w.alice}, after, transferWords(20));
    auto bad = signedTx(kAuthenticatedTransferId, {w.a, w.b}, {&w.bob}, w.state, transferWords(1));  // wrong signer
    BlockInputs in;
    in.blockId = 2;
    in.timestampMs = 1'700'000'000'123;
    in.clockProgram = kClockProgramId;
    in.systemAccounts = w.context.systemAccounts;
    auto seq = key(9);
    auto block = produceBlock(in, {pending(t1), pending(bad), pending(t2)}, w.state, w.programs, seq, lez::core::AuxRand{});
    QCOMPARE(block.block.body.transactions.size(), std::size_t(3));  // t1, t2, clock
    QCOMPARE(block.outcomes.size(), std::size_t(3));
    QCOMPARE(block.outcomes[1].kind, TransactionOutcome::Kind::Rejected);
    QCOMPARE(QString::fromUtf8(toString(block.outcomes[1].rejection.code).data()), QStringLiteral("PROGRAM_FAILED"));
    QCOMPARE(block.block.body.transactions.back().asPublic()->message.programId, kClockProgramId);
    QVERIFY(lez::core::verify(block.block.header.signature, block.block.header.hash, seq.publicKey()));
    QCOMPARE(block.block.header.hash, lez::core::blockHash(lez::core::hashableData(block.block)));
    w.state.apply(block.diff);
    QCOMPARE(w.state.account(w.a).balance, U128(970));
    QCOMPARE(w.state.account(w.a).nonce, U128(2));
    auto clock = lez::core::decodeClockAccountData(w.state.account(lez::core::kClock01).data).value();
    QCOMPARE(clock.timestamp, std::uint64_t(1'700'000'000'123));
  }
  void respectsLimits() {
    World w;
    std::vector<PendingTransaction> txs;
    MemoryState s = w.state;
    for (int i = 0; i < 25; ++i) {
      auto tx = signedTx(kAuthenticatedTransferId, {w.a, w.b}, {&w.alice}, s, transferWords(1));
      s.apply(std::get<StateDiff>(executeUserTransaction(tx, s, w.programs, w.context)));
      txs.push_back(pending(tx));
    }
    BlockInputs in;
    in.clockProgram = kClockProgramId;
    in.systemAccounts = w.context.systemAccounts;
    auto block = produceBlock(in, txs, w.state, w.programs, key(9), {});
    QCOMPARE(block.block.body.transactions.size(), std::size_t(21));  // 20 user + clock
    in.limits.maxBlockBytes = 1200;                                    // room for very few
    auto small = produceBlock(in, txs, w.state, w.programs, key(9), {});
    QVERIFY(small.block.body.transactions.size() < 21);
    bool deferred = false;
    for (const auto& o : small.outcomes) deferred = deferred || o.kind == TransactionOutcome::Kind::Deferred;
    QVERIFY(deferred);
  }
};

QTEST_APPLESS_MAIN(TstBlockProducer)
#include "tst_block_producer.moc"
