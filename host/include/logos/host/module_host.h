#pragma once
// The module host: discovery, dependency-ordered loading, per-module threads, call routing
// with access policy, timeouts and call-cycle detection, and event fan-out.
//
// Threads: a ModuleHost lives on the main thread. The "main-thread API" below must be called
// there and delivers its callbacks there. The "module API" is thread-safe and is what each
// module's ModuleContext calls from the module's own thread.
//
// Qt keeps one plugin instance per library per process, so one process runs at most one
// ModuleHost at a time (the daemon has exactly one).

#include <QObject>

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "logos/host/access_policy.h"
#include "logos/host/discovery.h"
#include "logos/host/module_runtime.h"
#include "logos/module_context.h"

namespace logos::host {

struct HostOptions {
  std::vector<std::string> moduleDirs;
  std::string persistencePath;
  AccessPolicy policy = AccessPolicy::enforcing();
  int defaultCallTimeoutMs = 30000;
  int stopTimeoutMs = 10000;
};

class ModuleHost : public QObject {
  Q_OBJECT
 public:
  using Done = std::function<void(Json)>;
  using Watcher = std::function<void(const Json& eventLine)>;

  explicit ModuleHost(HostOptions options, QObject* parent = nullptr);
  ~ModuleHost() override;

  // ---- main-thread API ----
  // Rescans the module directories (also done before every load).
  void rediscover();
  const Discovery& discovery() const { return discovery_; }

  // JSON array of {name, status, version, description, dependencies, library, [reason]}: loaded
  // modules, then (unless loadedOnly) discovered and refused ones.
  Json listModules(bool loadedOnly) const;

  // Envelope with metadata, state, methods (described operations plus chainAction) and events.
  Json moduleInfo(const std::string& name) const;

  // Loads `name` and its dependencies in topological order; `done` gets
  // {"status":"ok","loaded":[newly loaded...]} or an error envelope. Loads are serialised.
  void loadModule(const std::string& name, Done done);

  // Unloads dependents (leaves first) and then `name`. Envelope {"status":"ok","unloaded":[...]}.
  Json unloadModule(const std::string& name);

  // Unloads `name` (and dependents) and loads them again.
  void reloadModule(const std::string& name, Done done);

  // Unloads everything in reverse load order.
  void unloadAll();

  // A client call: `method` is "chainAction" (args: [operation, params object or JSON text]) or
  // a described operation (args bind positionally; a single object argument is taken as the
  // params object). `done` gets the CLI envelope: {"status":"ok","module","method","result"}
  // or {"status":"error","code","message",...}.
  void call(const std::string& module, const std::string& method, const Json& args, int timeoutMs, Done done);

  // Subscribes a client to a module's events ("" = all); returns an id for removeWatcher.
  int addWatcher(const std::string& module, const std::string& event, Watcher watcher);
  void removeWatcher(int id);

  std::vector<std::string> loadedNames() const;  // in load order
  bool isLoaded(const std::string& name) const;

  // ---- module API (thread-safe) ----
  Json callFromModule(const std::string& caller, const std::string& target, const std::string& operation,
                      const Json& params, int timeoutMs);
  void callFromModuleAsync(const std::string& caller, const std::string& target, const std::string& operation,
                           const Json& params, int timeoutMs, CallCallback done);
  bool subscribeFromModule(const std::string& subscriber, const std::string& target, const std::string& event,
                           EventCallback cb);
  void publishEvent(const std::string& module, const std::string& event, const Json& args);

  int defaultCallTimeoutMs() const { return options_.defaultCallTimeoutMs; }

 private:
  // Loads names[i], then names[i+1] ... in order; stops at the first failure.
  void loadInOrder(std::shared_ptr<const std::vector<std::string>> names, std::size_t i, Done done);

  struct Subscription {
    std::string subscriber;
    std::string target;
    std::string event;
    EventCallback callback;
  };
  struct ClientWatcher {
    std::string module;
    std::string event;
    Watcher watcher;
  };
  struct PendingLoad {
    std::string name;
    Done done;
  };

  std::shared_ptr<ModuleRuntime> runtime(const std::string& name) const;
  // Access + existence checks shared by sync and async module calls; empty result = allowed.
  Json checkModuleCall(const std::string& caller, const std::string& target, const std::string& operation,
                       std::shared_ptr<ModuleRuntime>& out) const;
  void startNextLoad();
  void loadChain(std::vector<std::string> order, std::size_t index, std::vector<std::string> loaded, Done done);
  void initialise(const std::shared_ptr<ModuleRuntime>& rt, std::function<void(Json)> done);
  void stopRuntime(const std::string& name);

  HostOptions options_;
  Discovery discovery_;

  mutable std::mutex mutex_;  // guards runtimes_, order_, subscriptions_, waitingOn_
  std::map<std::string, std::shared_ptr<ModuleRuntime>> runtimes_;
  std::vector<std::string> order_;  // load order
  std::vector<Subscription> subscriptions_;
  std::map<std::string, std::string> waitingOn_;  // module -> module it waits on synchronously

  std::map<int, ClientWatcher> watchers_;  // main thread only
  int nextWatcherId_ = 1;
  std::vector<PendingLoad> loadQueue_;
  bool loading_ = false;
};

}  // namespace logos::host
