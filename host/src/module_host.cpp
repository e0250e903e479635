#include "logos/host/module_host.h"

#include "logos/eligibility.h"

#include <QDateTime>
#include <QTimer>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/json_parse.h"
#include "logos/envelope.h"
#include "logos/host/dependency_order.h"
#include "logos/sdk/param_check.h"

namespace logos::host {
namespace {

// Instance id of every module in this host. Upstream Logos Core derives a per-instance id;
// one host runs one instance of each module, and a stable id keeps its persistence directory
// stable across restarts (docs/decisions.md).
constexpr const char* kInstanceId = "default";

std::string nowIso() {
  return QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
}

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

Json methodNames(const std::vector<OperationSpec>& ops) {
  Json names = Json::array({"chainAction"});
  for (const auto& op : ops) names.push_back(op.name);
  return names;
}

}  // namespace

ModuleHost::ModuleHost(HostOptions options, QObject* parent) : QObject(parent), options_(std::move(options)) {
  rediscover();
}

ModuleHost::~ModuleHost() { unloadAll(); }

void ModuleHost::rediscover() { discovery_ = discoverModules(options_.moduleDirs); }

std::shared_ptr<ModuleRuntime> ModuleHost::runtime(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = runtimes_.find(name);
  return it == runtimes_.end() ? nullptr : it->second;
}

bool ModuleHost::isLoaded(const std::string& name) const { return runtime(name) != nullptr; }

std::vector<std::string> ModuleHost::loadedNames() const {
  std::lock_guard lock(mutex_);
  return order_;
}

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
    out.push_back(j);
  }
  if (loadedOnly) return out;
  for (const auto& d : discovery_.modules) {
    if (std::find(loaded.begin(), loaded.end(), d.metadata.name) != loaded.end()) continue;
    Json j = moduleSummary(d.metadata);
    j["status"] = "discovered";
    j["state"] = toString(ModuleState::Discovered);
    j["library"] = d.libraryPath;
    out.push_back(j);
  }
  for (const auto& p : discovery_.problems) {
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
  if (const auto* d = discovery_.find(name)) {
    Json info = moduleSummary(d->metadata);
    info["status"] = "discovered";
    info["state"] = toString(ModuleState::Discovered);
    info["library"] = d->libraryPath;
    info["methods"] = Json::array();
    info["events"] = Json::array();
    info["errors"] = Json::array();
    info["note"] = "load the module to list its methods (they are described by the running module)";
    return okEnvelope(info);
  }
  if (const auto* p = discovery_.problemFor(name)) {
    return errorEnvelope(ErrorCode::ModuleLoadFailed, "module '" + name + "' (" + p->file + "): " + p->reason);
  }
  return errorEnvelope(ErrorCode::ModuleNotFound, "no module named '" + name + "' in the module directories");
}

// ---------------------------------------------------------------- loading

void ModuleHost::loadModule(const std::string& name, Done done) {
  loadQueue_.push_back({name, std::move(done)});
  if (!loading_) startNextLoad();
}

void ModuleHost::startNextLoad() {
  if (loadQueue_.empty()) {
    loading_ = false;
    return;
  }
  loading_ = true;
  PendingLoad req = std::move(loadQueue_.front());
  loadQueue_.erase(loadQueue_.begin());
  Done finish = [this, done = std::move(req.done)](Json result) {
    done(std::move(result));
    QMetaObject::invokeMethod(this, [this] { startNextLoad(); }, Qt::QueuedConnection);
  };
  if (isLoaded(req.name)) {
    finish(okEnvelope(Json{{"loaded", Json::array()}, {"already_loaded", true}}));
    return;
  }
  rediscover();
  DependencyGraph graph;
  for (const auto& d : discovery_.modules) graph[d.metadata.name] = d.metadata.dependencies;
  if (graph.find(req.name) == graph.end()) {
    if (const auto* p = discovery_.problemFor(req.name)) {
      finish(errorEnvelope(ErrorCode::ModuleLoadFailed, "module '" + req.name + "' (" + p->file + "): " + p->reason));
    } else {
      finish(errorEnvelope(ErrorCode::ModuleNotFound, "no module named '" + req.name + "' in the module directories"));
    }
    return;
  }
  // A refused module stays in the graph without dependencies so that its dependents name it.
  for (const auto& p : discovery_.problems) {
    if (!p.module.empty() && graph.find(p.module) == graph.end()) graph[p.module] = {};
  }
  auto order = loadOrder(graph, req.name);
  if (!order.ok()) {
    finish(errorEnvelope(ErrorCode::ModuleLoadFailed, "cannot load '" + req.name + "': " + order.error().message));
    return;
  }
  for (const auto& name : order.value()) {
    if (discovery_.find(name) == nullptr) {
      const auto* p = discovery_.problemFor(name);
      finish(errorEnvelope(ErrorCode::ModuleLoadFailed, "cannot load '" + req.name + "': dependency '" + name + "' (" +
                                                            (p ? p->file + "): " + p->reason : std::string("): refused"))));
      return;
    }
  }
  loadChain(order.value(), 0, {}, std::move(finish));
}

void ModuleHost::loadChain(std::vector<std::string> order, std::size_t index, std::vector<std::string> loaded, Done done) {
  if (index == order.size()) {
    done(okEnvelope(Json{{"loaded", loaded}}));
    return;
  }
  const std::string name = order[index];
  if (isLoaded(name)) {
    loadChain(std::move(order), index + 1, std::move(loaded), std::move(done));
    return;
  }
  const std::string target = order.back();
  const std::string neededBy = name == target ? "" : " (needed by '" + target + "')";
  const DiscoveredModule* d = discovery_.find(name);
  auto rt = std::make_shared<ModuleRuntime>(d->metadata, d->libraryPath);
  auto st = rt->loadLibrary();
  if (!st.ok()) {
    done(errorEnvelope(ErrorCode::ModuleLoadFailed, st.error().message + neededBy));
    return;
  }
  rt->persistencePath = options_.persistencePath + "/" + name + "/" + kInstanceId;
  auto dirs = lezpay::fileio::makePrivateDirs(rt->persistencePath);
  if (!dirs.ok()) {
    done(errorEnvelope(ErrorCode::ModuleLoadFailed, "module '" + name + "': " + dirs.error().message + neededBy));
    return;
  }
  std::string moduleDir = d->libraryPath.substr(0, d->libraryPath.find_last_of('/'));
  rt->context = std::make_unique<HostContext>(this, name, rt->persistencePath, moduleDir);
  rt->startThread();
  {
    std::lock_guard lock(mutex_);
    runtimes_[name] = rt;
    order_.push_back(name);
  }
  initialise(rt, [this, rt, name, neededBy, order = std::move(order), index, loaded = std::move(loaded),
                  done = std::move(done)](Json result) mutable {
    if (!isOk(result)) {
      std::string why = result.is_object() ? result.value("message", "initialisation failed") : "initialisation failed";
      stopRuntime(name);
      rt->setState(ModuleState::Failed);
      done(errorEnvelope(ErrorCode::ModuleLoadFailed,
                         "module '" + name + "' (" + rt->libraryPath() + "): initLogos failed: " + why + neededBy));
      return;
    }
    loaded.push_back(name);
    loadChain(std::move(order), index + 1, std::move(loaded), std::move(done));
  });
}

void ModuleHost::initialise(const std::shared_ptr<ModuleRuntime>& rt, std::function<void(Json)> done) {
  bool posted = rt->post([this, rt, done] {
    Json result;
    try {
      result = rt->module()->initLogos(rt->context.get());
      if (!isWellFormedEnvelope(result)) result = errorEnvelope(ErrorCode::ModuleLoadFailed, "initLogos answered malformed output");
      if (isOk(result)) {
        rt->operations = rt->module()->operations();
        rt->events = rt->module()->events();
        rt->errors = rt->module()->errors();
        rt->setState(ModuleState::Running);
      }
    } catch (const std::exception& ex) {
      result = errorEnvelope(ErrorCode::ModuleLoadFailed, std::string("initLogos threw: ") + ex.what());
    } catch (...) {
      result = errorEnvelope(ErrorCode::ModuleLoadFailed, "initLogos threw an unknown exception");
    }
    QMetaObject::invokeMethod(this, [done, result] { done(result); }, Qt::QueuedConnection);
  });
  if (!posted) done(errorEnvelope(ErrorCode::Internal, "module thread is not accepting work"));
}

void ModuleHost::stopRuntime(const std::string& name) {
  std::shared_ptr<ModuleRuntime> rt;
  {
    std::lock_guard lock(mutex_);
    auto it = runtimes_.find(name);
    if (it == runtimes_.end()) return;
    rt = it->second;
    runtimes_.erase(it);
    order_.erase(std::remove(order_.begin(), order_.end(), name), order_.end());
    subscriptions_.erase(std::remove_if(subscriptions_.begin(), subscriptions_.end(),
                                        [&](const Subscription& s) { return s.subscriber == name || s.target == name; }),
                         subscriptions_.end());
  }
  rt->stop(options_.stopTimeoutMs);
}

Json ModuleHost::unloadModule(const std::string& name) {
  if (!isLoaded(name)) {
    if (discovery_.find(name) != nullptr) return errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + name + "' is not loaded");
    return errorEnvelope(ErrorCode::ModuleNotFound, "no module named '" + name + "'");
  }
  DependencyGraph graph;
  std::vector<std::string> loaded = loadedNames();
  for (const auto& n : loaded) {
    if (auto rt = runtime(n)) graph[n] = rt->metadata().dependencies;
  }
  std::vector<std::string> unloaded = dependentsLeavesFirst(graph, loaded, name);
  unloaded.push_back(name);
  for (const auto& n : unloaded) stopRuntime(n);
  return okEnvelope(Json{{"unloaded", unloaded}});
}

void ModuleHost::reloadModule(const std::string& name, Done done) {
  Json un = unloadModule(name);
  if (!isOk(un)) {
    done(un);
    return;
  }
  // Load back in dependency order: the module itself first, then its dependents (reverse of
  // the leaves-first unload order).
  std::vector<std::string> toLoad = un["unloaded"].get<std::vector<std::string>>();
  std::reverse(toLoad.begin(), toLoad.end());
  loadInOrder(std::make_shared<const std::vector<std::string>>(std::move(toLoad)), 0, std::move(done));
}

// Each step's callback starts the next step; nothing holds a reference to itself, so the chain is
// freed as soon as the last callback returns.
void ModuleHost::loadInOrder(std::shared_ptr<const std::vector<std::string>> names, std::size_t i, Done done) {
  if (i == names->size()) {
    done(okEnvelope(Json{{"reloaded", *names}}));
    return;
  }
  const std::string name = (*names)[i];
  loadModule(name, [this, names, i, done](Json r) {
    if (!isOk(r)) {
      done(r);
      return;
    }
    loadInOrder(names, i + 1, done);
  });
}

void ModuleHost::unloadAll() {
  std::vector<std::string> loaded = loadedNames();
  for (auto it = loaded.rbegin(); it != loaded.rend(); ++it) stopRuntime(*it);
}

// ---------------------------------------------------------------- client calls

void ModuleHost::call(const std::string& module, const std::string& method, const Json& args, int timeoutMs, Done done) {
  auto fail = [&](ErrorCode code, const std::string& message, Json extra = Json::object()) {
    Json e = errorEnvelope(code, message);
    e["module"] = module;
    e["method"] = method;
    for (auto it = extra.begin(); it != extra.end(); ++it) e[it.key()] = it.value();
    done(e);
  };
  auto rt = runtime(module);
  if (!rt) {
    if (discovery_.find(module) != nullptr) {
      fail(ErrorCode::ModuleNotLoaded, "module '" + module + "' is not loaded (run load-module " + module + ")");
    } else {
      fail(ErrorCode::ModuleNotFound, "no module named '" + module + "'");
    }
    return;
  }
  if (!args.is_array()) {
    fail(ErrorCode::InvalidArgs, "arguments must be a JSON array");
    return;
  }
  std::string op;
  Json params = Json::object();
  if (method == "chainAction") {
    if (args.empty() || !args[0].is_string()) {
      fail(ErrorCode::InvalidArgs, "chainAction takes <operation> [<params JSON object>]");
      return;
    }
    if (args.size() > 2) {
      fail(ErrorCode::InvalidArgs, "chainAction takes at most 2 arguments: <operation> and <params JSON object>");
      return;
    }
    op = args[0].get<std::string>();
    if (args.size() == 2) {
      params = args[1];
      if (params.is_string()) {
        auto parsed = lezpay::util::parseJson(args[1].get<std::string>());
        if (!parsed.ok()) {
          fail(ErrorCode::InvalidArgs, "chainAction params are " + parsed.error().message,
               Json{{"json_error", parsed.error().code}});
          return;
        }
        params = std::move(parsed).value();
      }
      if (params.is_null()) params = Json::object();
    }
  } else {
    op = method;
  }
  const OperationSpec* spec = nullptr;
  for (const auto& s : rt->operations) {
    if (s.name == op) spec = &s;
  }
  if (spec == nullptr) {
    fail(ErrorCode::MethodNotFound, "module '" + module + "' has no method '" + op + "'",
         Json{{"available_methods", methodNames(rt->operations)}});
    return;
  }
  if (method != "chainAction") {
    bool objectForm = args.size() == 1 && args[0].is_object() &&
                      (spec->params.empty() || (spec->params[0].type != ParamType::Object && spec->params[0].type != ParamType::Any));
    if (objectForm) {
      params = args[0];
    } else {
      auto bound = sdk::bindPositional(*spec, args);
      if (!bound.ok()) {
        fail(ErrorCode::InvalidArgs, bound.error().message, Json{{"usage", toJson(*spec)}});
        return;
      }
      params = bound.value();
    }
  }
  auto checked = sdk::checkParams(*spec, params);
  if (!checked.ok()) {
    fail(ErrorCode::InvalidArgs, checked.error().message, Json{{"usage", toJson(*spec)}});
    return;
  }

  auto fired = std::make_shared<bool>(false);
  auto deliver = [this, fired, done, module, method, op](const Json& answer) {
    QMetaObject::invokeMethod(this, [fired, done, module, method, op, answer] {
      if (*fired) return;
      *fired = true;
      if (isOk(answer)) {
        Json out{{"status", "ok"}, {"module", module}, {"method", method}, {"result", answer}};
        if (method == "chainAction") out["operation"] = op;
        done(out);
      } else {
        Json e = errorEnvelope(ErrorCode::MethodFailed, answer.value("message", "operation failed"));
        e["module"] = module;
        e["method"] = method;
        if (method == "chainAction") e["operation"] = op;
        e["error"] = answer;
        done(e);
      }
    }, Qt::QueuedConnection);
  };
  const int ms = timeoutMs > 0 ? timeoutMs : options_.defaultCallTimeoutMs;
  QTimer::singleShot(ms, this, [fired, done, module, method, ms] {
    if (*fired) return;
    *fired = true;
    Json e = errorEnvelope(ErrorCode::Timeout, "no answer from '" + module + "' within " + std::to_string(ms) + " ms");
    e["module"] = module;
    e["method"] = method;
    done(e);
  });
  Json p = checked.value();
  if (!rt->post([rt, op, p, deliver] { deliver(invokeOperation(rt->module(), op, p)); })) {
    *fired = true;
    fail(ErrorCode::ModuleNotLoaded, "module '" + module + "' is stopping");
  }
}

// ---------------------------------------------------------------- module-to-module calls

Json ModuleHost::checkModuleCall(const std::string& caller, const std::string& target, const std::string& operation,
                                 std::shared_ptr<ModuleRuntime>& out) const {
  auto callerRt = runtime(caller);
  const std::vector<std::string> deps = callerRt ? callerRt->metadata().dependencies : std::vector<std::string>{};
  auto targetRt = runtime(target);
  // Eligibility hooks: delivery_module calls whichever module was registered, without knowing it
  // at build time; the target opts in by declaring the hook capability (interfaces/logos/eligibility.h).
  const bool hookCall = targetRt && logos::eligibility::isHookCallAllowed(operation, targetRt->metadata().capabilities);
  if (!hookCall && !options_.policy.allows(caller, deps, target)) {
    qWarning("access policy denies '%s' -> '%s'", caller.c_str(), target.c_str());
    return errorEnvelope(ErrorCode::AccessDenied, "access policy denies '" + caller + "' -> '" + target + "': '" + target +
                                                      "' is not a declared dependency of '" + caller + "'");
  }
  out = runtime(target);
  if (!out) return errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + target + "' is not loaded");
  return Json();
}

Json ModuleHost::callFromModule(const std::string& caller, const std::string& target, const std::string& operation,
                                const Json& params, int timeoutMs) {
  std::shared_ptr<ModuleRuntime> rt;
  Json refused = checkModuleCall(caller, target, operation, rt);
  if (!refused.is_null()) return refused;
  if (target == caller) return invokeOperation(rt->module(), operation, params);  // already on its thread

  {
    // Wait-for graph: refuse a call whose target (transitively) waits on the caller, which
    // would otherwise block both threads until the timeout.
    std::lock_guard lock(mutex_);
    std::string chain = caller + " -> " + target;
    std::string cur = target;
    for (std::size_t hops = 0; hops <= runtimes_.size(); ++hops) {
      auto it = waitingOn_.find(cur);
      if (it == waitingOn_.end()) break;
      cur = it->second;
      chain += " -> " + cur;
      if (cur == caller) {
        return errorEnvelope(ErrorCode::CallCycle, "synchronous call cycle: " + chain + " (use callAsync for call-backs)");
      }
    }
    waitingOn_[caller] = target;
  }
  struct Shared {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    Json result;
  };
  auto sh = std::make_shared<Shared>();
  bool posted = rt->post([sh, rt, operation, params] {
    Json r = invokeOperation(rt->module(), operation, params);
    std::lock_guard lk(sh->m);
    sh->result = std::move(r);
    sh->done = true;
    sh->cv.notify_all();
  });
  Json out;
  if (!posted) {
    out = errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + target + "' is stopping");
  } else {
    const int ms = timeoutMs > 0 ? timeoutMs : options_.defaultCallTimeoutMs;
    std::unique_lock lk(sh->m);
    if (sh->cv.wait_for(lk, std::chrono::milliseconds(ms), [&] { return sh->done; })) {
      out = sh->result;
    } else {
      out = errorEnvelope(ErrorCode::Timeout, "'" + target + "' did not answer '" + operation + "' within " + std::to_string(ms) + " ms");
    }
  }
  std::lock_guard lock(mutex_);
  waitingOn_.erase(caller);
  return out;
}

void ModuleHost::callFromModuleAsync(const std::string& caller, const std::string& target, const std::string& operation,
                                     const Json& params, int timeoutMs, CallCallback done) {
  auto callerRt = runtime(caller);
  if (!callerRt) return;  // the caller is gone; nobody to answer
  auto fired = std::make_shared<std::atomic<bool>>(false);
  // Every outcome is delivered on the caller's thread, exactly once.
  auto deliver = [callerRt, fired, done](Json r) {
    callerRt->post([fired, done, r] {
      if (!fired->exchange(true)) done(r);
    });
  };
  std::shared_ptr<ModuleRuntime> rt;
  Json refused = checkModuleCall(caller, target, operation, rt);
  if (!refused.is_null()) {
    deliver(refused);
    return;
  }
  const int ms = timeoutMs > 0 ? timeoutMs : options_.defaultCallTimeoutMs;
  QObject* callerWorker = callerRt->worker();
  callerRt->post([callerWorker, fired, done, ms, target, operation] {
    QTimer::singleShot(ms, callerWorker, [fired, done, ms, target, operation] {
      if (!fired->exchange(true)) {
        done(errorEnvelope(ErrorCode::Timeout, "'" + target + "' did not answer '" + operation + "' within " + std::to_string(ms) + " ms"));
      }
    });
  });
  if (!rt->post([rt, operation, params, deliver] { deliver(invokeOperation(rt->module(), operation, params)); })) {
    deliver(errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + target + "' is stopping"));
  }
}

// ---------------------------------------------------------------- events

bool ModuleHost::subscribeFromModule(const std::string& subscriber, const std::string& target, const std::string& event,
                                     EventCallback cb) {
  auto subRt = runtime(subscriber);
  const std::vector<std::string> deps = subRt ? subRt->metadata().dependencies : std::vector<std::string>{};
  if (!options_.policy.allows(subscriber, deps, target)) {
    qWarning("access policy denies subscription '%s' -> '%s'", subscriber.c_str(), target.c_str());
    return false;
  }
  std::lock_guard lock(mutex_);
  subscriptions_.push_back({subscriber, target, event, std::move(cb)});
  return true;
}

void ModuleHost::publishEvent(const std::string& module, const std::string& event, const Json& args) {
  const Json argv = args.is_array() ? args : Json::array({args});
  std::vector<std::pair<std::shared_ptr<ModuleRuntime>, EventCallback>> targets;
  {
    std::lock_guard lock(mutex_);
    for (const auto& s : subscriptions_) {
      if (s.target != module || (!s.event.empty() && s.event != event)) continue;
      auto it = runtimes_.find(s.subscriber);
      if (it != runtimes_.end()) targets.emplace_back(it->second, s.callback);
    }
  }
  for (auto& [rt, cb] : targets) {
    rt->post([cb, module, event, argv] { cb(module, event, argv); });
  }
  Json data = Json::object();
  for (std::size_t i = 0; i < argv.size(); ++i) data["arg" + std::to_string(i)] = argv[i];
  Json line{{"timestamp", nowIso()}, {"module", module}, {"event", event}, {"data", data}};
  QMetaObject::invokeMethod(this, [this, module, event, line] {
    // Copy first: a watcher whose client went away removes itself while we iterate.
    std::vector<Watcher> matching;
    for (auto& [id, w] : watchers_) {
      if (w.module == module && (w.event.empty() || w.event == event)) matching.push_back(w.watcher);
    }
    for (auto& w : matching) w(line);
  }, Qt::QueuedConnection);
}

int ModuleHost::addWatcher(const std::string& module, const std::string& event, Watcher watcher) {
  int id = nextWatcherId_++;
  watchers_[id] = {module, event, std::move(watcher)};
  return id;
}

void ModuleHost::removeWatcher(int id) { watchers_.erase(id); }

}  // namespace logos::host
