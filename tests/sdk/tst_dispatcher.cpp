// The chainAction dispatcher (sdk/dispatcher.h): routing, checks before handlers, and every
// module failure turned into an envelope.
#include <QtTest>

#include <stdexcept>

#include "logos/envelope.h"
#include "logos/sdk/dispatcher.h"

using logos::Json;
using logos::ParamType;

// Handlers read their parameters through the typed accessors only: one that takes the raw params
// object does not register, synchronous or asynchronous.
template <typename F>
constexpr bool registers = requires(logos::sdk::Dispatcher d, logos::OperationSpec s, F f) { d.add(s, f); };
static_assert(registers<Json (*)(const logos::sdk::Args&)>);
static_assert(!registers<Json (*)(const Json&)>);
template <typename F>
constexpr bool registersAsync = requires(logos::sdk::Dispatcher d, logos::OperationSpec s, F f) { d.addAsync(s, f); };
static_assert(registersAsync<void (*)(const logos::sdk::Args&, logos::sdk::Reply)>);
static_assert(!registersAsync<void (*)(const Json&, logos::sdk::Reply)>);

class TstDispatcher : public QObject {
  Q_OBJECT
 private:
  logos::sdk::Dispatcher make(int* calls) {
    logos::sdk::Dispatcher d;
    d.add({"ok", "answers ok", {{"x", ParamType::U64, true, nullptr, "x"}}, Json::object(), Json{{"x", 1}}},
          [calls](const logos::sdk::Args& a) {
            ++*calls;
            return logos::okEnvelope(Json{{"x", a.u64("x")}});
          });
    d.add({"throws", "throws", {}, Json::object(), Json::object()}, [](const logos::sdk::Args&) -> Json { throw std::runtime_error("kaput"); });
    d.add({"malformed", "bad", {}, Json::object(), Json::object()}, [](const logos::sdk::Args&) { return Json("nope"); });
    d.add({"domain", "domain error", {}, Json::object(), Json::object()},
          [](const logos::sdk::Args&) { return logos::errorEnvelope("STREAM_CLOSED", "closed"); });
    return d;
  }
 private slots:
  void routesToHandler() {
    int calls = 0;
    auto d = make(&calls);
    Json r = d.dispatch("ok", Json{{"x", 3}});
    QVERIFY(logos::isOk(r));
    QCOMPARE(r["x"].get<int>(), 3);
    QCOMPARE(calls, 1);
  }
  void unknownOperationListsAvailable() {
    int calls = 0;
    Json r = make(&calls).dispatch("nope", Json::object());
    QCOMPARE(r["code"].get<std::string>(), std::string("METHOD_NOT_FOUND"));
    QCOMPARE(r["available_methods"].size(), std::size_t(4));
  }
  void badArgumentsNeverReachTheHandler() {
    int calls = 0;
    auto d = make(&calls);
    Json r = d.dispatch("ok", Json{{"x", "not a number"}});
    QCOMPARE(r["code"].get<std::string>(), std::string("INVALID_ARGS"));
    QVERIFY(r["message"].get<std::string>().find("'x'") != std::string::npos);
    QCOMPARE(calls, 0);
  }
  void exceptionBecomesMethodFailed() {
    int calls = 0;
    Json r = make(&calls).dispatch("throws", Json::object());
    QCOMPARE(r["code"].get<std::string>(), std::string("METHOD_FAILED"));
    QVERIFY(r["message"].get<std::string>().find("kaput") != std::string::npos);
  }
  void malformedAnswerBecomesMethodFailed() {
    int calls = 0;
    Json r = make(&calls).dispatch("malformed", Json::object());
    QCOMPARE(r["code"].get<std::string>(), std::string("METHOD_FAILED"));
  }
  void domainErrorsPassThrough() {
    int calls = 0;
    Json r = make(&calls).dispatch("domain", nullptr);
    QCOMPARE(r["code"].get<std::string>(), std::string("STREAM_CLOSED"));
  }
  void envelopeShapeChecks() {
    QVERIFY(logos::isWellFormedEnvelope(Json{{"status", "ok"}}));
    QVERIFY(!logos::isWellFormedEnvelope(Json{{"status", "error"}}));
    QVERIFY(!logos::isWellFormedEnvelope(Json{{"status", "maybe"}}));
    QVERIFY(!logos::isWellFormedEnvelope(Json::array()));
    QVERIFY(logos::isWellFormedEnvelope(logos::errorEnvelope(logos::ErrorCode::Timeout, "t")));
  }
};

QTEST_APPLESS_MAIN(TstDispatcher)
#include "tst_dispatcher.moc"
