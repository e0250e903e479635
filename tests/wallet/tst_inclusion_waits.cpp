// InclusionWaits: a wait polls on a timer until its check answers, answers its Reply once, and
// stops polling when the caller cancels or the module shuts down.
#include <QtTest>

#include <optional>
#include <vector>

#include "inclusion_waits.h"
#include "logos/envelope.h"

using logos::Json;
using logos::sdk::Reply;
using wallet::InclusionWaits;

class TstInclusionWaits : public QObject {
  Q_OBJECT

  struct Sink {
    std::vector<Json> answers;
    Reply reply() {
      return Reply([this](Json e) { answers.push_back(std::move(e)); }, "wait_for_transaction");
    }
  };

 private slots:
  void answerAtOnceStartsNoTimer() {
    InclusionWaits waits;
    Sink sink;
    waits.start([] { return std::optional<Json>(logos::okEnvelope(Json{{"tx_status", "included"}})); }, sink.reply());
    QCOMPARE(sink.answers.size(), std::size_t(1));
    QCOMPARE(waits.pending(), 0);
  }

  void pollsUntilTheCheckAnswersThenAnswersOnce() {
    InclusionWaits waits;
    Sink sink;
    int checks = 0;
    const auto extra = Reply::extraCompletions();
    waits.start(
        [&checks]() -> std::optional<Json> {
          if (++checks < 4) return std::nullopt;
          return logos::okEnvelope(Json{{"tx_status", "included"}});
        },
        sink.reply());
    QVERIFY(sink.answers.empty());
    QCOMPARE(waits.pending(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(sink.answers.size(), std::size_t(1), 5000);
    QCOMPARE(sink.answers[0].value("tx_status", ""), std::string("included"));
    QTest::qWait(3 * InclusionWaits::kPollIntervalMs);
    QCOMPARE(checks, 4);  // no check after the answer
    QCOMPARE(sink.answers.size(), std::size_t(1));
    QCOMPARE(waits.pending(), 0);
    QCOMPARE(Reply::extraCompletions(), extra);
  }

  void cancellationStopsPolling() {
    InclusionWaits waits;
    Sink sink;
    int checks = 0;
    Reply reply = sink.reply();
    waits.start([&checks]() -> std::optional<Json> { ++checks; return std::nullopt; }, reply);
    QTRY_VERIFY_WITH_TIMEOUT(checks >= 2, 5000);
    reply.cancel();
    QCOMPARE(sink.answers.size(), std::size_t(1));
    QCOMPARE(sink.answers[0].value("code", ""), std::string("CANCELLED"));
    const int atCancel = checks;
    QTest::qWait(4 * InclusionWaits::kPollIntervalMs);
    QCOMPARE(checks, atCancel);
    QCOMPARE(waits.pending(), 0);
    QCOMPARE(sink.answers.size(), std::size_t(1));
  }

  void stopAllStopsEveryWaitWithoutAnswering() {
    InclusionWaits waits;
    Sink first, second;
    int checks = 0;
    auto never = [&checks]() -> std::optional<Json> { ++checks; return std::nullopt; };
    waits.start(never, first.reply());
    waits.start(never, second.reply());
    QCOMPARE(waits.pending(), 2);
    waits.stopAll();
    QCOMPARE(waits.pending(), 0);
    const int atStop = checks;
    QTest::qWait(4 * InclusionWaits::kPollIntervalMs);
    QCOMPARE(checks, atStop);
    QVERIFY(first.answers.empty());  // ModuleBase's shutdown answers these calls
    QVERIFY(second.answers.empty());
  }
};

QTEST_GUILESS_MAIN(TstInclusionWaits)
#include "tst_inclusion_waits.moc"
