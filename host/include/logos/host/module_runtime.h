#pragma once
// One loaded module: its plugin library, its instance, the thread it runs on and the context
// the host gave it. Owned by ModuleHost; everything that touches the module instance runs on
// the runtime's thread through post().

#include <QObject>
#include <QPluginLoader>
#include <QThread>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "logos/host/child_module.h"
#include "logos/host/module_lifecycle.h"
#include "logos/host/module_metadata.h"
#include "logos/logos_module.h"

namespace logos::host {

class ModuleRuntime {
 public:
  ModuleRuntime(ModuleMetadata metadata, std::string libraryPath);
  ~ModuleRuntime();
  ModuleRuntime(const ModuleRuntime&) = delete;
  ModuleRuntime& operator=(const ModuleRuntime&) = delete;

  // Loads the library and checks the instance (interface, name). Main thread. Error code
  // MODULE_LOAD_FAILED with a message naming the module and the file. After runInChild the
  // library is not opened here: the instance is a ChildModule that starts a process in initLogos.
  lezpay::util::Status loadLibrary();

  // Runs the module in a child process (child_module.h). Before loadLibrary.
  void runInChild(ChildSpec spec) { childSpec_ = std::move(spec); }
  // The stand-in of a module in its own process; nullptr for a module on a thread of the daemon.
  const ChildModule* child() const { return child_; }

  // Starts the module's thread and moves the instance onto it.
  void startThread();

  // Queues `job` on the module's thread. Returns false when the module no longer accepts work
  // (stopping or stopped); the job is then not run.
  bool post(std::function<void()> job);

  // Runs shutdown() on the module's thread, stops the thread (waiting up to `timeoutMs`) and
  // unloads the library. Main thread. Idempotent.
  void stop(int timeoutMs);

  const ModuleMetadata& metadata() const { return metadata_; }
  const std::string& name() const { return metadata_.name; }
  const std::string& libraryPath() const { return libraryPath_; }
  LogosModule* module() const { return module_; }
  QObject* worker() const { return worker_; }

  ModuleState state() const { return state_.load(); }
  // Moves to `to` when the lifecycle allows it (module_lifecycle.h); a refused move changes
  // nothing, logs and answers the reason.
  lezpay::util::Status advance(ModuleState to);

  // Cached after initLogos (read on any thread afterwards; written once before Running).
  std::vector<OperationSpec> operations;
  std::vector<EventSpec> events;
  std::vector<ErrorSpec> errors;
  std::unique_ptr<ModuleContext> context;
  std::string persistencePath;

 private:
  ModuleMetadata metadata_;
  std::string libraryPath_;
  QPluginLoader loader_;
  std::optional<ChildSpec> childSpec_;
  ChildModule* child_ = nullptr;
  QObject* instance_ = nullptr;
  LogosModule* module_ = nullptr;
  QThread thread_;
  QObject* worker_ = nullptr;  // lives on thread_; target of posted jobs
  std::atomic<bool> accepting_{false};
  std::atomic<ModuleState> state_{ModuleState::Resolved};
};

// Starts one operation on the module through beginAction (must be called on its thread).
// `done` gets a well-formed envelope exactly once, now or later on the module's thread:
// exceptions and malformed answers become METHOD_FAILED, a second answer is dropped.
void beginOperation(LogosModule* module, std::uint64_t callId, const std::string& operation, const Json& params,
                    std::function<void(Json)> done);

// Asks the module to stop call `callId` (must be called on its thread); exceptions are swallowed.
void cancelOperation(LogosModule* module, std::uint64_t callId);

}  // namespace logos::host
