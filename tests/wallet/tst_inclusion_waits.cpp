// InclusionWaits: a wait runs one check at a time until a check reports an answer, answers its
// Reply once, and stops polling (aborting the check in flight) when the caller cancels or the
// module shuts down.
#include <QtTest>

#include <optional>
#include <vector>

#include "inclusion_waits.h"
#include "logos/envelope.h"

using logos::Json;
using logos::sdk::Reply;
using wallet::InclusionWaits;

namespace {

// A check that reports at once, through `decide`.
InclusionWaits::Check immediate(std::function<std::optional<Json>()> decide) {
  return [decide = std::move(decide)](InclusionWaits::Report report) -> InclusionWaits::Abort {
    report(decide());
    return [] {};
  };
}

}  // namespace

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
    waits.start(immediate([] { return std::optional<Json>(logos::okEnvelope(Json{{"tx_status", "included"}})); }), sink.reply());
    QCOMPARE(sink.answers.size(), std::size_t(1));
    QCOMPARE(waits.pending(), 0);
  }

  void pollsUntilTheCheckAnswersThenAnswersOnce() {
    InclusionWaits waits;
    Sink sink;
    int checks = 0;
    const auto extra = Reply::extraCompletions();
    waits.start(immediate([&checks]() -> std::optional<Json> {
                  if (++checks < 4) return std::nullopt;
                  return logos::okEnvelope(Json{{"tx_status", "included"}});
                }),
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

  // A check that has not reported yet (a slow sequencer) is never joined by a second one, and
  // the thread stays free: the timer keeps firing for nobody, the event loop runs.
  void aSlowCheckIsNeverJoinedByAnother() {
    InclusionWaits waits;
    Sink sink;
    int started = 0;
    InclusionWaits::Report pending;
    waits.start(
        [&](InclusionWaits::Report report) -> InclusionWaits::Abort {
          ++started;
          pending = std::move(report);
          return [] {};
        },
        sink.reply());
    QCOMPARE(started, 1);
    QTest::qWait(6 * InclusionWaits::kPollIntervalMs);
    QCOMPARE(started, 1);
    QCOMPARE(waits.checksInFlight(), 1);
    pending(std::nullopt);  // still pending: the next check starts one interval later
    QCOMPARE(waits.checksInFlight(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(started, 2, 5000);
    pending(logos::okEnvelope(Json{{"tx_status", "included"}}));
    QCOMPARE(sink.answers.size(), std::size_t(1));
    QCOMPARE(waits.pending(), 0);
  }

  void cancellationStopsPollingAndAbortsTheCheckInFlight() {
    InclusionWaits waits;
    Sink sink;
    int checks = 0;
    int aborted = 0;
    InclusionWaits::Report pending;
    Reply reply = sink.reply();
    waits.start(
        [&](InclusionWaits::Report report) -> InclusionWaits::Abort {
          if (++checks < 3) {
            report(std::nullopt);
            return [] {};
          }
          pending = std::move(report);  // the third check hangs
          return [&aborted] { ++aborted; };
        },
        reply);
    QTRY_VERIFY_WITH_TIMEOUT(checks == 3, 5000);
    reply.cancel();
    QCOMPARE(sink.answers.size(), std::size_t(1));
    QCOMPARE(sink.answers[0].value("code", ""), std::string("CANCELLED"));
    QCOMPARE(aborted, 1);
    pending(logos::okEnvelope(Json{{"tx_status", "included"}}));  // a late report changes nothing
    QTest::qWait(4 * InclusionWaits::kPollIntervalMs);
    QCOMPARE(checks, 3);
    QCOMPARE(waits.pending(), 0);
    QCOMPARE(sink.answers.size(), std::size_t(1));
  }

  void stopAllStopsEveryWaitWithoutAnswering() {
    InclusionWaits waits;
    Sink first, second;
    int checks = 0;
    auto never = immediate([&checks]() -> std::optional<Json> { ++checks; return std::nullopt; });
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
