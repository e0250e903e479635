// Benchmark: client round trips over the daemon's three transports in one run (logos-core.md §15).
// Starts a real `logoscore -D` on the test modules with a TCP and a TLS listener (a self-signed
// certificate made with the `openssl` command), then for the Unix socket, TCP and TLS:
//  1. N sequential `status` requests over one persistent connection: round trips/s, p50/p99;
//  2. M one-shot connections (dial, incl. the TLS handshake with peer verification against the
//     certificate, one `status`, close), the path one CLI invocation takes minus process start-up.
// Prints a table and the TCP/Unix and TLS/Unix ratios.
// Usage: bench_host_transports [N=5000] [M=200]
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/json_parse.h"
#include "logos/envelope.h"
#include "logos/host/daemon_files.h"
#include "logos/host/rpc_client.h"

using logos::Json;
using logos::host::ClientEndpoint;

namespace {

double pct(const std::vector<double>& sorted, double q) {
  return sorted.empty() ? 0 : sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

double microsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
}

struct Figures {
  double perSecond = 0, p50 = 0, p99 = 0;
};

Figures summarise(std::vector<double> us, double seconds) {
  std::sort(us.begin(), us.end());
  return Figures{static_cast<double>(us.size()) / seconds, pct(us, 0.50), pct(us, 0.99)};
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5000;
  const int m = argc > 2 ? std::max(1, std::atoi(argv[2])) : 200;
  QTemporaryDir tmp(QStringLiteral("/tmp/lzpbench-XXXXXX"));
  const QString cert = tmp.path() + "/cert.pem";
  const QString key = tmp.path() + "/key.pem";
  QProcess openssl;
  openssl.start(QStringLiteral("openssl"), {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days",
                                            "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"});
  if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
    std::fprintf(stderr, "bench: openssl could not make a certificate\n");
    return 1;
  }
  const std::string config = tmp.path().toStdString() + "/c";
  QProcess daemon;
  daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
  daemon.start(QStringLiteral(LOGOSCORE_BIN),
               {"-D", "-m", TEST_MODULES_DIR, "--config-dir", QString::fromStdString(config), "--persistence-path",
                tmp.path() + "/p", "--module-transport", "core_service=tcp,port=0", "--module-transport",
                "core_service=tcp_ssl,port=0,cert=" + cert + ",key=" + key});
  logos::host::DaemonPaths paths{config};
  for (int i = 0; i < 1500 && !QFile::exists(QString::fromStdString(paths.statePath())); ++i) QThread::msleep(10);
  auto stateText = lezpay::fileio::readFile(paths.statePath());
  if (!stateText.ok()) {
    std::fprintf(stderr, "bench: daemon did not start\n");
    return 1;
  }
  const Json state = lezpay::util::parseJson(stateText.value()).value();
  const Json& transports = state["resolved"]["modules"]["core_service"]["transports"];
  ClientEndpoint local, tcp, tls;
  for (const Json& t : transports) {
    ClientEndpoint* e = t["protocol"] == "tcp" ? &tcp : t["protocol"] == "tcp_ssl" ? &tls : nullptr;
    if (e == nullptr) continue;
    e->transport = t["protocol"].get<std::string>();
    e->host = t["host"].get<std::string>();
    e->port = t["port"].get<int>();
  }
  tls.ca = cert.toStdString();
  const std::string token = logos::host::clientToken(paths).value();

  struct Row {
    const char* name;
    ClientEndpoint endpoint;
    Figures persistent, oneShot;
  };
  std::vector<Row> rows{{"unix", local, {}, {}}, {"tcp", tcp, {}, {}}, {"tls", tls, {}, {}}};
  for (Row& row : rows) {
    logos::host::RpcClient client;
    auto dialed = client.dial(row.endpoint, paths.socketPath());
    if (!dialed.ok()) {
      std::fprintf(stderr, "bench: %s: %s\n", row.name, dialed.error().message.c_str());
      return 1;
    }
    for (int i = 0; i < 50; ++i) (void)client.request(token, "status", Json::object(), 10000);  // warm-up
    std::vector<double> us;
    us.reserve(static_cast<std::size_t>(n));
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      auto r = client.request(token, "status", Json::object(), 10000);
      us.push_back(microsSince(t0));
      if (!r.ok() || !logos::isOk(r.value())) {
        std::fprintf(stderr, "bench: %s: status %d failed\n", row.name, i);
        return 1;
      }
    }
    row.persistent = summarise(us, microsSince(start) / 1e6);
    us.clear();
    const auto startOneShot = std::chrono::steady_clock::now();
    for (int i = 0; i < m; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      logos::host::RpcClient once;
      auto d = once.dial(row.endpoint, paths.socketPath());
      auto r = d.ok() ? once.request(token, "status", Json::object(), 10000) : lezpay::util::Result<Json>(d.error());
      once.close();
      us.push_back(microsSince(t0));
      if (!r.ok()) {
        std::fprintf(stderr, "bench: %s: one-shot %d failed: %s\n", row.name, i, r.error().message.c_str());
        return 1;
      }
    }
    row.oneShot = summarise(us, microsSince(startOneShot) / 1e6);
  }

  std::printf("client round trips (`status`), %d per persistent connection, %d one-shot connections\n", n, m);
  std::printf("%-6s | %12s %10s %10s | %12s %10s %10s\n", "", "persistent/s", "p50 us", "p99 us", "one-shot/s", "p50 us",
              "p99 us");
  for (const Row& r : rows) {
    std::printf("%-6s | %12.0f %10.1f %10.1f | %12.0f %10.1f %10.1f\n", r.name, r.persistent.perSecond, r.persistent.p50,
                r.persistent.p99, r.oneShot.perSecond, r.oneShot.p50, r.oneShot.p99);
  }
  const Row& u = rows[0];
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const Row& r = rows[i];
    std::printf("%s/unix: persistent throughput x%.2f, p50 x%.2f; one-shot throughput x%.2f, p50 x%.2f\n", r.name,
                r.persistent.perSecond / u.persistent.perSecond, r.persistent.p50 / u.persistent.p50,
                r.oneShot.perSecond / u.oneShot.perSecond, r.oneShot.p50 / u.oneShot.p50);
  }
  logos::host::RpcClient stopper;
  if (stopper.connect(paths.socketPath()).ok()) (void)stopper.request(token, "stop", Json::object(), 10000);
  daemon.waitForFinished(10000);
  return 0;
}
