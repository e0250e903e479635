// Asynchronous operations through a real ModuleHost and the test plugins (tests/plugins): an
// operation in flight leaves its module serving other calls, answers exactly once, is cancelled
// when its caller times out or goes away, and an unload while it waits answers its caller and
// never runs inside it. interfaces/CONTRACT.md states the rules these check.
#include <QtTest>

#include <QElapsedTimer>
#include <QTemporaryDir>

#include "host_test_support.h"
#include "logos/envelope.h"
#include "logos/host/module_host.h"
#include "logos/sdk/reply.h"

using logos::Json;
using logos::host::HostOptions;
using logos::host::ModuleHost;

namespace {

using namespace host_test;

std::unique_ptr<ModuleHost> makeHost(int timeoutMs = 5000) {
  HostOptions o;
  o.moduleDirs = {TEST_MODULES_DIR};
  o.persistencePath = persistence().path().toStdString();
  o.policy = logos::host::AccessPolicy::enforcing();
  o.defaultCallTimeoutMs = timeoutMs;
  return std::make_unique<ModuleHost>(o);
}

// Collects every answer of one call: a call must answer exactly once.
struct Answers {
  std::vector<Json> got;
  ModuleHost::Done sink() {
    return [this](Json r) { got.push_back(std::move(r)); };
  }
};


Json counters(ModuleHost& host, const std::string& module = "test_echo") {
  return call(host, module, "async_counters", Json::array())["result"];
}


}  // namespace

class TstAsyncCalls : public QObject {
  Q_OBJECT

 private slots:
  // A second call to the same module is answered while the first waits, and the first still
  // answers afterwards with its own result.
  void secondCallIsServedWhileTheFirstWaits() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_echo")));
    Answers slow;
    host->call("test_echo", "wait_async", Json::array({800}), 0, slow.sink());
    QElapsedTimer t;
    t.start();
    Json fast = call(*host, "test_echo", "echo", Json::array({7}));
    QVERIFY2(logos::isOk(fast), fast.dump().c_str());
    QVERIFY2(t.elapsed() < 500, "the module did not serve a call while another was in flight");
    QVERIFY(slow.got.empty());
    QTRY_COMPARE_WITH_TIMEOUT(slow.got.size(), std::size_t(1), 3000);
    QVERIFY2(logos::isOk(slow.got[0]), slow.got[0].dump().c_str());
    QCOMPARE(slow.got[0]["result"]["waited_ms"].get<int>(), 800);
  }

  // Two waits finish in the order of their deadlines, not in the reverse order of their start
  // (which is what a nested event loop per call would impose).
  void shorterWaitStartedLaterAnswersFirst() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_echo")));
    std::vector<int> order;
    host->call("test_echo", "wait_async", Json::array({200}), 0, [&](Json) { order.push_back(200); });
    host->call("test_echo", "wait_async", Json::array({900}), 0, [&](Json) { order.push_back(900); });
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), std::size_t(2), 3000);
    QCOMPARE(order, (std::vector<int>{200, 900}));
  }

  void timeoutAnswersOnceAndCancelsTheOperation() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_echo")));
    Answers a;
    host->call("test_echo", "wait_async", Json::array({600}), 150, a.sink());
    QTRY_COMPARE_WITH_TIMEOUT(a.got.size(), std::size_t(1), 2000);
    QCOMPARE(code(a.got[0]), QStringLiteral("TIMEOUT"));
    QTest::qWait(700);  // past the operation's own timer
    QCOMPARE(a.got.size(), std::size_t(1));
    Json c = counters(*host);
    QCOMPARE(c["cancelled"].get<int>(), 1);
    QCOMPARE(c["answered"].get<int>(), 0);
  }

  void cancelledClientCallNeverAnswersAndReachesTheModule() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_echo")));
    Answers a;
    const std::uint64_t id = host->call("test_echo", "wait_async", Json::array({400}), 0, a.sink());
    QVERIFY(id != 0);
    host->cancelCall(id);
    QTRY_COMPARE_WITH_TIMEOUT(counters(*host)["cancelled"].get<int>(), 1, 2000);
    QTest::qWait(500);
    QVERIFY(a.got.empty());
    QCOMPARE(counters(*host)["answered"].get<int>(), 0);
  }

  void moduleCallTimeoutCancelsTheCallee() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_caller")));
    Json r = call(*host, "test_caller", "call_then_answer", Json::array({"test_echo", "wait_async", Json{{"ms", 600}}, 150}));
    QVERIFY2(logos::isOk(r), r.dump().c_str());
    QCOMPARE(QString::fromStdString(r["result"]["answer"]["code"].get<std::string>()), QStringLiteral("TIMEOUT"));
    QTRY_COMPARE_WITH_TIMEOUT(counters(*host)["cancelled"].get<int>(), 1, 2000);
    r = call(*host, "test_caller", "call_then_answer", Json::array({"test_echo", "wait_async", Json{{"ms", 50}}}));
    QCOMPARE(r["result"]["answer"]["waited_ms"].get<int>(), 50);
  }

  // Unloading a module with an operation in flight answers its caller at once (the module's
  // MODULE_NOT_LOADED from shutdown) and runs shutdown as a job of its own; the host stays usable.
  void unloadWhileWaitingAnswersTheCaller() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_echo")));
    Answers a;
    host->call("test_echo", "wait_async", Json::array({3000}), 0, a.sink());
    QTest::qWait(50);
    QElapsedTimer t;
    t.start();
    QVERIFY(logos::isOk(host->unloadModule("test_echo")));
    QTRY_COMPARE_WITH_TIMEOUT(a.got.size(), std::size_t(1), 1000);
    QVERIFY(t.elapsed() < 1000);
    // ModuleBase::shutdown answered the open call itself; its answer reaches the client.
    QCOMPARE(code(a.got[0]), QStringLiteral("METHOD_FAILED"));
    QCOMPARE(code(a.got[0]["error"]), QStringLiteral("MODULE_NOT_LOADED"));
    QTest::qWait(100);
    QCOMPARE(a.got.size(), std::size_t(1));
    QVERIFY(logos::isOk(load(*host, "test_echo")));
    QVERIFY(logos::isOk(call(*host, "test_echo", "echo", Json::array({1}))));
  }

  void exceptionBeforeTheReplyIsMethodFailedOnce() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_echo")));
    Answers a;
    host->call("test_echo", "throw_async", Json::array(), 0, a.sink());
    QTRY_COMPARE_WITH_TIMEOUT(a.got.size(), std::size_t(1), 2000);
    QCOMPARE(code(a.got[0]), QStringLiteral("METHOD_FAILED"));
    QVERIFY(a.got[0]["error"]["message"].get<std::string>().find("async boom") != std::string::npos);
  }

  // logos-core.md §18: a bare value is the CLI envelope's result itself, whatever its shape.
  void bareValueIsTheResult_data() {
    QTest::addColumn<QString>("value");
    QTest::newRow("string") << R"("test_echo")";
    QTest::newRow("number") << "18446744073709551615";
    QTest::newRow("null") << "null";
    QTest::newRow("list") << R"([1,"a",{"b":null}])";
    QTest::newRow("status key is data") << R"({"status":"error","code":"X"})";
    QTest::newRow("success false is data") << R"({"success":false,"value":null,"error":"deliberate error for testing"})";
  }
  void bareValueIsTheResult() {
    QFETCH(QString, value);
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_echo")));
    const Json v = Json::parse(value.toStdString());
    Json r = call(*host, "test_echo", "bare", Json::array({v}));
    QVERIFY2(logos::isOk(r), r.dump().c_str());
    QCOMPARE(r["result"], v);
  }

  void replyCompletesOnceAndCountsTheRest() {
    std::vector<Json> got;
    logos::sdk::Reply reply([&](Json e) { got.push_back(std::move(e)); }, "op");
    bool cancelHook = false;
    reply.onCancel([&] { cancelHook = true; });
    const std::size_t before = logos::sdk::Reply::extraCompletions();
    reply.ok(Json{{"a", 1}});
    reply.fail("X", "late");
    reply.cancel();
    QCOMPARE(got.size(), std::size_t(1));
    QVERIFY(logos::isOk(got[0]));
    QVERIFY(!cancelHook);
    QVERIFY(!reply.cancelled());
    QCOMPARE(logos::sdk::Reply::extraCompletions(), before + 1);  // the fail; cancel after an answer is a no-op

    std::vector<Json> got2;
    logos::sdk::Reply r2([&](Json e) { got2.push_back(std::move(e)); }, "op");
    r2.onCancel([&] { cancelHook = true; });
    r2.cancel();
    r2.ok();
    QVERIFY(cancelHook);
    QCOMPARE(got2.size(), std::size_t(1));
    QCOMPARE(got2[0]["code"].get<std::string>(), std::string("CANCELLED"));
    QVERIFY(r2.cancelled() && r2.done());
  }
};

QTEST_GUILESS_MAIN(TstAsyncCalls)
#include "tst_async_calls.moc"
