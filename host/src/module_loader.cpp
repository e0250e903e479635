#include "logos/host/module_loader.h"

#include <algorithm>

#include "lezpay/fileio/atomic_file.h"
#include "logos/envelope.h"
#include "logos/host/dependency_order.h"

namespace logos::host {
ModuleLoader::ModuleLoader(QObject* mainThread, LoaderOptions options, ModuleRegistry& registry, ContextFactory contexts,
                           StoppingHook stopping, StoppedHook stopped)
    : main_(mainThread),
      options_(std::move(options)),
      registry_(registry),
      contexts_(std::move(contexts)),
      stopping_(std::move(stopping)),
      stopped_(std::move(stopped)) {
  rediscover();
}

void ModuleLoader::rediscover() {
  discovery_ = discoverModules(options_.moduleDirs);
  std::erase_if(failures_, [&](const auto& f) { return discovery_.find(f.first) == nullptr; });
}

const std::string* ModuleLoader::failure(const std::string& name) const {
  auto it = failures_.find(name);
  return it == failures_.end() ? nullptr : &it->second;
}

void ModuleLoader::recordFailure(const std::string& name, const std::string& why, const std::vector<std::string>& order) {
  std::map<std::string, std::string> chain{{name, name + " failed: " + why}};
  failures_[name] = chain[name];
  // Order is topological, so a module's failed dependency is always seen before the module.
  auto from = std::find(order.begin(), order.end(), name);
  for (auto it = from == order.end() ? order.end() : from + 1; it != order.end(); ++it) {
    const DiscoveredModule* d = discovery_.find(*it);
    if (d == nullptr) continue;
    for (const auto& dep : d->metadata.dependencies) {
      auto c = chain.find(dep);
      if (c == chain.end()) continue;
      chain[*it] = *it + " failed: dependency " + c->second;
      failures_[*it] = chain[*it];
      break;
    }
  }
}

// ---------------------------------------------------------------- loading

void ModuleLoader::load(const std::string& name, Done done) {
  queue_.push_back({name, std::move(done)});
  if (!loading_) startNextLoad();
}

void ModuleLoader::startNextLoad() {
  if (queue_.empty()) {
    loading_ = false;
    return;
  }
  loading_ = true;
  PendingLoad req = std::move(queue_.front());
  queue_.erase(queue_.begin());
  Done finish = [this, done = std::move(req.done)](Json result) {
    done(std::move(result));
    QMetaObject::invokeMethod(main_, [this] { startNextLoad(); }, Qt::QueuedConnection);
  };
  if (registry_.find(req.name)) {
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
    recordFailure(req.name, order.error().message);
    finish(errorEnvelope(ErrorCode::ModuleLoadFailed, "cannot load '" + req.name + "': " + order.error().message));
    return;
  }
  // discovered -> resolved: every module of the order has acceptable metadata.
  for (const auto& name : order.value()) {
    if (discovery_.find(name) == nullptr) {
      const auto* p = discovery_.problemFor(name);
      recordFailure(name, p ? p->reason : std::string("refused"), order.value());
      finish(errorEnvelope(ErrorCode::ModuleLoadFailed, "cannot load '" + req.name + "': dependency '" + name + "' (" +
                                                            (p ? p->file + "): " + p->reason : std::string("): refused"))));
      return;
    }
  }
  loadChain(order.value(), 0, {}, std::move(finish));
}

void ModuleLoader::loadChain(std::vector<std::string> order, std::size_t index, std::vector<std::string> loaded, Done done) {
  if (index == order.size()) {
    done(okEnvelope(Json{{"loaded", loaded}}));
    return;
  }
  const std::string name = order[index];
  if (registry_.find(name)) {
    loadChain(std::move(order), index + 1, std::move(loaded), std::move(done));
    return;
  }
  const std::string target = order.back();
  const std::string neededBy = name == target ? "" : " (needed by '" + target + "')";
  const DiscoveredModule* d = discovery_.find(name);
  auto rt = std::make_shared<ModuleRuntime>(d->metadata, d->libraryPath);
  if (options_.processes) {
    ChildSpec spec;
    spec.name = name;
    spec.version = d->metadata.version;
    spec.libraryPath = d->libraryPath;
    spec.dependencies = d->metadata.dependencies;
    spec.dependencyOperations = d->metadata.dependencyOperations;
    const auto& caps = d->metadata.capabilities;
    spec.capabilities = caps;
    spec.notDumpable = std::find(caps.begin(), caps.end(), kKeyHolderCapability) != caps.end();
    auto policy = options_.processes->restart.find(name);
    spec.restart = policy == options_.processes->restart.end() ? RestartPolicy::Restart : policy->second;
    spec.options = *options_.processes;
    spec.options.stopTimeoutMs = options_.stopTimeoutMs;
    spec.restarted = options_.restarted;
    rt->runInChild(std::move(spec));
  }
  // resolved -> loaded
  auto st = rt->loadLibrary();
  if (!st.ok()) {
    (void)rt->advance(ModuleState::Failed);
    recordFailure(name, st.error().message, order);
    done(errorEnvelope(ErrorCode::ModuleLoadFailed, st.error().message + neededBy));
    return;
  }
  rt->persistencePath = options_.persistencePath + "/" + name + "/" + kInstanceId;
  auto dirs = lezpay::fileio::makePrivateDirs(rt->persistencePath);
  if (!dirs.ok()) {
    (void)rt->advance(ModuleState::Failed);
    recordFailure(name, dirs.error().message, order);
    done(errorEnvelope(ErrorCode::ModuleLoadFailed, "module '" + name + "': " + dirs.error().message + neededBy));
    return;
  }
  std::string moduleDir = d->libraryPath.substr(0, d->libraryPath.find_last_of('/'));
  rt->context = contexts_(name, rt->persistencePath, moduleDir);
  rt->startThread();
  registry_.add(rt);
  // loaded -> initialized -> running, on the module's thread
  initialise(rt, [this, rt, name, neededBy, order = std::move(order), index, loaded = std::move(loaded),
                  done = std::move(done)](Json result) mutable {
    if (!isOk(result)) {
      std::string why = result.is_object() ? result.value("message", "initialisation failed") : "initialisation failed";
      (void)rt->advance(ModuleState::Failed);
      stop(name);
      recordFailure(name, "initLogos failed: " + why, order);
      done(errorEnvelope(ErrorCode::ModuleLoadFailed,
                         "module '" + name + "' (" + rt->libraryPath() + "): initLogos failed: " + why + neededBy));
      return;
    }
    failures_.erase(name);
    loaded.push_back(name);
    loadChain(std::move(order), index + 1, std::move(loaded), std::move(done));
  });
}

void ModuleLoader::initialise(const std::shared_ptr<ModuleRuntime>& rt, Done done) {
  bool posted = rt->post([main = main_, rt, done] {
    Json result;
    try {
      result = rt->module()->initLogos(rt->context.get());
      if (!isWellFormedEnvelope(result)) result = errorEnvelope(ErrorCode::ModuleLoadFailed, "initLogos answered malformed output");
      if (isOk(result) && rt->advance(ModuleState::Initialized).ok()) {
        rt->operations = rt->module()->operations();
        rt->events = rt->module()->events();
        rt->errors = rt->module()->errors();
        (void)rt->advance(ModuleState::Running);
      }
    } catch (const std::exception& ex) {
      result = errorEnvelope(ErrorCode::ModuleLoadFailed, std::string("initLogos threw: ") + ex.what());
    } catch (...) {
      result = errorEnvelope(ErrorCode::ModuleLoadFailed, "initLogos threw an unknown exception");
    }
    QMetaObject::invokeMethod(main, [done, result] { done(result); }, Qt::QueuedConnection);
  });
  if (!posted) done(errorEnvelope(ErrorCode::Internal, "module thread is not accepting work"));
}

// ---------------------------------------------------------------- stopping

void ModuleLoader::stop(const std::string& name) {
  if (!registry_.find(name)) return;
  if (stopping_) stopping_(name);
  auto rt = registry_.remove(name);
  if (!rt) return;
  rt->stop(options_.stopTimeoutMs);
  if (stopped_) stopped_(rt);
}

Json ModuleLoader::unload(const std::string& name) {
  if (!registry_.find(name)) {
    if (discovery_.find(name) != nullptr) return errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + name + "' is not loaded");
    return errorEnvelope(ErrorCode::ModuleNotFound, "no module named '" + name + "'");
  }
  DependencyGraph graph;
  std::vector<std::string> loaded = registry_.names();
  for (const auto& n : loaded) {
    if (auto rt = registry_.find(n)) graph[n] = rt->metadata().dependencies;
  }
  std::vector<std::string> unloaded = dependentsLeavesFirst(graph, loaded, name);
  unloaded.push_back(name);
  for (const auto& n : unloaded) stop(n);
  return okEnvelope(Json{{"unloaded", unloaded}});
}

void ModuleLoader::reload(const std::string& name, Done done) {
  Json un = unload(name);
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
void ModuleLoader::loadInOrder(std::shared_ptr<const std::vector<std::string>> names, std::size_t i, Done done) {
  if (i == names->size()) {
    done(okEnvelope(Json{{"reloaded", *names}}));
    return;
  }
  const std::string name = (*names)[i];
  load(name, [this, names, i, done](Json r) {
    if (!isOk(r)) {
      done(r);
      return;
    }
    loadInOrder(names, i + 1, done);
  });
}

void ModuleLoader::unloadAll() {
  std::vector<std::string> loaded = registry_.names();
  for (auto it = loaded.rbegin(); it != loaded.rend(); ++it) stop(*it);
}

}  // namespace logos::host
