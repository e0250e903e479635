#pragma once
// The module host, a facade over its parts: the loader (discovery and the module lifecycle,
// module_loader.h), the call router (client and module-to-module calls, timeouts, cancellation,
// call_router.h), the event bus (event_bus.h) and client argument binding (sdk/client_binding.h).
//
// Threads: a ModuleHost lives on the main thread. The "main-thread API" below must be called
// there and delivers its callbacks there. The "module API" is thread-safe and is what each
// module's ModuleContext calls from the module's own thread.
//
// Qt keeps one plugin instance per library per process, so one process runs at most one
// ModuleHost at a time (the daemon has exactly one).

#include <QObject>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "logos/host/access_policy.h"
#include "logos/host/call_router.h"
#include "logos/host/discovery.h"
#include "logos/host/event_bus.h"
#include "logos/host/module_loader.h"
#include "logos/host/module_registry.h"
#include "logos/module_context.h"

namespace logos::host {

struct HostOptions {
  std::vector<std::string> moduleDirs;
  std::string persistencePath;
  AccessPolicy policy = AccessPolicy::enforcing();
  int defaultCallTimeoutMs = 30000;
  int stopTimeoutMs = 10000;
  // Set: every module runs in a process of its own (child_module.h); unset: modules are threads
  // of this process (`logoscore -D --in-process`, and the unit tests).
  std::optional<ChildProcessOptions> processes;
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
  const Discovery& discovery() const { return loader_.discovery(); }

  // JSON array of {name, status, version, description, dependencies, library, [reason]}: loaded
  // modules, then (unless loadedOnly) discovered, failed (with the reason chain) and refused ones.
  Json listModules(bool loadedOnly) const;

  // Envelope with metadata, state, methods (described operations plus chainAction) and events;
  // a module that failed to load answers its state and reason chain.
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
  // or {"status":"error","code","message",...}, exactly once unless cancelCall comes first.
  // Returns the call id (0 when `done` already ran). `argTexts`: the client's original text of
  // each argument, for parameters declared as text (sdk/client_binding.h).
  // `callerStamp`: who called (logos/caller.h client shape), handed to operations that take it.
  std::uint64_t call(const std::string& module, const std::string& method, const Json& args, int timeoutMs, Done done,
                     const Json& argTexts = nullptr, const Json& callerStamp = nullptr);
  // How ModuleContext::authorizeClientToken answers (set by the daemon, which owns the token
  // store; unset answers UNAUTHORIZED). Called on module threads: it must be thread-safe.
  using ClientTokenChecker = std::function<Json(const std::string& token, const std::string& module, const std::string& operation)>;
  void setClientTokenChecker(ClientTokenChecker checker) { tokenChecker_ = std::move(checker); }
  Json checkClientToken(const std::string& token, const std::string& module, const std::string& operation) const;

  // The client went away: its call's `done` never runs and the module is asked to stop the work.
  void cancelCall(std::uint64_t callId);

  // Subscribes a client to a module's events ("" = all); returns an id for removeWatcher.
  int addWatcher(const std::string& module, const std::string& event, Watcher watcher);
  void removeWatcher(int id);

  std::vector<std::string> loadedNames() const;  // in load order

  // The process `name` runs in: its child's pid, the daemon's for a module in-process, 0 while
  // its child is down or when it is not loaded.
  long modulePid(const std::string& name) const;
  // {"mode":"process","pid","state","restarts","last_exit","restart_policy"} or {"mode":"in-process","pid"}.
  Json moduleProcess(const std::string& name) const;
  // Runs on the main thread after a module's child restarted (the daemon replays its settings).
  void setModuleRestartedHandler(std::function<void(const std::string& name)> handler) { restartedHandler_ = std::move(handler); }
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
  const std::vector<std::string>& moduleDirs() const { return options_.moduleDirs; }

 private:
  std::shared_ptr<ModuleRuntime> runtime(const std::string& name) const { return registry_.find(name); }

  HostOptions options_;
  ModuleRegistry registry_;
  EventBus events_;
  CallRouter router_;
  ModuleLoader loader_;
  ClientTokenChecker tokenChecker_;
  std::function<void(const std::string&)> restartedHandler_;
};

}  // namespace logos::host
