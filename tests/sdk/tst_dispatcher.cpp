// The chainAction dispatcher (sdk/dispatcher.h): routing, checks before handlers, and every
// module failure turned into an envelope.
#include <QtTest>

#include <stdexcept>

#include "logos/envelope.h"
#include "logos/sdk/dispatcher.h"

using logos::Json;
using logos::ParamType;

class TstDispatcher : public QObject {
  Q_OBJECT
 private:
  logos::sdk::Dispatcher make(int* calls) {
    logos::sdk::Dispatcher d;
    d.add({"ok", "answers ok", {{"x", ParamType::U64, true, nullptr, "x"}}, Json::object(), Json{{"x", 1}}},
          [calls](const Json& p) {
            ++*calls;
            return logos::okEnvelope(Json{{"x", p["x"]}});
          });
    d.add({"throws", "throws", {}, Json::object(), Json::object()}, [](const Json&) -> Json { throw std::runtime_error("kaput"); });
    d.add({"malformed", "bad", {}, Json::object(), Json::object()}, [](const Json&) { return Json("nope"); });
    d.add({"domain", "domain error", {}, Json::object(), Json::object()},
          [](const Json&) { return logos::errorEnvelope("STREAM_CLOSED", "closed"); });
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
