// Benchmark caller 'bench_ipc_caller': times module-to-module round trips to <target>.echo from
// inside a module, the way one module calls another (module_ipc_bench.cpp). Each latency runs from
// the call to its answer on the caller's thread; figures are in microseconds.
#include <QObject>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "logos/envelope.h"
#include "logos/sdk/module_base.h"

namespace {

using logos::Json;
using Clock = std::chrono::steady_clock;

Json figures(std::vector<std::int64_t> ns, double seconds) {
  std::sort(ns.begin(), ns.end());
  auto pct = [&](double q) {
    return ns.empty() ? 0.0 : static_cast<double>(ns[static_cast<std::size_t>(q * static_cast<double>(ns.size() - 1))]) / 1000.0;
  };
  return Json{{"count", ns.size()},
              {"seconds", seconds},
              {"calls_per_sec", seconds > 0 ? static_cast<double>(ns.size()) / seconds : 0.0},
              {"p50_us", pct(0.50)},
              {"p99_us", pct(0.99)}};
}

// One run of `count` callAsync round trips with at most `inflight` outstanding; answers `reply`
// when the last one is back (or with the first error).
struct AsyncRun {
  logos::ModuleContext* context;
  std::string target;
  std::uint64_t count;
  std::uint64_t issued = 0;
  std::uint64_t answered = 0;
  bool failed = false;
  std::vector<std::int64_t> ns;
  Clock::time_point start;
  logos::sdk::Reply reply;
};

void issue(const std::shared_ptr<AsyncRun>& run) {
  const auto t0 = Clock::now();
  const auto i = static_cast<std::int64_t>(run->issued++);
  run->context->callAsync(run->target, "echo", Json{{"value", i}}, 5000, [run, t0](const Json& answer) {
    if (run->failed) return;
    run->ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
    if (!logos::isOk(answer)) {
      run->failed = true;
      run->reply.fail("BENCH_CALL_FAILED", answer.dump());
      return;
    }
    if (++run->answered == run->count) {
      run->reply.ok(figures(std::move(run->ns), std::chrono::duration<double>(Clock::now() - run->start).count()));
      return;
    }
    if (run->issued < run->count) issue(run);
  });
}

}  // namespace

class BenchIpcCallerPlugin : public QObject, public logos::sdk::ModuleBase {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  BenchIpcCallerPlugin() : ModuleBase("bench_ipc_caller", "1.0.0") {
    using PT = logos::ParamType;
    declareErrors({{"BENCH_CALL_FAILED", "A timed call did not answer ok; the message holds its answer.",
                    "Read the answer in the message; the run stops at the first failure."}});
    const Json example{{"count", 1000}, {"seconds", 0.1}, {"calls_per_sec", 10000.0}, {"p50_us", 90.0}, {"p99_us", 200.0}};
    addOperation({"sync_calls", "Makes count callSync round trips to target.echo, one at a time.",
                  {{"target", PT::String, true, nullptr, "module to call"}, {"count", PT::U64, false, 1000, "number of calls"}},
                  example, Json{{"target", "bench_ipc_echo"}, {"count", 100}}},
                 [this](const logos::sdk::Args& a) { return syncCalls(a.str("target"), a.u64("count")); });
    addAsyncOperation({"async_calls", "Makes count callAsync round trips to target.echo, inflight of them outstanding at a time.",
                       {{"target", PT::String, true, nullptr, "module to call"},
                        {"count", PT::U64, false, 1000, "number of calls"},
                        {"inflight", PT::U64, false, 1, "calls outstanding at once (at least 1)"}},
                       example, Json{{"target", "bench_ipc_echo"}, {"count", 100}, {"inflight", 8}}},
                      [this](const logos::sdk::Args& a, logos::sdk::Reply reply) {
                        auto run = std::make_shared<AsyncRun>(AsyncRun{context(), a.str("target"), std::max<std::uint64_t>(1, a.u64("count")),
                                                                       0, 0, false, {}, Clock::now(), std::move(reply)});
                        run->ns.reserve(run->count);
                        const std::uint64_t first = std::clamp<std::uint64_t>(a.u64("inflight"), 1, run->count);
                        for (std::uint64_t k = 0; k < first; ++k) issue(run);
                      });
  }

 private:
  Json syncCalls(const std::string& target, std::uint64_t count) {
    std::vector<std::int64_t> ns;
    ns.reserve(count);
    const auto start = Clock::now();
    for (std::uint64_t i = 0; i < count; ++i) {
      const auto t0 = Clock::now();
      Json answer = context()->callSync(target, "echo", Json{{"value", static_cast<std::int64_t>(i)}}, 5000);
      ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
      if (!logos::isOk(answer)) return logos::errorEnvelope("BENCH_CALL_FAILED", answer.dump());
    }
    return logos::okEnvelope(figures(std::move(ns), std::chrono::duration<double>(Clock::now() - start).count()));
  }
};

#include "bench_ipc_caller.moc"
