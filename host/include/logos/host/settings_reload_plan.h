#pragma once
// What `logoscore reload` (and SIGHUP) can apply to a running daemon when its --config file changed
// (daemon_settings_file.h). Pure: two decoded files in, a plan out.
//
// - Live: a step whose operation and position are unchanged but whose params changed, when the
//   operation only sets configuration (prices, agent caps, provider policy, user terms, ...): the
//   daemon runs it again with the new params.
// - Restart: everything that binds or creates state the running daemon already holds: any daemon
//   flag (directories, listeners, access policy, timeouts), the list of modules (names or order), a
//   module's list of steps (operations added, removed or reordered), and a changed `unlock` step or
//   a step whose operation creates or starts something (`create*`, `start*`, `open`): listen
//   addresses and node identities stay as they are until the daemon restarts.
// - Live too: log_levels (the daemon sets its logging rules again; log_levels.h).
// The rule reads operation names only, so a module's new configuration operation reloads live
// without a change here.

#include <string>
#include <vector>

#include "logos/host/daemon_settings_file.h"

namespace logos::host {

struct LiveStep {
  std::size_t module = 0;
  std::size_t step = 0;
  std::string field;  // settingsStepPath(...)
};

struct RestartNeed {
  std::string field;   // "modules", "module_transports", "modules[1].settings[0].createNode", ...
  std::string reason;  // a sentence
};

struct ReloadPlan {
  std::vector<LiveStep> live;
  std::vector<RestartNeed> restart;
  bool logLevels = false;  // log_levels changed: applied live, reported as the field "log_levels"
};

// True for operations that a running daemon cannot run again with new params without a restart.
bool stepNeedsRestart(const std::string& operation);

ReloadPlan planReload(const DaemonSettings& running, const DaemonSettings& next);

}  // namespace logos::host
