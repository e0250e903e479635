#include "logos/host/process_stats.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace logos::host {

std::optional<ProcessFigures> readProcessFigures(long pid) {
  const std::string dir = "/proc/" + std::to_string(pid);
  std::ifstream statFile(dir + "/stat");
  std::string stat;
  if (!statFile || !std::getline(statFile, stat)) return std::nullopt;
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the
  // last ')'. utime and stime are fields 14 and 15, i.e. the 12th and 13th after it.
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(stat.substr(close + 1));
  std::string field;
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  for (int i = 1; i <= 13 && rest >> field; ++i) {
    if (i == 12) utime = std::strtoull(field.c_str(), nullptr, 10);
    if (i == 13) stime = std::strtoull(field.c_str(), nullptr, 10);
  }
  if (!rest) return std::nullopt;

  std::ifstream statmFile(dir + "/statm");
  unsigned long long sizePages = 0;
  unsigned long long residentPages = 0;
  if (!(statmFile >> sizePages >> residentPages)) return std::nullopt;

  const long ticks = ::sysconf(_SC_CLK_TCK);
  const long pageSize = ::sysconf(_SC_PAGESIZE);
  if (ticks <= 0 || pageSize <= 0) return std::nullopt;
  ProcessFigures f;
  f.cpuTimeSeconds = static_cast<double>(utime + stime) / static_cast<double>(ticks);
  f.memoryMb = static_cast<double>(residentPages) * static_cast<double>(pageSize) / (1024.0 * 1024.0);
  return f;
}

Json ProcessSampler::sample(long pid) {
  return sample(pid, readProcessFigures(pid).value_or(ProcessFigures{}), Clock::now());
}

Json ProcessSampler::sample(long pid, const ProcessFigures& figures, Clock::time_point now) {
  double percent = 0;
  auto it = previous_.find(pid);
  if (it != previous_.end()) {
    const double wall = std::chrono::duration<double>(now - it->second.at).count();
    const double cpu = figures.cpuTimeSeconds - it->second.cpuTimeSeconds;
    if (wall > 0 && cpu > 0) percent = cpu / wall * 100.0;
  }
  previous_[pid] = Previous{figures.cpuTimeSeconds, now};
  return Json{{"cpu_percent", percent},
              {"cpu_time_seconds", figures.cpuTimeSeconds},
              {"memory_mb", figures.memoryMb},
              {"pid", static_cast<std::int64_t>(pid)}};
}

Json moduleStats(const std::vector<std::string>& modules, const std::function<long(const std::string&)>& pidOf,
                 ProcessSampler& sampler) {
  // One sample per process: modules sharing a pid share its figures (sampling it once per module
  // would measure the gaps between them instead of the time since the previous request).
  std::map<long, Json> byPid;
  Json out = Json::array();
  for (const auto& name : modules) {
    const long pid = pidOf(name);
    auto it = byPid.find(pid);
    if (it == byPid.end()) it = byPid.emplace(pid, sampler.sample(pid)).first;
    Json entry = it->second;
    entry["name"] = name;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace logos::host
