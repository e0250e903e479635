#pragma once
// Test-only module behaviour shared by every plugin under tests/plugins. Each plugin differs
// only in its metadata.json (name, dependencies) and constructor flags. Operations exercise
// every path of the host: typed arguments, slow work, exceptions, malformed output, events,
// sync and async module-to-module calls, asynchronous operations (answered later, timed out,
// cancelled, cut short by unload), bare-value answers, and a call loop for the benchmark.

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "lezpay/util/hex.h"
#include "logos/envelope.h"
#include "logos/sdk/module_base.h"

namespace logos::testing {

class TestModule : public sdk::ModuleBase {
 public:
  explicit TestModule(std::string name, bool failInit = false) : ModuleBase(std::move(name), "1.0.0"), failInit_(failInit) {
    using PT = ParamType;
    addEvent({"echoed", "emitted by the emit operation", {"payload"}});
    addEvent({"asyncResult", "answer of a call_async", {"answer"}});
    addEvent({"relayed", "an event received through subscribe", {"module", "event", "args"}});

    addOperation({"echo", "Answers the value it was given.", {{"value", PT::Any, true, nullptr, "any JSON value"}},
                  Json{{"value", 1}}, Json{{"value", 1}}},
                 [](const sdk::Args& a) { return okEnvelope(Json{{"value", a.value("value")}}); });
    addOperation({"add", "Adds two signed integers.",
                  {{"a", PT::I64, true, nullptr, "first"}, {"b", PT::I64, true, nullptr, "second"}},
                  Json{{"sum", 3}}, Json{{"a", 1}, {"b", 2}}},
                 [](const sdk::Args& a) {
                   std::int64_t sum = 0;
                   if (__builtin_add_overflow(a.i64("a"), a.i64("b"), &sum)) {
                     return errorEnvelope("ARITHMETIC_OVERFLOW", "a + b does not fit a signed 64-bit integer");
                   }
                   return okEnvelope(Json{{"sum", sum}});
                 });
    addOperation({"types", "Echoes the given parameters as its typed accessors read them (argument typing tests).",
                  {{"s", PT::String, true, nullptr, "a string"},
                   {"n", PT::U64, false, nullptr, "an unsigned 64-bit integer"},
                   {"amount", PT::U128, false, nullptr, "a u128 amount"},
                   {"flag", PT::Bool, false, false, "a boolean"},
                   {"obj", PT::Object, false, nullptr, "an object"},
                   {"id", PT::Hex32, false, nullptr, "32 bytes of hex"}},
                  Json::object(), Json{{"s", "x"}}},
                 [](const sdk::Args& a) { return okEnvelope(Json{{"params", typedEcho(a)}}); });
    addOperation({"sleep", "Blocks this module's thread for ms milliseconds.", {{"ms", PT::U64, true, nullptr, "milliseconds"}},
                  Json{{"slept_ms", 10}}, Json{{"ms", 10}}},
                 [](const sdk::Args& a) {
                   std::this_thread::sleep_for(std::chrono::milliseconds(a.u64("ms")));
                   return okEnvelope(Json{{"slept_ms", a.u64("ms")}});
                 });
    addOperation({"throw", "Throws an exception.", {}, Json::object(), Json::object()},
                 [](const sdk::Args&) -> Json { throw std::runtime_error("boom"); });
    addOperation({"bad_output", "Answers something that is not an envelope.", {}, Json::object(), Json::object()},
                 [](const sdk::Args&) { return Json::array({1, 2, 3}); });
    addOperation({"fail", "Answers a domain error.", {{"code", PT::String, false, "TEST_FAILURE", "error code"}},
                  Json::object(), Json::object()},
                 [](const sdk::Args& a) { return errorEnvelope(a.str("code"), "failed on request"); });
    addOperation({"emit", "Emits an event with one payload argument.",
                  {{"event", PT::String, false, "echoed", "event name"}, {"payload", PT::Any, false, nullptr, "payload"}},
                  Json{{"emitted", true}}, Json{{"payload", 1}}},
                 [this](const sdk::Args& a) {
                   emitEvent(a.str("event"), Json::array({a.value("payload")}));
                   return okEnvelope(Json{{"emitted", true}});
                 });
    addOperation({"call", "Calls another module synchronously and reports its answer.", callParams(),
                  Json{{"answer", Json::object()}}, Json{{"target", "test_echo"}, {"operation", "echo"}}},
                 [this](const sdk::Args& a) {
                   Json answer = context()->callSync(a.str("target"), a.str("operation"), a.value("params"),
                                                     static_cast<int>(a.u64("timeout_ms")));
                   return okEnvelope(Json{{"answer", answer}});
                 });
    addOperation({"call_async", "Calls another module asynchronously; the answer comes as event asyncResult.", callParams(),
                  Json{{"queued", true}}, Json{{"target", "test_echo"}, {"operation", "echo"}}},
                 [this](const sdk::Args& a) {
                   context()->callAsync(a.str("target"), a.str("operation"), a.value("params"), static_cast<int>(a.u64("timeout_ms")),
                                        [this](const Json& answer) { emitEvent("asyncResult", Json::array({answer})); });
                   return okEnvelope(Json{{"queued", true}});
                 });
    addOperation({"subscribe", "Subscribes to another module's events and re-emits them as relayed.",
                  {{"target", PT::String, true, nullptr, "module"}, {"event", PT::String, false, "", "event name, empty = all"}},
                  Json{{"subscribed", true}}, Json{{"target", "test_echo"}}},
                 [this](const sdk::Args& a) {
                   bool ok = context()->subscribe(a.str("target"), a.str("event"),
                                                  [this](const std::string& m, const std::string& e, const Json& args) {
                                                    emitEvent("relayed", Json::array({m, e, args}));
                                                  });
                   return okEnvelope(Json{{"subscribed", ok}});
                 });
    addOperation({"persistence", "Reports the context's identity and persistence directory.", {},
                  Json{{"path", "/tmp/x"}}, Json::object()},
                 [this](const sdk::Args&) {
                   return okEnvelope(Json{{"path", context()->persistencePath()}, {"instance_id", context()->instanceId()},
                                          {"module", context()->moduleName()}, {"module_path", context()->modulePath()}});
                 });
    addAsyncOperation({"wait_async", "Answers after ms milliseconds from a timer; the module serves other calls meanwhile.",
                       {{"ms", PT::U64, true, nullptr, "milliseconds"}}, Json{{"waited_ms", 10}}, Json{{"ms", 10}}},
                      [this](const sdk::Args& a, sdk::Reply reply) { waitAsync(a.u64("ms"), std::move(reply)); });
    addAsyncOperation({"call_then_answer", "Calls another module with callAsync and answers with its envelope.", callParams(),
                       Json{{"answer", Json::object()}}, Json{{"target", "test_echo"}, {"operation", "echo"}}},
                      [this](const sdk::Args& a, sdk::Reply reply) {
                        context()->callAsync(a.str("target"), a.str("operation"), a.value("params"),
                                             static_cast<int>(a.u64("timeout_ms")),
                                             [reply](const Json& answer) { reply.ok(Json{{"answer", answer}}); });
                      });
    addAsyncOperation({"bare", "Answers the value it was given as the bare result (not an object with status).",
                       {{"value", PT::Any, true, nullptr, "any JSON value"}}, Json("x"), Json{{"value", "x"}}},
                      [](const sdk::Args& a, sdk::Reply reply) { reply.value(a.value("value")); });
    addAsyncOperation({"throw_async", "Throws before answering its reply.", {}, Json::object(), Json::object()},
                      [](const sdk::Args&, sdk::Reply) { throw std::runtime_error("async boom"); });
    addOperation({"async_counters", "wait_async calls started, answered and cancelled so far.", {},
                  Json{{"started", 0}, {"answered", 0}, {"cancelled", 0}}, Json::object()},
                 [this](const sdk::Args&) {
                   return okEnvelope(Json{{"started", started_}, {"answered", answered_}, {"cancelled", cancelled_}});
                 });
    addOperation({"bench_calls", "Makes count synchronous calls to target.echo and reports throughput and latency.",
                  {{"target", PT::String, true, nullptr, "module to call"}, {"count", PT::U64, false, 10000, "number of calls"}},
                  Json{{"calls_per_sec", 1}}, Json{{"target", "test_echo"}, {"count", 100}}},
                 [this](const sdk::Args& a) { return benchCalls(a.str("target"), a.u64("count")); });
  }

 protected:
  Json onInit() override {
    if (failInit_) return errorEnvelope("INIT_REFUSED", "this test module always refuses to start");
    timers_ = std::make_unique<QObject>();  // on the module's thread: parent of wait_async timers
    return okEnvelope();
  }
  void onShutdown() override { timers_.reset(); }

 private:
  void waitAsync(std::uint64_t ms, sdk::Reply reply) {
    ++started_;
    QPointer<QTimer> timer = new QTimer(timers_.get());
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, timer, [this, reply, ms, timer]() {
      ++answered_;
      reply.ok(Json{{"waited_ms", ms}});
      timer->deleteLater();
    });
    reply.onCancel([this, timer] {
      ++cancelled_;
      if (timer) timer->deleteLater();
    });
    timer->start(static_cast<int>(ms));
  }

  // Each given parameter of `types` in the form its accessor reads it: u128 as decimal text,
  // hex32 as lowercase hex.
  static Json typedEcho(const sdk::Args& a) {
    Json out = Json::object();
    out["s"] = a.str("s");
    if (a.has("n")) out["n"] = a.u64("n");
    if (a.has("amount")) out["amount"] = a.u128("amount").toDecimal();
    out["flag"] = a.boolean("flag");
    if (a.has("obj")) out["obj"] = a.value("obj");
    if (a.has("id")) out["id"] = lezpay::util::toHex(a.hex32("id"));
    return out;
  }

  static std::vector<ParamSpec> callParams() {
    using PT = ParamType;
    return {{"target", PT::String, true, nullptr, "module to call"},
            {"operation", PT::String, true, nullptr, "operation to run"},
            {"params", PT::Object, false, Json::object(), "its parameters"},
            {"timeout_ms", PT::U64, false, 5000, "timeout"}};
  }

  Json benchCalls(const std::string& target, std::uint64_t count) {
    using Clock = std::chrono::steady_clock;
    std::vector<std::int64_t> ns;
    ns.reserve(count);
    const auto start = Clock::now();
    for (std::uint64_t i = 0; i < count; ++i) {
      const auto t0 = Clock::now();
      Json answer = context()->callSync(target, "echo", Json{{"value", static_cast<std::int64_t>(i)}}, 5000);
      ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
      if (!isOk(answer)) return errorEnvelope("BENCH_FAILED", answer.dump());
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(ns.begin(), ns.end());
    auto pct = [&](double q) { return ns.empty() ? 0 : ns[static_cast<std::size_t>(q * static_cast<double>(ns.size() - 1))]; };
    return okEnvelope(Json{{"count", count},
                           {"seconds", seconds},
                           {"calls_per_sec", seconds > 0 ? static_cast<double>(count) / seconds : 0.0},
                           {"p50_us", static_cast<double>(pct(0.50)) / 1000.0},
                           {"p99_us", static_cast<double>(pct(0.99)) / 1000.0}});
  }

  bool failInit_;
  std::unique_ptr<QObject> timers_;
  int started_ = 0;
  int answered_ = 0;
  int cancelled_ = 0;
};

}  // namespace logos::testing

// Declares a test plugin class <Class> for module <name> whose metadata.json sits beside the
// including source file.
#define LOGOS_TEST_PLUGIN_BODY(Class, moduleName, failInit)                    \
 public:                                                                       \
  Class() : logos::testing::TestModule(moduleName, failInit) {}
