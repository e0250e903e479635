#include "logos/host/daemon_settings_apply.h"

#include <QElapsedTimer>
#include <QTimer>

#include <memory>
#include <utility>

#include "logos/envelope.h"
#include "logos/host/caller_stamp.h"
#include "logos/host/wallet_unlock_source.h"

namespace logos::host {

namespace {

void wipe(std::string& s) {
  volatile char* p = s.data();
  for (std::size_t i = 0; i < s.size(); ++i) p[i] = '\0';
  s.clear();
}

// The module's own code and sentence when the host wrapped them (METHOD_FAILED + `error`).
std::pair<std::string, std::string> innermost(const Json& answer) {
  std::string code = answer.value("code", std::string("INTERNAL"));
  std::string message = answer.value("message", std::string("the step failed"));
  auto inner = answer.find("error");
  if (inner != answer.end() && inner->is_object() && inner->contains("code")) {
    code = inner->value("code", code);
    message = inner->value("message", message);
  }
  return {code, message};
}

Json stepError(const std::string& field, const Json& answer) {
  const auto [code, message] = innermost(answer);
  Json e = errorEnvelope(code, field + ": " + code + ": " + message);
  e["field"] = field;
  return e;
}

void callStep(ModuleHost& host, const std::string& module, const std::string& operation, Json params, int timeoutMs,
              std::function<void(Json)> done) {
  // chainAction takes the params object as it is; a described call would bind a lone object
  // positionally to an operation whose first parameter is itself an object (createNode's configJson).
  host.call(module, "chainAction", Json::array({operation, std::move(params)}), timeoutMs, std::move(done), nullptr,
            clientCallerStamp("", "local", ""));
}

// A module that restores its own persisted servers when it loads (x402_module's facilitator
// reconciling its journal) answers <X>_BUSY for a moment: the step is asked again every
// kBusyRetryMs until it answers otherwise or `timeoutMs` has passed.
constexpr int kBusyRetryMs = 200;

bool isBusy(const Json& answer) {
  const std::string code = answer.value("code", std::string());
  const Json inner = answer.value("error", Json::object());
  const std::string innerCode = inner.is_object() ? inner.value("code", std::string()) : std::string();
  auto busy = [](const std::string& c) { return c.size() > 5 && c.compare(c.size() - 5, 5, "_BUSY") == 0; };
  return busy(code) || busy(innerCode);
}

void callStepRetryingBusy(ModuleHost& host, const std::string& module, const std::string& operation, const Json& params, int timeoutMs,
                          std::shared_ptr<QElapsedTimer> since, std::function<void(Json)> done) {
  ModuleHost* h = &host;
  callStep(host, module, operation, params, timeoutMs, [h, module, operation, params, timeoutMs, since, done = std::move(done)](Json r) mutable {
    if (!isOk(r) && isBusy(r) && since->elapsed() + kBusyRetryMs < timeoutMs) {
      QTimer::singleShot(kBusyRetryMs, h, [h, module, operation, params, timeoutMs, since, done = std::move(done)]() mutable {
        callStepRetryingBusy(*h, module, operation, params, timeoutMs, since, std::move(done));
      });
      return;
    }
    done(std::move(r));
  });
}

// Runs one step; `done` gets the module's envelope (or an UNLOCK_SOURCE_REFUSED one).
void runStep(ModuleHost& host, const std::string& module, const SettingsStep& step, int timeoutMs, std::function<void(Json)> done) {
  if (!step.unlock) {
    auto since = std::make_shared<QElapsedTimer>();
    since->start();
    callStepRetryingBusy(host, module, step.operation, step.params, timeoutMs, since, std::move(done));
    return;
  }
  auto secret = readUnlockSecret(*step.unlock);
  if (!secret.ok()) {
    done(errorEnvelope(secret.error().code, secret.error().message));
    return;
  }
  auto password = std::make_shared<std::string>(std::move(secret.value()));
  const bool create = step.unlock->createIfMissing;
  ModuleHost* h = &host;
  callStep(host, module, "open", Json{{"password", *password}}, timeoutMs,
           [h, module, password, create, timeoutMs, done = std::move(done)](Json r) mutable {
             if (!isOk(r) && create && innermost(r).first == "NO_KEYSTORE") {
               callStep(*h, module, "create_new", Json{{"password", *password}}, timeoutMs, [password, done = std::move(done)](Json c) {
                 wipe(*password);
                 done(std::move(c));
               });
               return;
             }
             wipe(*password);
             done(std::move(r));
           });
}

struct StartRun {
  ModuleHost* host = nullptr;
  DaemonSettings settings;
  int timeoutMs = 0;
  std::function<void(Json)> done;
  std::size_t module = 0;
  std::size_t step = 0;
  bool moduleLoaded = false;
  std::size_t stepsRun = 0;
  Json loaded = Json::array();
};

void nextStart(const std::shared_ptr<StartRun>& run) {
  if (run->module == run->settings.modules.size()) {
    run->done(okEnvelope(Json{{"loaded", run->loaded}, {"steps", run->stepsRun}}));
    return;
  }
  const ModuleSettings& m = run->settings.modules[run->module];
  if (!run->moduleLoaded) {
    run->host->loadModule(m.name, [run, name = m.name](Json r) {
      if (!isOk(r)) {
        run->done(stepError("modules[" + std::to_string(run->module) + "].name", r));
        return;
      }
      run->loaded.push_back(name);
      run->moduleLoaded = true;
      nextStart(run);
    });
    return;
  }
  if (run->step == m.steps.size()) {
    ++run->module;
    run->step = 0;
    run->moduleLoaded = false;
    nextStart(run);
    return;
  }
  const SettingsStep& step = m.steps[run->step];
  runStep(*run->host, m.name, step, run->timeoutMs, [run, field = settingsStepPath(run->module, run->step, step.operation)](Json r) {
    if (!isOk(r)) {
      run->done(stepError(field, r));
      return;
    }
    ++run->step;
    ++run->stepsRun;
    nextStart(run);
  });
}

struct ModuleRun {
  ModuleHost* host = nullptr;
  ModuleSettings module;
  std::size_t index = 0;
  int timeoutMs = 0;
  std::function<void(Json)> done;
  std::size_t step = 0;
};

void nextModuleStep(const std::shared_ptr<ModuleRun>& run) {
  if (run->step == run->module.steps.size()) {
    run->done(okEnvelope(Json{{"steps", run->step}}));
    return;
  }
  const SettingsStep& step = run->module.steps[run->step];
  runStep(*run->host, run->module.name, step, run->timeoutMs, [run, field = settingsStepPath(run->index, run->step, step.operation)](Json r) {
    if (!isOk(r)) {
      run->done(stepError(field, r));
      return;
    }
    ++run->step;
    nextModuleStep(run);
  });
}

struct LiveRun {
  ModuleHost* host = nullptr;
  DaemonSettings next;
  ReloadPlan plan;
  int timeoutMs = 0;
  std::function<void(Json)> done;
  std::size_t index = 0;
  Json applied = Json::array();
  Json failed = Json::array();
};

void nextLive(const std::shared_ptr<LiveRun>& run) {
  if (run->index == run->plan.live.size()) {
    run->done(Json{{"applied", run->applied}, {"failed", run->failed}});
    return;
  }
  const LiveStep& live = run->plan.live[run->index];
  const ModuleSettings& m = run->next.modules[live.module];
  runStep(*run->host, m.name, m.steps[live.step], run->timeoutMs, [run, field = live.field](Json r) {
    if (isOk(r)) {
      run->applied.push_back(field);
    } else {
      const auto [code, message] = innermost(r);
      run->failed.push_back(Json{{"field", field}, {"code", code}, {"message", message}});
    }
    ++run->index;
    nextLive(run);
  });
}

}  // namespace

void applySettingsAtStart(ModuleHost& host, const DaemonSettings& settings, int timeoutMs, std::function<void(Json)> done) {
  auto run = std::make_shared<StartRun>();
  run->host = &host;
  run->settings = settings;
  run->timeoutMs = timeoutMs;
  run->done = std::move(done);
  nextStart(run);
}

void applyModuleSteps(ModuleHost& host, const ModuleSettings& module, std::size_t moduleIndex, int timeoutMs,
                      std::function<void(Json)> done) {
  auto run = std::make_shared<ModuleRun>();
  run->host = &host;
  run->module = module;
  run->index = moduleIndex;
  run->timeoutMs = timeoutMs;
  run->done = std::move(done);
  nextModuleStep(run);
}

void applyLiveSteps(ModuleHost& host, const DaemonSettings& next, const ReloadPlan& plan, int timeoutMs, std::function<void(Json)> done) {
  auto run = std::make_shared<LiveRun>();
  run->host = &host;
  run->next = next;
  run->plan = plan;
  run->timeoutMs = timeoutMs;
  run->done = std::move(done);
  nextLive(run);
}

}  // namespace logos::host
