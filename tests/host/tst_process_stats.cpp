// `stats` figures (host/process_stats.h): the percentage between two samples of one pid, one
// sample per process whatever the number of modules in it, and this process's own /proc figures.
#include <QtTest>

#include <unistd.h>

#include "logos/host/process_stats.h"

using logos::Json;
using logos::host::ProcessFigures;
using logos::host::ProcessSampler;

class TstProcessStats : public QObject {
  Q_OBJECT
 private slots:
  void percentIsCpuOverWallSinceThePreviousSampleOfThatPid() {
    ProcessSampler s;
    const auto t0 = ProcessSampler::Clock::time_point{} + std::chrono::seconds(100);
    Json first = s.sample(7, ProcessFigures{2.0, 10.0}, t0);
    QCOMPARE(first["cpu_percent"].get<double>(), 0.0);
    QCOMPARE(first["pid"].get<std::int64_t>(), 7);
    // Another pid's sample in between changes nothing for pid 7.
    QCOMPARE(s.sample(8, ProcessFigures{50.0, 1.0}, t0 + std::chrono::seconds(1))["cpu_percent"].get<double>(), 0.0);
    Json second = s.sample(7, ProcessFigures{3.0, 12.0}, t0 + std::chrono::seconds(4));
    QCOMPARE(second["cpu_percent"].get<double>(), 25.0);
    QCOMPARE(second["cpu_time_seconds"].get<double>(), 3.0);
    QCOMPARE(second["memory_mb"].get<double>(), 12.0);
  }

  void modulesOfOneProcessShareOneSample() {
    ProcessSampler s;
    const long self = static_cast<long>(::getpid());
    Json none = logos::host::moduleStats({}, [self](const std::string&) { return self; }, s);
    QCOMPARE(none, Json::array());
    Json rows = logos::host::moduleStats({"a", "b"}, [self](const std::string&) { return self; }, s);
    QCOMPARE(rows.size(), std::size_t{2});
    QCOMPARE(rows[0]["name"].get<std::string>(), std::string("a"));
    QCOMPARE(rows[1]["name"].get<std::string>(), std::string("b"));
    QCOMPARE(rows[0]["pid"].get<std::int64_t>(), static_cast<std::int64_t>(self));
    QCOMPARE(rows[0]["memory_mb"], rows[1]["memory_mb"]);
    QVERIFY(rows[0]["memory_mb"].get<double>() > 0.0);
  }

  void thisProcessHasFiguresAndAMissingPidHasNone() {
    auto mine = logos::host::readProcessFigures(static_cast<long>(::getpid()));
    QVERIFY(mine.has_value());
    QVERIFY(mine->memoryMb > 0.0);
    QVERIFY(mine->cpuTimeSeconds >= 0.0);
    QVERIFY(!logos::host::readProcessFigures(-1).has_value());
  }
};

QTEST_GUILESS_MAIN(TstProcessStats)
#include "tst_process_stats.moc"
