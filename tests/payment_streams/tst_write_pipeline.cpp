// The one write path of payment_streams_module (write_pipeline.h), driven by a scripted
// wallet_module (unit test: the wallet answers are canned, no daemon): an included write answers
// its read-back facts with the transaction's; wait=false answers at submission without reading
// back; a read-back that does not confirm answers STATE_NOT_CONFIRMED; a sequencer rejection keeps
// its guest code and name; a wallet that answers later completes the write exactly once.
#include <QTemporaryDir>
#include <QtTest>

#include <deque>

#include "lez/streams/instruction_accounts.h"
#include "logos/envelope.h"
#include "module_services.h"
#include "sequential_loop.h"
#include "write_pipeline.h"

using namespace payment_streams;
namespace ls = lez::streams;

namespace {

struct WalletCallRecord {
  std::string operation;
  Json params;
  logos::CallCallback done;
};

const AccountId kOwner = AccountId::fromBase58("7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo").value();

}  // namespace

class TstWritePipeline : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::unique_ptr<ModuleState> state_;
  ModuleServices services_;
  std::deque<WalletCallRecord> calls_;
  bool answerInline_ = true;
  Json walletAnswer_;

  WritePlan pausePlan(std::function<void(const Json&, Then<Json>)> readBack) {
    return WritePlan{ls::ownerStreamAccounts(services_.config().program, kOwner, 0, 0, services_.config().clock), ls::PauseStream{0, 0},
                     std::move(readBack)};
  }

 private slots:
  void init() {
    state_ = std::make_unique<ModuleState>(dir_.path().toStdString());
    services_.state = state_.get();
    calls_.clear();
    answerInline_ = true;
    walletAnswer_ = logos::okEnvelope(Json{{"tx_hash", std::string(64, 'c')}, {"tx_status", "included"}, {"block_id", 7}});
    services_.walletCall = [this](const std::string& op, const Json& params, int, logos::CallCallback done) {
      if (answerInline_) return done(walletAnswer_);
      calls_.push_back({op, params, std::move(done)});
    };
  }
  void cleanup() {
    services_.state = nullptr;
    state_.reset();
  }

  void anIncludedWriteAnswersItsReadBackWithTheTransaction() {
    std::vector<Json> answers;
    runWrite(services_, pausePlan([](const Json& tx, Then<Json> facts) { facts(Json{{"stream_id", 0}, {"seen_tx", tx["tx_hash"]}}); }), true,
             [&](Json a) { answers.push_back(std::move(a)); });
    QCOMPARE(answers.size(), std::size_t{1});
    const Json& a = answers[0];
    QCOMPARE(a["status"], Json("ok"));
    QCOMPARE(a["success"], Json(true));
    QCOMPARE(a["tx_hash"], Json(std::string(64, 'c')));
    QCOMPARE(a["tx_status"], Json("included"));
    QCOMPARE(a["block_id"], Json(7));
    QCOMPARE(a["seen_tx"], Json(std::string(64, 'c')));
    QVERIFY(a.contains("wallet"));
  }

  void noWaitAnswersAtSubmissionWithoutReadBack() {
    walletAnswer_ = logos::okEnvelope(Json{{"tx_hash", std::string(64, 'd')}, {"tx_status", "pending"}});
    bool readBack = false;
    Json answer;
    runWrite(services_, pausePlan([&](const Json&, Then<Json> facts) { readBack = true; facts(Json::object()); }), false,
             [&](Json a) { answer = std::move(a); });
    QVERIFY(!readBack);
    QCOMPARE(answer["tx_status"], Json("pending"));
    QCOMPARE(answer["operation"], Json("PauseStream"));
  }

  void anUnconfirmedEffectIsStateNotConfirmed() {
    Json answer;
    runWrite(services_, pausePlan([](const Json&, Then<Json> facts) { facts(Error{kStateNotConfirmed, "stream 0 is not Paused"}); }), true,
             [&](Json a) { answer = std::move(a); });
    QCOMPARE(answer["status"], Json("error"));
    QCOMPARE(answer["code"], Json("STATE_NOT_CONFIRMED"));
    QCOMPARE(answer["message"], Json("stream 0 is not Paused"));
    QCOMPARE(answer["tx_hash"], Json(std::string(64, 'c')));
    QCOMPARE(answer["success"], Json(false));
  }

  void aRejectionKeepsTheGuestCode() {
    walletAnswer_ = logos::errorEnvelope("TX_REJECTED", "rejected");
    walletAnswer_["tx_hash"] = std::string(64, 'e');
    walletAnswer_["reason"] = Json{{"guest_code", 6011}, {"guest_name", "AllocationExceedsUnallocated"}, {"message", "too much"}};
    bool readBack = false;
    Json answer;
    runWrite(services_, pausePlan([&](const Json&, Then<Json> facts) { readBack = true; facts(Json::object()); }), true,
             [&](Json a) { answer = std::move(a); });
    QVERIFY(!readBack);
    QCOMPARE(answer["code"], Json("TX_REJECTED"));
    QCOMPARE(answer["guest_code"], Json(6011));
    QCOMPARE(answer["guest_name"], Json("AllocationExceedsUnallocated"));
    QCOMPARE(answer["tx_hash"], Json(std::string(64, 'e')));
    QVERIFY2(answer["message"].get<std::string>().find("PauseStream was rejected by the sequencer: AllocationExceedsUnallocated (6011)") == 0,
             answer["message"].get<std::string>().c_str());
  }

  void aLateWalletCompletesTheWriteOnce() {
    answerInline_ = false;
    int answered = 0;
    Json answer;
    runWrite(services_, pausePlan([](const Json&, Then<Json> facts) { facts(Json{{"late", true}}); }), true, [&](Json a) {
      ++answered;
      answer = std::move(a);
    });
    QCOMPARE(answered, 0);
    QCOMPARE(calls_.size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(calls_.front().operation), QString("send_generic_public_transaction_json"));
    QCOMPARE(calls_.front().params["wait"], Json(true));
    calls_.front().done(walletAnswer_);
    QCOMPARE(answered, 1);
    QCOMPARE(answer["late"], Json(true));
  }

  void aLongLoopOfInlineStepsDoesNotGrowTheStack() {
    std::uint64_t steps = 0;
    bool completed = false;
    runSequentially(
        2'000'000, [&](std::uint64_t, std::function<void(bool)> next) { ++steps; next(true); }, [&](bool c) { completed = c; });
    QCOMPARE(steps, std::uint64_t{2'000'000});
    QVERIFY(completed);
  }

  void aLoopWithLateStepsRunsInOrderAndStopsOnRequest() {
    std::vector<std::function<void(bool)>> pending;
    std::vector<std::uint64_t> order;
    int finished = 0;
    bool completed = true;
    runSequentially(
        5,
        [&](std::uint64_t i, std::function<void(bool)> next) {
          order.push_back(i);
          pending.push_back(std::move(next));
        },
        [&](bool c) {
          ++finished;
          completed = c;
        });
    QCOMPARE(order, std::vector<std::uint64_t>{0});
    pending.back()(true);
    QCOMPARE(order, (std::vector<std::uint64_t>{0, 1}));
    pending.back()(false);
    QCOMPARE(order.size(), std::size_t{2});
    QCOMPARE(finished, 1);
    QVERIFY(!completed);
    pending.back()(true);  // a second answer of the same step is ignored
    QCOMPARE(finished, 1);
  }
};

QTEST_GUILESS_MAIN(TstWritePipeline)
#include "tst_write_pipeline.moc"
