// Asynchronous operations in the SDK without a host (sdk/reply.h, dispatcher.h, module_base.h,
// client_binding.h): a handler answers later through its Reply, exactly once; an exception before
// the answer is METHOD_FAILED, after it is ignored; ModuleBase keeps calls by id for
// cancelAction and answers what is open at shutdown; the client call forms bind as documented.
#include <QtTest>

#include <functional>
#include <optional>
#include <stdexcept>
#include <vector>

#include "logos/envelope.h"
#include "logos/sdk/client_binding.h"
#include "logos/sdk/module_base.h"

using logos::Json;
using logos::ParamType;
using logos::sdk::Args;
using logos::sdk::Reply;

namespace {

// A module whose "later" operation parks its reply until the test completes it.
class ParkingModule : public logos::sdk::ModuleBase {
 public:
  ParkingModule() : ModuleBase("parking", "1.0.0") {
    addAsyncOperation({"later", "answers when the test says so", {{"n", ParamType::U64, true, nullptr, "n"}}, Json::object(),
                       Json{{"n", 1}}},
                      [this](const Args& a, Reply reply) {
                        reply.onCancel([this] { ++cancelHooks; });
                        parked.push_back({a.u64("n"), reply});
                      });
    addAsyncOperation({"throw_after", "answers, then throws", {}, Json::object(), Json::object()},
                      [](const Args&, Reply reply) {
                        reply.ok();
                        throw std::runtime_error("after the answer");
                      });
    addOperation({"now", "answers at once", {}, Json::object(), Json::object()}, [](const logos::sdk::Args&) { return logos::okEnvelope(); });
  }
  std::vector<std::pair<std::uint64_t, Reply>> parked;
  int cancelHooks = 0;
};

}  // namespace

class TstAsyncDispatch : public QObject {
  Q_OBJECT

 private slots:
  void asyncHandlerAnswersLaterOnce() {
    ParkingModule m;
    std::vector<Json> got;
    m.beginAction(1, "later", Json{{"n", 5}}, [&](Json e) { got.push_back(std::move(e)); });
    QVERIFY(got.empty());
    QCOMPARE(m.parked.size(), std::size_t(1));
    m.parked[0].second.ok(Json{{"n", m.parked[0].first}});
    m.parked[0].second.ok(Json{{"n", 0}});
    QCOMPARE(got.size(), std::size_t(1));
    QCOMPARE(got[0]["n"].get<int>(), 5);
  }

  void argumentsAreCheckedBeforeTheHandler() {
    ParkingModule m;
    std::vector<Json> got;
    m.beginAction(1, "later", Json{{"n", "x"}}, [&](Json e) { got.push_back(std::move(e)); });
    QCOMPARE(got.size(), std::size_t(1));
    QCOMPARE(got[0]["code"].get<std::string>(), std::string("INVALID_ARGS"));
    QVERIFY(m.parked.empty());
  }

  void throwAfterTheAnswerIsIgnored() {
    ParkingModule m;
    std::vector<Json> got;
    m.beginAction(1, "throw_after", Json::object(), [&](Json e) { got.push_back(std::move(e)); });
    QCOMPARE(got.size(), std::size_t(1));
    QVERIFY(logos::isOk(got[0]));
  }

  void cancelActionRunsTheHookAndAnswersCancelledOnce() {
    ParkingModule m;
    std::vector<Json> got;
    m.beginAction(7, "later", Json{{"n", 1}}, [&](Json e) { got.push_back(std::move(e)); });
    m.cancelAction(8);  // unknown id: ignored
    QCOMPARE(m.cancelHooks, 0);
    m.cancelAction(7);
    QCOMPARE(m.cancelHooks, 1);
    QCOMPARE(got.size(), std::size_t(1));
    QCOMPARE(got[0]["code"].get<std::string>(), std::string("CANCELLED"));
    m.parked[0].second.ok();  // the handler's late answer goes nowhere
    m.cancelAction(7);        // finished id: ignored
    QCOMPARE(got.size(), std::size_t(1));
    QCOMPARE(m.cancelHooks, 1);
  }

  void shutdownAnswersOpenCallsWithoutCancelHooks() {
    ParkingModule m;
    std::vector<Json> got;
    m.beginAction(1, "later", Json{{"n", 1}}, [&](Json e) { got.push_back(std::move(e)); });
    m.beginAction(2, "later", Json{{"n", 2}}, [&](Json e) { got.push_back(std::move(e)); });
    m.parked[0].second.ok();
    m.shutdown();
    QCOMPARE(got.size(), std::size_t(2));
    QCOMPARE(got[1]["code"].get<std::string>(), std::string("MODULE_NOT_LOADED"));
    QCOMPARE(m.cancelHooks, 0);
  }

  void syncChainActionOfAnUnansweredAsyncOperationFails() {
    ParkingModule m;
    QVERIFY(logos::isOk(m.chainAction("now", Json::object())));
    Json r = m.chainAction("later", Json{{"n", 1}});
    QCOMPARE(r["code"].get<std::string>(), std::string("METHOD_FAILED"));
    QCOMPARE(m.cancelHooks, 1);  // the abandoned call was cancelled, so its work can stop
  }

  void defaultBeginActionAnswersThroughChainAction() {
    struct Plain : logos::LogosModule {
      std::string name() const override { return "plain"; }
      std::string version() const override { return "1"; }
      Json initLogos(logos::ModuleContext*) override { return logos::okEnvelope(); }
      void shutdown() override {}
      Json chainAction(const std::string& op, const Json&) override { return logos::okEnvelope(Json{{"op", op}}); }
      std::vector<logos::OperationSpec> operations() const override { return {}; }
      std::vector<logos::EventSpec> events() const override { return {}; }
    } plain;
    std::vector<Json> got;
    plain.beginAction(3, "x", Json::object(), [&](Json e) { got.push_back(std::move(e)); });
    plain.cancelAction(3);
    QCOMPARE(got.size(), std::size_t(1));
    QCOMPARE(got[0]["op"].get<std::string>(), std::string("x"));
  }

  void valueEnvelopeCarriesAnyJson() {
    QVERIFY(logos::isValueEnvelope(logos::valueEnvelope(Json{{"status", "error"}})));
    QCOMPARE(logos::resultOf(logos::valueEnvelope(Json::array({1}))), Json::array({1}));
    const Json fields = logos::okEnvelope(Json{{"a", 1}});
    QVERIFY(!logos::isValueEnvelope(fields));
    QCOMPARE(logos::resultOf(fields), fields);
  }

  void clientBindingForms() {
    const std::vector<logos::OperationSpec> ops = {
        {"pair", "two params", {{"a", ParamType::U64, true, nullptr, "a"}, {"b", ParamType::String, false, "d", "b"}},
         Json::object(), Json{{"a", 1}}},
        {"obj", "object first", {{"o", ParamType::Object, true, nullptr, "o"}}, Json::object(), Json{{"o", Json::object()}}}};
    auto positional = logos::sdk::bindClientCall("m", ops, "pair", Json::array({3}));
    QVERIFY(!positional.error);
    QCOMPARE(positional.params, (Json{{"a", 3}, {"b", "d"}}));
    auto objectForm = logos::sdk::bindClientCall("m", ops, "pair", Json::array({Json{{"a", 4}}}));
    QCOMPARE(objectForm.params["a"].get<int>(), 4);
    auto firstIsObject = logos::sdk::bindClientCall("m", ops, "obj", Json::array({Json{{"k", 1}}}));
    QCOMPARE(firstIsObject.params, (Json{{"o", Json{{"k", 1}}}}));
    auto chain = logos::sdk::bindClientCall("m", ops, "chainAction", Json::array({"pair", R"({"a":5})"}));
    QCOMPARE(chain.operation, std::string("pair"));
    QCOMPARE(chain.params["a"].get<int>(), 5);
    auto badText = logos::sdk::bindClientCall("m", ops, "chainAction", Json::array({"pair", "{"}));
    QVERIFY(badText.error && badText.error->code == logos::ErrorCode::InvalidArgs);
    QVERIFY(badText.error->extra.contains("json_error"));
    auto missing = logos::sdk::bindClientCall("m", ops, "nope", Json::array());
    QVERIFY(missing.error && missing.error->code == logos::ErrorCode::MethodNotFound);
    QCOMPARE(missing.error->extra["available_methods"], (Json::array({"chainAction", "pair", "obj"})));
    auto wrongType = logos::sdk::bindClientCall("m", ops, "pair", Json::array({"x"}));
    QVERIFY(wrongType.error && wrongType.error->extra.contains("usage"));
  }
};

QTEST_GUILESS_MAIN(TstAsyncDispatch)
#include "tst_async_dispatch.moc"
