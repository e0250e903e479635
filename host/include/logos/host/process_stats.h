#pragma once
// Resource figures of a process for `logoscore stats` (logos-core.md §16), read from Linux /proc.
// Keyed by pid so that modules in their own processes report their own figures; a module that
// runs inside the daemon reports the daemon's.
//
// ProcessSampler remembers each pid's previous sample: cpu_percent is the CPU time spent since
// then over the wall time elapsed, times 100 (0 on a pid's first sample). Not thread-safe; the
// daemon uses one on its main thread.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "logos/json.h"

namespace logos::host {

struct ProcessFigures {
  double cpuTimeSeconds = 0;  // user + system
  double memoryMb = 0;        // resident set size, MiB
};

// Figures of `pid` now; nullopt when /proc has no such process or its files do not parse.
std::optional<ProcessFigures> readProcessFigures(long pid);

class ProcessSampler {
 public:
  using Clock = std::chrono::steady_clock;

  // {"cpu_percent","cpu_time_seconds","memory_mb","pid"} for `pid` (all figures 0 when it cannot
  // be read), remembering this sample for the next percentage.
  Json sample(long pid);
  // Same with an explicit reading and time, for tests.
  Json sample(long pid, const ProcessFigures& figures, Clock::time_point now);

 private:
  struct Previous {
    double cpuTimeSeconds;
    Clock::time_point at;
  };
  std::map<long, Previous> previous_;
};

// The `stats` answer: one {"name","cpu_percent","cpu_time_seconds","memory_mb","pid"} per module
// in `modules` (in that order; [] for none), `pidOf` naming the process each runs in.
Json moduleStats(const std::vector<std::string>& modules, const std::function<long(const std::string&)>& pidOf,
                 ProcessSampler& sampler);

}  // namespace logos::host
