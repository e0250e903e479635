#pragma once
// Moves modules through their lifecycle (module_lifecycle.h): discovery, dependency resolution,
// loading the library, initLogos on the module's own thread, running, and stopping dependents
// first. Loads are serialised. A module that fails stays known with its reason chain
// ("x failed: dependency y failed: library cannot load: ..."), which list-modules and
// module-info show, until a later load of it succeeds or a rescan no longer finds it.
//
// Main thread only.

#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "logos/host/child_module.h"
#include "logos/host/discovery.h"
#include "logos/host/module_registry.h"
#include "logos/module_context.h"

namespace logos::host {

// Instance id of every module in this host. Upstream Logos Core derives a per-instance id;
// one host runs one instance of each module, and a stable id keeps its persistence directory
// stable across restarts (docs/decisions.md).
inline constexpr const char* kInstanceId = "default";

struct LoaderOptions {
  std::vector<std::string> moduleDirs;
  std::string persistencePath;
  int stopTimeoutMs = 10000;
  // Set: each module runs in a child process (child_module.h); unset: on a thread of this process.
  std::optional<ChildProcessOptions> processes;
  // A child restarted after a crash (called on the module's thread).
  std::function<void(const std::string& name)> restarted;
};

// The capability of the module that holds signing keys: its process is made non-dumpable.
inline constexpr const char* kKeyHolderCapability = "lez.sign";

class ModuleLoader {
 public:
  using Done = std::function<void(Json)>;
  // Builds the context a module gets (name, persistence dir, module dir).
  using ContextFactory =
      std::function<std::unique_ptr<ModuleContext>(const std::string& name, const std::string& persistence, const std::string& moduleDir)>;
  // Run on the main thread around a module's stop: `stopping` before shutdown() (its
  // subscriptions go), `stopped` after its thread ended (calls it never answered are failed).
  using StoppingHook = std::function<void(const std::string& name)>;
  using StoppedHook = std::function<void(const std::shared_ptr<ModuleRuntime>& runtime)>;

  ModuleLoader(QObject* mainThread, LoaderOptions options, ModuleRegistry& registry, ContextFactory contexts, StoppingHook stopping,
               StoppedHook stopped);

  void rediscover();
  const Discovery& discovery() const { return discovery_; }

  // Why `name` failed (the whole chain), or nullptr when it has not failed.
  const std::string* failure(const std::string& name) const;

  // Loads `name` and its dependencies in topological order; `done` gets
  // {"status":"ok","loaded":[newly loaded...]} or an error envelope.
  void load(const std::string& name, Done done);
  // Stops dependents (leaves first) and then `name`: {"status":"ok","unloaded":[...]}.
  Json unload(const std::string& name);
  void reload(const std::string& name, Done done);
  void unloadAll();

 private:
  struct PendingLoad {
    std::string name;
    Done done;
  };

  void startNextLoad();
  void loadChain(std::vector<std::string> order, std::size_t index, std::vector<std::string> loaded, Done done);
  void initialise(const std::shared_ptr<ModuleRuntime>& rt, Done done);
  void loadInOrder(std::shared_ptr<const std::vector<std::string>> names, std::size_t i, Done done);
  void stop(const std::string& name);
  // Records `name` as failed for `why`, and every module of `order` that needed it (the ones
  // after it) as failed through it.
  void recordFailure(const std::string& name, const std::string& why, const std::vector<std::string>& order = {});

  QObject* main_;
  LoaderOptions options_;
  ModuleRegistry& registry_;
  ContextFactory contexts_;
  StoppingHook stopping_;
  StoppedHook stopped_;
  Discovery discovery_;
  std::map<std::string, std::string> failures_;
  std::vector<PendingLoad> queue_;
  bool loading_ = false;
};

}  // namespace logos::host
