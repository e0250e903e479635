// Group commit of the provider's replay records (replay_batch.h) over the real replay store: ids
// queued in one event-loop turn are written in one transaction when the turn ends, and no
// continuation runs before that; a queued id is pending (a copy is a replay) until then; the same
// id twice in a batch is new once; a batch that cannot be written fails every one of its
// continuations and records nothing.
#include <QTemporaryDir>
#include <QtTest>

#include "replay_batch.h"
#include "replay_store.h"

using payment_streams::ReplayBatch;
using payment_streams::ReplayStore;

namespace {

eligibility::PublicKey sessionKey(std::uint8_t seed) {
  eligibility::PublicKey k{};
  k.fill(seed);
  return k;
}

}  // namespace

class TstReplayBatch : public QObject {
  Q_OBJECT

 private slots:
  void oneTurnIsOneCommitAndAnswersComeAfterIt() {
    QTemporaryDir dir;
    ReplayStore store(dir.filePath("replay.sqlite").toStdString());
    QVERIFY(store.open().ok());
    int writes = 0;
    ReplayBatch batch([&](const auto& ids) {
      ++writes;
      return store.recordAll(ids);
    });
    std::vector<std::pair<std::string, bool>> answers;
    for (const char* id : {"a", "b", "a"}) {
      batch.record(sessionKey(1), id, [&, id](lezpay::util::Result<bool> fresh) {
        QVERIFY(fresh.ok());
        QVERIFY2(store.contains(sessionKey(1), id).value(), "a continuation ran before its id was committed");
        answers.emplace_back(id, fresh.value());
      });
    }
    QVERIFY(batch.pending(sessionKey(1), "a"));
    QVERIFY(!batch.pending(sessionKey(2), "a"));
    QVERIFY2(answers.empty(), "nothing is answered inside record()");
    QTRY_COMPARE(answers.size(), std::size_t{3});
    QCOMPARE(writes, 1);
    QCOMPARE(answers[0], std::make_pair(std::string("a"), true));
    QCOMPARE(answers[1], std::make_pair(std::string("b"), true));
    QCOMPARE(answers[2], std::make_pair(std::string("a"), false));  // the same id twice: new once
    QVERIFY(!batch.pending(sessionKey(1), "a"));
    QCOMPARE(store.count(sessionKey(1)).value(), std::uint64_t{2});
  }

  void anIdRecordedEarlierIsAReplay() {
    QTemporaryDir dir;
    ReplayStore store(dir.filePath("replay.sqlite").toStdString());
    QVERIFY(store.open().ok());
    QVERIFY(store.record(sessionKey(1), "old").value());
    ReplayBatch batch([&](const auto& ids) { return store.recordAll(ids); });
    std::optional<bool> fresh;
    batch.record(sessionKey(1), "old", [&](lezpay::util::Result<bool> r) { fresh = r.value(); });
    batch.flush();
    QCOMPARE(fresh, std::optional<bool>(false));
  }

  void aBatchThatCannotBeWrittenFailsEveryOneOfItsChecks() {
    QTemporaryDir dir;
    ReplayStore store(dir.filePath("replay.sqlite").toStdString());  // never opened: every write fails
    ReplayBatch batch([&](const auto& ids) { return store.recordAll(ids); });
    int failures = 0;
    for (const char* id : {"x", "y"}) {
      batch.record(sessionKey(3), id, [&](lezpay::util::Result<bool> r) {
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.error().code), QString("REPLAY_STORE_FAILED"));
        ++failures;
      });
    }
    QTRY_COMPARE(failures, 2);
    QVERIFY(!batch.pending(sessionKey(3), "x"));
  }
};

QTEST_GUILESS_MAIN(TstReplayBatch)
#include "tst_replay_batch.moc"
