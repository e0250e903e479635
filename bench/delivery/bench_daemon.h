#pragma once
// What the delivery benchmarks share: the synthetic archive they query (messages one millisecond
// apart over kTopics content topics) and a logoscore daemon driven through its CLI (module
// operations, RSS). Header-only; LOGOSCORE_BIN comes from the benchmark's CMake target.
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QThread>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "archive_mapping.h"
#include "lezpay/util/json_parse.h"
#include "waku/waku_message_codec.h"

namespace bench {

inline constexpr std::int64_t kBaseNs = 1700000000000000000LL;
inline constexpr const char* kPubsub = "/waku/2/default-waku/proto";
inline constexpr int kTopics = 10;

inline std::string topicName(int i) { return "/bench/1/topic-" + std::to_string(i) + "/proto"; }

inline lezpay::archive::ArchivedMessage makeMessage(std::uint64_t i) {
  waku::WakuMessage m;
  const std::string body = "benchmark message " + std::to_string(i) + " with a payload of typical chat size ....................";
  m.payload.assign(body.begin(), body.end());
  m.content_topic = topicName(static_cast<int>(i % kTopics));
  m.timestamp = kBaseNs + static_cast<std::int64_t>(i) * 1000000;  // one per millisecond
  return delivery::toArchived(kPubsub, m);
}

struct Daemon {
  QString configDir;
  QProcess proc;

  // Starts `logoscore -D` with its config and persistence under `root` and waits until it is up.
  void start(const QString& root, const QStringList& moduleDirs) {
    configDir = root + "/c";
    QStringList args{"-D", "--config-dir", configDir, "--persistence-path", root + "/p"};
    for (const auto& dir : moduleDirs) args << "-m" << dir;
    proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    proc.setStandardOutputFile(root + "/daemon.log");
    proc.start(LOGOSCORE_BIN, args);
    for (int i = 0; i < 500 && !QFile::exists(configDir + "/daemon/state.json"); ++i) QThread::msleep(20);
  }

  nlohmann::json cli(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("LOGOSCORE_CONFIG_DIR", configDir);
    p.setProcessEnvironment(env);
    p.start(LOGOSCORE_BIN, args + QStringList{"--json"});
    p.waitForFinished(60000);
    auto parsed = lezpay::util::parseJson(p.readAllStandardOutput().toStdString());
    const nlohmann::json out = parsed.ok() ? std::move(parsed).value() : nlohmann::json();
    if (p.exitCode() != 0) {
      std::fprintf(stderr, "logoscore %s failed: %s\n", args.join(' ').toStdString().c_str(), out.dump().c_str());
      std::exit(1);
    }
    return out;
  }
  nlohmann::json call(const QString& module, const QString& op, const QStringList& args = {}) {
    return cli(QStringList{"call", module, op} + args)["result"];
  }
  long rssKiB() const {
    QFile f(QString("/proc/%1/status").arg(proc.processId()));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
      if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
  }
};

}  // namespace bench
