// Benchmark: module-to-module call round trips in process, out of process (logos-module-host),
// and over Qt Remote Objects (upstream Logos Core's IPC), in one run of one program.
//
//  (a) in process: `logoscore -D --in-process` on bench_ipc_caller + bench_ipc_echo; the caller
//      module times its own calls to bench_ipc_echo.echo (callSync one at a time, callAsync one
//      in flight, callAsync K in flight);
//  (b) out of process: the same daemon and modules in the default mode, each module in its own
//      logos-module-host child: caller child -> daemon -> echo child and back;
//  (c) QtRO: this program started again as a source process (QRemoteObjectHost on a "local:"
//      URL, one object with upstream's slot `QVariant callRemoteMethod(QString authToken,
//      QString method, QVariantList args)`), called through a dynamic replica the way upstream's
//      LogosAPIClient calls it (QMetaObject::invokeMethod -> QRemoteObjectPendingCall), one at a
//      time with waitForFinished, and with 1 and K in flight through QRemoteObjectPendingCallWatcher;
//  and, to split (b) into its parts, client -> daemon -> bench_ipc_echo round trips in both modes
//      (the client socket plus, out of process, one daemon <-> child socket pair).
// Each case runs a warm-up of min(N, 500) calls first. Prints figures, asserts nothing.
// Usage: module_ipc_bench [N=5000] [K=8]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRemoteObjectDynamicReplica>
#include <QRemoteObjectHost>
#include <QRemoteObjectNode>
#include <QRemoteObjectPendingCall>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "logos/envelope.h"
#include "logos/host/daemon_files.h"
#include "logos/host/rpc_client.h"

using logos::Json;
using Clock = std::chrono::steady_clock;

namespace {

struct Figures {
  double p50 = 0, p99 = 0, perSec = 0;
};

Figures figuresOf(std::vector<double> us, double seconds) {
  std::sort(us.begin(), us.end());
  auto pct = [&](double q) { return us.empty() ? 0 : us[static_cast<std::size_t>(q * static_cast<double>(us.size() - 1))]; };
  return {pct(0.50), pct(0.99), seconds > 0 ? static_cast<double>(us.size()) / seconds : 0};
}

long rssKb(long pid) {
  QFile f(QStringLiteral("/proc/%1/status").arg(pid));
  if (!f.open(QIODevice::ReadOnly)) return -1;
  for (const QByteArray& line : f.readAll().split('\n')) {
    if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').first().toLong();
  }
  return -1;
}

void row(const char* label, const Figures& f) {
  std::printf("  %-44s %9.1f %9.1f %11.0f\n", label, f.p50, f.p99, f.perSec);
  std::fflush(stdout);
}

// ---- QtRO source: the callee process of case (c) ----

class BenchSource : public QObject {
  Q_OBJECT
 public slots:
  // Upstream's generic entry point of a module object; answers the first argument.
  QVariant callRemoteMethod(const QString& authToken, const QString& methodName, const QVariantList& args) {
    Q_UNUSED(authToken);
    Q_UNUSED(methodName);
    return args.value(0);
  }
};

int runQtroSource(const QString& url) {
  BenchSource source;
  QRemoteObjectHost host{QUrl(url)};
  if (!host.enableRemoting(&source, QStringLiteral("bench_ipc_echo"))) {
    std::fprintf(stderr, "qtro source: enableRemoting failed\n");
    return 1;
  }
  std::printf("ready\n");
  std::fflush(stdout);
  return QCoreApplication::exec();
}

// ---- QtRO replica side ----

class QtroCaller {
 public:
  explicit QtroCaller(QRemoteObjectDynamicReplica* replica) : replica_(replica) {}

  std::optional<QRemoteObjectPendingCall> call(int i) {
    QRemoteObjectPendingCall pending;
    const QVariantList args{QVariantMap{{QStringLiteral("value"), i}}};
    if (!QMetaObject::invokeMethod(replica_, "callRemoteMethod", Qt::DirectConnection, Q_RETURN_ARG(QRemoteObjectPendingCall, pending),
                                   Q_ARG(QString, QStringLiteral("token")), Q_ARG(QString, QStringLiteral("echo")), Q_ARG(QVariantList, args))) {
      return std::nullopt;
    }
    return pending;
  }

  // One call at a time, each waited for as upstream's LogosAPIClient waits (waitForFinished).
  std::optional<Figures> sequential(int n) {
    std::vector<double> us;
    us.reserve(static_cast<std::size_t>(n));
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
      const auto t0 = Clock::now();
      auto pending = call(i);
      if (!pending || !pending->waitForFinished(5000) || pending->error() != QRemoteObjectPendingCall::NoError ||
          pending->returnValue().toMap().value(QStringLiteral("value")).toInt() != i) {
        return std::nullopt;
      }
      us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    return figuresOf(std::move(us), std::chrono::duration<double>(Clock::now() - start).count());
  }

  // n calls with `inflight` outstanding at a time, answered on the event loop.
  std::optional<Figures> pipelined(int n, int inflight) {
    std::vector<double> us;
    us.reserve(static_cast<std::size_t>(n));
    int issued = 0;
    int answered = 0;
    bool failed = false;
    QEventLoop loop;
    std::function<void()> issue = [&] {
      const int i = issued++;
      const auto t0 = Clock::now();
      auto pending = call(i);
      if (!pending) {
        failed = true;
        loop.quit();
        return;
      }
      auto* watcher = new QRemoteObjectPendingCallWatcher(*pending);
      QObject::connect(watcher, &QRemoteObjectPendingCallWatcher::finished, watcher, [&, t0, i](QRemoteObjectPendingCallWatcher* w) {
        w->deleteLater();
        if (failed) return;
        us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        if (w->error() != QRemoteObjectPendingCall::NoError || w->returnValue().toMap().value(QStringLiteral("value")).toInt() != i) {
          failed = true;
          loop.quit();
          return;
        }
        if (++answered == n) {
          loop.quit();
          return;
        }
        if (issued < n) issue();
      });
    };
    const auto start = Clock::now();
    for (int k = 0; k < std::min(n, inflight); ++k) issue();
    QTimer::singleShot(120000, &loop, [&] {
      failed = true;
      loop.quit();
    });
    loop.exec();
    if (failed) return std::nullopt;
    return figuresOf(std::move(us), std::chrono::duration<double>(Clock::now() - start).count());
  }

 private:
  QRemoteObjectDynamicReplica* replica_;
};

bool runQtro(int n, int k, std::map<std::string, Figures>& out) {
  const QString url = QStringLiteral("local:lzp-ipcbench-%1").arg(QCoreApplication::applicationPid());
  QProcess source;
  source.setProcessChannelMode(QProcess::SeparateChannels);
  source.setReadChannel(QProcess::StandardOutput);
  source.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--qtro-source"), url});
  if (!source.waitForStarted(5000) || !source.waitForReadyRead(10000) || !source.readLine().startsWith("ready")) {
    std::fprintf(stderr, "bench: the QtRO source process did not start\n");
    return false;
  }
  bool ok = false;
  {
    QRemoteObjectNode node;
    if (node.connectToNode(QUrl(url))) {
      std::unique_ptr<QRemoteObjectDynamicReplica> replica(node.acquireDynamic(QStringLiteral("bench_ipc_echo")));
      if (replica && replica->waitForSource(10000)) {
        QtroCaller caller(replica.get());
        std::printf("  (QtRO source pid %lld, url %s)\n", static_cast<long long>(source.processId()), qPrintable(url));
        ok = caller.sequential(std::min(n, 500)).has_value();  // warm-up
        std::optional<Figures> f;
        if (ok && (f = caller.sequential(n))) out["qtro sync"] = *f;
        if (ok && (f = caller.pipelined(n, 1))) out["qtro async 1"] = *f;
        if (ok && (f = caller.pipelined(n, k))) out["qtro async k"] = *f;
        ok = ok && out.count("qtro async k") != 0 && out.count("qtro async 1") != 0 && out.count("qtro sync") != 0;
      }
    }
  }
  source.kill();
  source.waitForFinished(5000);
  if (!ok) std::fprintf(stderr, "bench: a QtRO round trip failed\n");
  return ok;
}

// ---- logoscore: cases (a) and (b) ----

std::optional<Figures> moduleFigures(logos::host::RpcClient& client, const std::string& token, const std::string& op, int n, int inflight) {
  Json params{{"target", "bench_ipc_echo"}, {"count", n}};
  if (op == "async_calls") params["inflight"] = inflight;
  auto r = client.request(token, "call", Json{{"module", "bench_ipc_caller"}, {"method", "chainAction"}, {"args", Json::array({op, params})}}, 600000);
  if (!r.ok() || !logos::isOk(r.value())) {
    std::fprintf(stderr, "bench: %s failed: %s\n", op.c_str(), r.ok() ? r.value().dump().c_str() : r.error().message.c_str());
    return std::nullopt;
  }
  const Json& f = r.value()["result"];
  return Figures{f["p50_us"].get<double>(), f["p99_us"].get<double>(), f["calls_per_sec"].get<double>()};
}

bool runDaemon(bool inProcess, int n, int k, std::map<std::string, Figures>& out) {
  const std::string mode = inProcess ? "in-process" : "process";
  QTemporaryDir tmp(QStringLiteral("/tmp/lzpipcbench-XXXXXX"));
  const std::string config = tmp.path().toStdString() + "/c";
  QProcess daemon;
  daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("LOGOSCORE_MODULE_MODE"), QString::fromStdString(mode));
  // The figures are for the shipped configuration: contract checks are a test-run option.
  env.remove(QStringLiteral("LEZPAY_CONTRACT_CHECKS"));
  daemon.setProcessEnvironment(env);
  daemon.start(QStringLiteral(LOGOSCORE_BIN), {"-D", "-m", BENCH_MODULES_DIR, "--config-dir", QString::fromStdString(config),
                                               "--persistence-path", tmp.path() + "/p"});
  logos::host::DaemonPaths paths{config};
  for (int i = 0; i < 500 && !QFile::exists(QString::fromStdString(paths.statePath())); ++i) QThread::msleep(10);
  logos::host::RpcClient client;
  if (!client.connect(paths.socketPath()).ok()) {
    std::fprintf(stderr, "bench: the %s daemon did not start\n", mode.c_str());
    return false;
  }
  const std::string token = logos::host::clientToken(paths).value();
  auto loaded = client.request(token, "load_module", Json{{"module", "bench_ipc_caller"}}, 30000);
  if (!loaded.ok() || !logos::isOk(loaded.value())) {
    std::fprintf(stderr, "bench: loading bench_ipc_caller failed (%s mode)\n", mode.c_str());
    return false;
  }
  auto listed = client.request(token, "list_modules", Json{{"loaded", true}}, 10000);
  long rss = rssKb(static_cast<long>(daemon.processId()));
  std::string where;
  if (listed.ok() && logos::isOk(listed.value())) {
    for (const Json& m : listed.value()["result"]) {
      const Json p = m.value("process", Json::object());
      const long pid = p.value("pid", 0L);
      where += " " + m.value("name", std::string()) + "=" + p.value("mode", std::string("?")) + (pid != 0 ? "(pid " + std::to_string(pid) + ")" : "");
      if (pid != 0) rss += rssKb(pid);
    }
  }
  std::printf("  (%s daemon pid %lld:%s)\n", mode.c_str(), static_cast<long long>(daemon.processId()), where.c_str());
  const std::string key = inProcess ? "in-process " : "out-of-process ";
  bool ok = moduleFigures(client, token, "sync_calls", std::min(n, 500), 1).has_value();  // warm-up
  // One client -> daemon -> bench_ipc_echo round trip: in process mode it crosses one
  // daemon <-> child socket pair, where a module-to-module call crosses two.
  if (ok) {
    std::vector<double> us;
    us.reserve(static_cast<std::size_t>(n));
    const auto start = Clock::now();
    for (int i = 0; i < n && ok; ++i) {
      const auto t0 = Clock::now();
      auto r = client.request(token, "call", Json{{"module", "bench_ipc_echo"}, {"method", "echo"}, {"args", Json::array({i})}}, 10000);
      us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      ok = r.ok() && logos::isOk(r.value());
    }
    if (ok) out[key + "client"] = figuresOf(std::move(us), std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::optional<Figures> f;
  if (ok && (f = moduleFigures(client, token, "sync_calls", n, 1))) out[key + "sync"] = *f;
  if (ok && (f = moduleFigures(client, token, "async_calls", n, 1))) out[key + "async 1"] = *f;
  if (ok && (f = moduleFigures(client, token, "async_calls", n, k))) out[key + "async k"] = *f;
  std::printf("  (%s: resident memory of the daemon and its module processes after the run: %ld KiB)\n", mode.c_str(), rss);
  // Which path the caller's module-to-module calls took (direct channel or through the daemon).
  if (auto after = client.request(token, "list_modules", Json{{"loaded", true}}, 10000); !inProcess && after.ok() && logos::isOk(after.value())) {
    for (const Json& m : after.value()["result"]) {
      const Json calls = m.value("process", Json::object()).value("calls", Json());
      if (calls.is_object()) std::printf("  (%s: %s calls, routed through the daemon + direct)\n", m.value("name", std::string()).c_str(), calls.dump().c_str());
    }
  }
  (void)client.request(token, "stop", Json::object(), 10000);
  daemon.waitForFinished(10000);
  return ok && out.count(key + "async k") != 0;
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  if (argc == 3 && std::string(argv[1]) == "--qtro-source") return runQtroSource(QString::fromLocal8Bit(argv[2]));
  const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5000;
  const int k = argc > 2 ? std::max(1, std::atoi(argv[2])) : 8;
  std::printf("module-to-module call round trips, %d calls per line, K = %d in flight\n", n, k);
  std::map<std::string, Figures> f;
  bool ok = runDaemon(true, n, k, f);
  ok = runDaemon(false, n, k, f) && ok;
  ok = runQtro(n, k, f) && ok;
  const std::string kText = std::to_string(k);
  std::printf("  %-44s %9s %9s %11s\n", "", "p50 us", "p99 us", "calls/s");
  const std::vector<std::pair<std::string, std::string>> lines{
      {"in-process sync", "(a) in process, callSync, 1 caller"},
      {"in-process async 1", "(a) in process, callAsync, 1 in flight"},
      {"in-process async k", "(a) in process, callAsync, " + kText + " in flight"},
      {"out-of-process sync", "(b) out of process, callSync, 1 caller"},
      {"out-of-process async 1", "(b) out of process, callAsync, 1 in flight"},
      {"out-of-process async k", "(b) out of process, callAsync, " + kText + " in flight"},
      {"qtro sync", "(c) QtRO replica, waitForFinished, 1 caller"},
      {"qtro async 1", "(c) QtRO replica, watcher, 1 in flight"},
      {"qtro async k", "(c) QtRO replica, watcher, " + kText + " in flight"},
      {"in-process client", "client -> daemon -> echo, in process"},
      {"out-of-process client", "client -> daemon -> echo child, out of process"}};
  for (const auto& [key, label] : lines) {
    if (f.count(key) != 0) row(label.c_str(), f[key]);
  }
  auto ratio = [&](const char* a, const char* b) {
    return f.count(a) != 0 && f.count(b) != 0 && f[b].p50 > 0 ? f[a].p50 / f[b].p50 : 0.0;
  };
  std::printf("out-of-process / QtRO p50: 1 caller %.2f, 1 in flight %.2f, %d in flight %.2f (<= 1.00 meets the target)\n",
              ratio("out-of-process sync", "qtro sync"), ratio("out-of-process async 1", "qtro async 1"), k,
              ratio("out-of-process async k", "qtro async k"));
  std::printf("out-of-process / in-process p50: 1 caller %.2f, 1 in flight %.2f, %d in flight %.2f\n",
              ratio("out-of-process sync", "in-process sync"), ratio("out-of-process async 1", "in-process async 1"), k,
              ratio("out-of-process async k", "in-process async k"));
  return ok ? 0 : 1;
}

#include "module_ipc_bench.moc"
