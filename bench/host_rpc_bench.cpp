// Benchmark: client-to-daemon call round trips and module-to-module call throughput.
// Starts a real `logoscore -D` on the test modules in a temporary directory, then:
//  1. N sequential `call test_echo echo <i>` over the client socket (one connection, the same
//     path the CLI takes minus process start-up): calls/s, p50/p99 latency;
//  2. test_caller.bench_calls: N synchronous module-to-module calls inside the daemon;
//  3. the daemon's resident memory after the run.
// Usage: bench_host_rpc [N=10000]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "logos/envelope.h"
#include "logos/host/daemon_files.h"
#include "logos/host/rpc_client.h"

using logos::Json;

namespace {

long rssKb(qint64 pid) {
  QFile f(QStringLiteral("/proc/%1/status").arg(pid));
  if (!f.open(QIODevice::ReadOnly)) return -1;
  for (const QByteArray& line : f.readAll().split('\n')) {
    if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').first().toLong();
  }
  return -1;
}

double pct(const std::vector<double>& sorted, double q) {
  return sorted.empty() ? 0 : sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10000;
  QTemporaryDir tmp(QStringLiteral("/tmp/lzpbench-XXXXXX"));
  const std::string config = tmp.path().toStdString() + "/c";
  QProcess daemon;
  daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
  daemon.start(QStringLiteral(LOGOSCORE_BIN),
               {"-D", "-m", TEST_MODULES_DIR, "--config-dir", QString::fromStdString(config), "--persistence-path",
                tmp.path() + "/p"});
  logos::host::DaemonPaths paths{config};
  for (int i = 0; i < 500 && !QFile::exists(QString::fromStdString(paths.statePath())); ++i) QThread::msleep(10);
  logos::host::RpcClient client;
  if (!client.connect(paths.socketPath()).ok()) {
    std::fprintf(stderr, "bench: daemon did not start\n");
    return 1;
  }
  const std::string token = logos::host::clientToken(paths).value();
  auto loaded = client.request(token, "load_module", Json{{"module", "test_caller"}}, 10000);
  if (!loaded.ok() || !logos::isOk(loaded.value())) {
    std::fprintf(stderr, "bench: load failed\n");
    return 1;
  }

  // 1. client -> daemon round trips
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(n));
  QElapsedTimer total;
  total.start();
  for (int i = 0; i < n; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = client.request(token, "call", Json{{"module", "test_echo"}, {"method", "echo"}, {"args", Json::array({i})}}, 10000);
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    if (!r.ok() || !logos::isOk(r.value())) {
      std::fprintf(stderr, "bench: call %d failed\n", i);
      return 1;
    }
  }
  const double seconds = static_cast<double>(total.nsecsElapsed()) / 1e9;
  std::sort(us.begin(), us.end());
  std::printf("client->daemon call round trips: %d calls in %.3f s = %.0f calls/s, p50 %.1f us, p99 %.1f us\n", n, seconds,
              n / seconds, pct(us, 0.50), pct(us, 0.99));

  // 2. module -> module synchronous calls inside the daemon
  auto m2m = client.request(token, "call",
                            Json{{"module", "test_caller"}, {"method", "bench_calls"}, {"args", Json::array({"test_echo", n})}},
                            120000);
  if (!m2m.ok() || !logos::isOk(m2m.value())) {
    std::fprintf(stderr, "bench: bench_calls failed\n");
    return 1;
  }
  const Json& r = m2m.value()["result"];
  std::printf("module->module sync calls: %d calls = %.0f calls/s, p50 %.1f us, p99 %.1f us\n", n,
              r["calls_per_sec"].get<double>(), r["p50_us"].get<double>(), r["p99_us"].get<double>());
  std::printf("daemon resident memory after the run: %ld KiB\n", rssKb(daemon.processId()));

  client.request(token, "stop", Json::object(), 10000);
  daemon.waitForFinished(10000);
  return 0;
}
