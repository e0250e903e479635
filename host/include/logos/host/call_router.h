#pragma once
// Routes operation calls to modules (interfaces/CONTRACT.md): every call is a beginAction on the
// callee's thread with a fresh call id; the router completes the caller when the reply fires,
// owns the deadline (TIMEOUT once, then cancelAction to the callee) and cancels a call whose
// client went away. Nothing here waits in an event loop: client and async calls are callbacks,
// and only callSync (code outside handlers) blocks its own module thread on a condition variable,
// guarded by the wait-for graph against cycles.
//
// Threads: the client-call API runs on the main thread (the thread of `mainThread`) and answers
// there. The module-call API is thread-safe and answers on the caller's module thread.

#include <QObject>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "logos/host/access_policy.h"
#include "logos/host/module_registry.h"
#include "logos/host/wait_for_graph.h"
#include "logos/module_context.h"

class QTimer;

namespace logos::host {

class CallRouter {
 public:
  // `fromModule` tells the module's own answer (ok or its error) from one the host made up
  // (TIMEOUT, MODULE_NOT_LOADED when the module stopped).
  using ClientDone = std::function<void(Json envelope, bool fromModule)>;

  CallRouter(QObject* mainThread, const ModuleRegistry& registry, const AccessPolicy& policy, int defaultTimeoutMs);

  // ---- main thread ----
  // Starts `operation` (params already checked) on `rt`. `done` runs exactly once on the main
  // thread unless the call is cancelled first. Returns the call id for cancelClientCall.
  std::uint64_t startClientCall(const std::shared_ptr<ModuleRuntime>& rt, const std::string& operation, Json params,
                                int timeoutMs, ClientDone done);
  // The client went away: `done` never runs, the module gets cancelAction. Unknown ids are ignored.
  void cancelClientCall(std::uint64_t callId);
  // `runtime` stopped. Answers its module gave while shutting down are still queued on the main
  // thread; after them, the client calls it never answered get MODULE_NOT_LOADED.
  void failClientCallsTo(const std::shared_ptr<ModuleRuntime>& runtime);
  std::size_t openClientCalls() const { return clientCalls_.size(); }

  // ---- module API (thread-safe) ----
  Json callSync(const std::string& caller, const std::string& target, const std::string& operation, const Json& params,
                int timeoutMs);
  void callAsync(const std::string& caller, const std::string& target, const std::string& operation, const Json& params,
                 int timeoutMs, CallCallback done);

 private:
  // The deadline of one asynchronous call: a timer on the caller's thread that the answer stops
  // and deletes (caller's thread only), so a busy caller holds timers only for the calls still in
  // flight: Qt keeps a thread's timers in one sorted list, and every start and stop walks it.
  struct CallDeadline {
    QTimer* timer = nullptr;
    bool disarmed = false;
    void disarm();
  };
  static void armDeadline(const std::shared_ptr<CallDeadline>& deadline, QObject* owner, int ms, std::function<void()> expired);

  struct ClientCall {
    std::string module;
    std::weak_ptr<ModuleRuntime> runtime;
    ClientDone done;
  };

  // Access and existence checks shared by module calls; a null result means allowed (`out` set).
  Json checkModuleCall(const std::string& caller, const std::string& target, const std::string& operation,
                       std::shared_ptr<ModuleRuntime>& out) const;
  int deadline(int timeoutMs) const { return timeoutMs > 0 ? timeoutMs : defaultTimeoutMs_; }
  std::uint64_t nextId() { return nextId_.fetch_add(1); }
  static void postCancel(const std::shared_ptr<ModuleRuntime>& rt, std::uint64_t callId);

  QObject* main_;
  const ModuleRegistry& registry_;
  const AccessPolicy& policy_;
  int defaultTimeoutMs_;
  std::atomic<std::uint64_t> nextId_{1};
  std::map<std::uint64_t, ClientCall> clientCalls_;  // main thread only
  std::mutex graphMutex_;
  WaitForGraph waitFor_;
};

}  // namespace logos::host
