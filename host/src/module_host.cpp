#include "logos/host/module_host.h"

#include <QCoreApplication>

#include <algorithm>

#include "logos/envelope.h"
#include "logos/host/caller_stamp.h"
#include "logos/host/direct_channels.h"
#include "logos/sdk/client_binding.h"

namespace logos::host {
namespace {

// What a module sees of the host (logos/module_context.h).
class HostContext final : public ModuleContext {
 public:
  HostContext(ModuleHost* host, std::string name, std::string persistence, std::string modulePath)
      : host_(host), name_(std::move(name)), persistence_(std::move(persistence)), modulePath_(std::move(modulePath)) {}

  std::string moduleName() const override { return name_; }
  std::string instanceId() const override { return kInstanceId; }
  std::string persistencePath() const override { return persistence_; }
  std::string modulePath() const override { return modulePath_; }

  Json callSync(const std::string& module, const std::string& operation, const Json& params, int timeoutMs) override {
    return host_->callFromModule(name_, module, operation, params, timeoutMs);
  }
  void callAsync(const std::string& module, const std::string& operation, const Json& params, int timeoutMs,
                 CallCallback done) override {
    host_->callFromModuleAsync(name_, module, operation, params, timeoutMs, std::move(done));
  }
  bool subscribe(const std::string& module, const std::string& event, EventCallback cb) override {
    return host_->subscribeFromModule(name_, module, event, std::move(cb));
  }
  void emitEvent(const std::string& event, const Json& args) override { host_->publishEvent(name_, event, args); }
  Json authorizeClientToken(const std::string& token, const std::string& module, const std::string& operation) override {
    return host_->checkClientToken(token, module, operation);
  }

 private:
  ModuleHost* host_;
  std::string name_;
  std::string persistence_;
  std::string modulePath_;
};

Json moduleSummary(const ModuleMetadata& m) {
  return Json{{"name", m.name},
              {"version", m.version},
              {"description", m.description},
              {"dependencies", m.dependencies},
              {"capabilities", m.capabilities}};
}

// Process mode: one broker of direct module-to-module channels, ruled by the same access policy
// as the router, shared by every child.
HostOptions withDirectChannels(HostOptions options) {
  if (options.processes && !options.processes->channels) {
    options.processes->channels = std::make_shared<DirectChannels>(options.policy, options.defaultCallTimeoutMs);
  }
  return options;
}

}  // namespace

ModuleHost::ModuleHost(HostOptions options, QObject* parent)
    : QObject(parent),
      options_(withDirectChannels(std::move(options))),
      events_(this, registry_),
      router_(this, registry_, options_.policy, options_.defaultCallTimeoutMs),
      loader_(
          this,
          LoaderOptions{options_.moduleDirs, options_.persistencePath, options_.stopTimeoutMs, options_.processes,
                        [this](const std::string& name) {
                          QMetaObject::invokeMethod(this, [this, name] {
                            if (restartedHandler_ && isLoaded(name)) restartedHandler_(name);
                          }, Qt::QueuedConnection);
                        }},
          registry_,
          [this](const std::string& name, const std::string& persistence, const std::string& moduleDir) {
            return std::make_unique<HostContext>(this, name, persistence, moduleDir);
          },
          [this](const std::string& name) { events_.dropModule(name); },
          [this](const std::shared_ptr<ModuleRuntime>& rt) { router_.failClientCallsTo(rt); }) {}

ModuleHost::~ModuleHost() { unloadAll(); }

void ModuleHost::rediscover() { loader_.rediscover(); }

bool ModuleHost::isLoaded(const std::string& name) const { return runtime(name) != nullptr; }

long ModuleHost::modulePid(const std::string& name) const {
  auto rt = runtime(name);
  if (!rt) return 0;
  if (const ChildModule* child = rt->child()) return child->pid();
  return static_cast<long>(QCoreApplication::applicationPid());
}

Json ModuleHost::moduleProcess(const std::string& name) const {
  auto rt = runtime(name);
  if (rt && rt->child() != nullptr) return rt->child()->status();
  return Json{{"mode", "in-process"}, {"pid", rt ? static_cast<long>(QCoreApplication::applicationPid()) : 0L}};
}

std::vector<std::string> ModuleHost::loadedNames() const { return registry_.names(); }

Json ModuleHost::listModules(bool loadedOnly) const {
  Json out = Json::array();
  std::vector<std::string> loaded = loadedNames();
  for (const auto& name : loaded) {
    auto rt = runtime(name);
    if (!rt) continue;
    Json j = moduleSummary(rt->metadata());
    j["status"] = "loaded";
    j["state"] = toString(rt->state());
    j["library"] = rt->libraryPath();
    j["pid"] = modulePid(name);
    j["process"] = moduleProcess(name);
    out.push_back(j);
  }
  if (loadedOnly) return out;
  const Discovery& discovery = loader_.discovery();
  for (const auto& d : discovery.modules) {
    if (std::find(loaded.begin(), loaded.end(), d.metadata.name) != loaded.end()) continue;
    Json j = moduleSummary(d.metadata);
    if (const std::string* why = loader_.failure(d.metadata.name)) {
      j["status"] = "failed";
      j["state"] = toString(ModuleState::Failed);
      j["reason"] = *why;
    } else {
      j["status"] = "discovered";
      j["state"] = toString(ModuleState::Discovered);
    }
    j["library"] = d.libraryPath;
    out.push_back(j);
  }
  for (const auto& p : discovery.problems) {
    out.push_back(Json{{"name", p.module}, {"status", "failed"}, {"state", "failed"}, {"library", p.file}, {"reason", p.reason}});
  }
  return out;
}

Json ModuleHost::moduleInfo(const std::string& name) const {
  auto rt = runtime(name);
  if (rt) {
    Json methods = Json::array();
    methods.push_back(Json{{"name", "chainAction"},
                           {"description", "Universal dispatcher: runs <operation> with a JSON object of parameters."},
                           {"parameters", Json::array({Json{{"name", "operation"}, {"type", "string"}, {"required", true}},
                                                       Json{{"name", "params"}, {"type", "object"}, {"required", false}}})}});
    for (const auto& op : rt->operations) methods.push_back(toJson(op));
    Json events = Json::array();
    for (const auto& e : rt->events) events.push_back(toJson(e));
    Json info = moduleSummary(rt->metadata());
    info["status"] = "loaded";
    info["state"] = toString(rt->state());
    info["library"] = rt->libraryPath();
    info["persistence_path"] = rt->persistencePath;
    info["methods"] = methods;
    info["events"] = events;
    Json errors = Json::array();
    for (const auto& e : rt->errors) errors.push_back(toJson(e));
    info["errors"] = errors;
    return okEnvelope(info);
  }
  const Discovery& discovery = loader_.discovery();
  if (const auto* d = discovery.find(name)) {
    Json info = moduleSummary(d->metadata);
    if (const std::string* why = loader_.failure(name)) {
      info["status"] = "failed";
      info["state"] = toString(ModuleState::Failed);
      info["reason"] = *why;
    } else {
      info["status"] = "discovered";
      info["state"] = toString(ModuleState::Discovered);
    }
    info["library"] = d->libraryPath;
    info["methods"] = Json::array();
    info["events"] = Json::array();
    info["errors"] = Json::array();
    info["note"] = "load the module to list its methods (they are described by the running module)";
    return okEnvelope(info);
  }
  if (const auto* p = discovery.problemFor(name)) {
    return errorEnvelope(ErrorCode::ModuleLoadFailed, "module '" + name + "' (" + p->file + "): " + p->reason);
  }
  return errorEnvelope(ErrorCode::ModuleNotFound, "no module named '" + name + "' in the module directories");
}

// ---------------------------------------------------------------- lifecycle

void ModuleHost::loadModule(const std::string& name, Done done) { loader_.load(name, std::move(done)); }

Json ModuleHost::unloadModule(const std::string& name) { return loader_.unload(name); }

void ModuleHost::reloadModule(const std::string& name, Done done) { loader_.reload(name, std::move(done)); }

void ModuleHost::unloadAll() { loader_.unloadAll(); }

// ---------------------------------------------------------------- client calls

std::uint64_t ModuleHost::call(const std::string& module, const std::string& method, const Json& args, int timeoutMs, Done done,
                               const Json& argTexts, const Json& callerStamp) {
  auto tag = [module, method](Json e) {
    e["module"] = module;
    e["method"] = method;
    return e;
  };
  auto rt = runtime(module);
  if (!rt) {
    if (loader_.discovery().find(module) != nullptr) {
      done(tag(errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + module + "' is not loaded (run load-module " + module + ")")));
    } else {
      done(tag(errorEnvelope(ErrorCode::ModuleNotFound, "no module named '" + module + "'")));
    }
    return 0;
  }
  sdk::BoundCall bound = sdk::bindClientCall(module, rt->operations, method, args, argTexts);
  if (bound.error) {
    Json e = tag(errorEnvelope(bound.error->code, bound.error->message));
    for (auto it = bound.error->extra.begin(); it != bound.error->extra.end(); ++it) e[it.key()] = it.value();
    done(e);
    return 0;
  }
  const std::string op = bound.operation;
  Json params = stampClientCall(rt->operations, op, std::move(bound.params), callerStamp);
  return router_.startClientCall(rt, op, std::move(params), timeoutMs,
                                 [done, tag, method, op](Json answer, bool fromModule) {
                                   // A crashed child's calls answer the host's MODULE_CRASHED (a module
                                   // cannot give that code: child_module.h rewrites it).
                                   const auto code = answer.is_object() ? answer.find("code") : answer.end();
                                   const bool crashed = !isOk(answer) && answer.is_object() && code != answer.end() &&
                                                        code->is_string() &&
                                                        code->get<std::string>() == toString(ErrorCode::ModuleCrashed);
                                   if (!fromModule || crashed) {
                                     done(tag(std::move(answer)));
                                   } else if (isOk(answer)) {
                                     Json out = tag(Json{{"status", "ok"}});
                                     out["result"] = resultOf(answer);
                                     if (method == "chainAction") out["operation"] = op;
                                     done(out);
                                   } else {
                                     Json e = tag(errorEnvelope(ErrorCode::MethodFailed, answer.value("message", "operation failed")));
                                     if (method == "chainAction") e["operation"] = op;
                                     e["error"] = answer;
                                     done(e);
                                   }
                                 });
}

void ModuleHost::cancelCall(std::uint64_t callId) { router_.cancelClientCall(callId); }

Json ModuleHost::checkClientToken(const std::string& token, const std::string& module, const std::string& operation) const {
  if (!tokenChecker_) return errorEnvelope(ErrorCode::Unauthorized, "this host checks no client tokens");
  return tokenChecker_(token, module, operation);
}

// ---------------------------------------------------------------- module API

Json ModuleHost::callFromModule(const std::string& caller, const std::string& target, const std::string& operation,
                                const Json& params, int timeoutMs) {
  return router_.callSync(caller, target, operation, params, timeoutMs);
}

void ModuleHost::callFromModuleAsync(const std::string& caller, const std::string& target, const std::string& operation,
                                     const Json& params, int timeoutMs, CallCallback done) {
  router_.callAsync(caller, target, operation, params, timeoutMs, std::move(done));
}

bool ModuleHost::subscribeFromModule(const std::string& subscriber, const std::string& target, const std::string& event,
                                     EventCallback cb) {
  auto subRt = runtime(subscriber);
  const std::vector<std::string> deps = subRt ? subRt->metadata().dependencies : std::vector<std::string>{};
  if (!options_.policy.allows(subscriber, deps, target)) {
    qWarning("access policy denies subscription '%s' -> '%s'", subscriber.c_str(), target.c_str());
    return false;
  }
  events_.subscribe(subscriber, target, event, std::move(cb));
  return true;
}

void ModuleHost::publishEvent(const std::string& module, const std::string& event, const Json& args) {
  events_.publish(module, event, args);
}

int ModuleHost::addWatcher(const std::string& module, const std::string& event, Watcher watcher) {
  return events_.addWatcher(module, event, std::move(watcher));
}

void ModuleHost::removeWatcher(int id) { events_.removeWatcher(id); }

}  // namespace logos::host
