#pragma once
// Runs a --config file's modules and steps (daemon_settings_file.h) on the daemon's ModuleHost:
// at start (load each module in order, then run its steps in order, each after the previous one
// answered) and on reload (run again the steps a ReloadPlan found live). Main thread only; the
// callbacks run on the main thread. Calls go through ModuleHost::call as the boot token would on
// the local socket, so each module checks its params as for a client call.
//
// An `unlock` step reads the password (wallet_unlock_source.h) and calls the module's `open`
// (`create_new` when it answers NO_KEYSTORE and create_if_missing is set); the password goes only
// into that call's params, never into a log line, an answer or an error.

#include <functional>
#include <string>

#include "logos/host/daemon_settings_file.h"
#include "logos/host/module_host.h"
#include "logos/host/settings_reload_plan.h"

namespace logos::host {

// `done` gets {"status":"ok","loaded":[...],"steps":N} or an error envelope whose message starts
// with the field path ("modules[1].settings[0].createNode: INVALID_CONFIG: ...") and whose
// `field` names it. Stops at the first failure.
void applySettingsAtStart(ModuleHost& host, const DaemonSettings& settings, int timeoutMs, std::function<void(Json)> done);

// Runs the steps of one loaded module in order (a module whose process restarted after a crash
// gets the settings it got at start); `done` gets {"status":"ok","steps":N} or the first step's error.
void applyModuleSteps(ModuleHost& host, const ModuleSettings& module, std::size_t moduleIndex, int timeoutMs,
                      std::function<void(Json)> done);

// Runs plan.live against `next`; `done` gets {"applied":[field...],"failed":[{field,code,message}]}.
void applyLiveSteps(ModuleHost& host, const DaemonSettings& next, const ReloadPlan& plan, int timeoutMs, std::function<void(Json)> done);

}  // namespace logos::host
