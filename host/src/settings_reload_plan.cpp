#include "logos/host/settings_reload_plan.h"

namespace logos::host {

bool stepNeedsRestart(const std::string& operation) {
  auto starts = [&](const char* prefix) { return operation.rfind(prefix, 0) == 0; };
  return operation == kUnlockStep || operation == "open" || starts("create") || starts("start");
}

ReloadPlan planReload(const DaemonSettings& running, const DaemonSettings& next) {
  ReloadPlan plan;
  const DaemonConfigFile& a = running.flags;
  const DaemonConfigFile& b = next.flags;
  auto flag = [&](bool changed, const char* key) {
    if (changed) plan.restart.push_back(RestartNeed{key, std::string(key) + " changed; the daemon reads it at start only"});
  };
  flag(a.modulesDirs != b.modulesDirs, "modules_dirs");
  flag(a.persistencePath != b.persistencePath, "persistence_path");
  flag(a.accessPolicy != b.accessPolicy, "access_policy");
  flag(a.callTimeoutMs != b.callTimeoutMs, "call_timeout_ms");
  flag(a.moduleTransports != b.moduleTransports, "module_transports");
  flag(a.insecureTcp != b.insecureTcp, "insecure_tcp");
  flag(a.inProcess != b.inProcess, "in_process");

  bool sameList = running.modules.size() == next.modules.size();
  for (std::size_t i = 0; sameList && i < running.modules.size(); ++i) sameList = running.modules[i].name == next.modules[i].name;
  if (!sameList) {
    plan.restart.push_back(RestartNeed{"modules", "the list of modules changed; modules load at start only"});
    return plan;
  }
  for (std::size_t i = 0; i < running.modules.size(); ++i) {
    if (running.modules[i].restart != next.modules[i].restart) {
      plan.restart.push_back(RestartNeed{"modules[" + std::to_string(i) + "].restart", "a module's restart policy is read at start only"});
    }
    const auto& was = running.modules[i].steps;
    const auto& now = next.modules[i].steps;
    bool sameOps = was.size() == now.size();
    for (std::size_t j = 0; sameOps && j < was.size(); ++j) sameOps = was[j].operation == now[j].operation;
    if (!sameOps) {
      plan.restart.push_back(RestartNeed{"modules[" + std::to_string(i) + "].settings",
                                         "the steps of " + running.modules[i].name + " were added, removed or reordered"});
      continue;
    }
    for (std::size_t j = 0; j < was.size(); ++j) {
      if (was[j] == now[j]) continue;
      const std::string field = settingsStepPath(i, j, was[j].operation);
      if (stepNeedsRestart(was[j].operation)) {
        plan.restart.push_back(RestartNeed{field, was[j].operation + " creates, starts or opens something the running daemon holds"});
      } else {
        plan.live.push_back(LiveStep{i, j, field});
      }
    }
  }
  return plan;
}

}  // namespace logos::host
