#include "logos/host/call_router.h"

#include <QTimer>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <optional>

#include "logos/eligibility.h"
#include "logos/host/caller_stamp.h"
#include "logos/host/module_metadata.h"
#include "logos/envelope.h"

namespace logos::host {
namespace {

std::string joinOperations(const std::vector<std::string>& ops) {
  std::string out;
  for (const auto& op : ops) out += (out.empty() ? "'" : ", '") + op + "'";
  return out;
}

}  // namespace

CallRouter::CallRouter(QObject* mainThread, const ModuleRegistry& registry, const AccessPolicy& policy, int defaultTimeoutMs)
    : main_(mainThread), registry_(registry), policy_(policy), defaultTimeoutMs_(defaultTimeoutMs) {}

void CallRouter::armDeadline(const std::shared_ptr<CallDeadline>& deadline, QObject* owner, int ms, std::function<void()> expired) {
  if (deadline->disarmed) return;  // answered before the deadline could be set
  deadline->timer = new QTimer(owner);
  deadline->timer->setSingleShot(true);
  // The slot holds the deadline, so it outlives a caller that dropped the call; the timer goes
  // when it fires or is disarmed.
  QObject::connect(deadline->timer, &QTimer::timeout, deadline->timer, [deadline, expired = std::move(expired)] {
    deadline->disarm();
    expired();
  });
  deadline->timer->start(ms);
}

void CallRouter::CallDeadline::disarm() {
  disarmed = true;
  if (timer == nullptr) return;
  timer->stop();
  timer->deleteLater();
  timer = nullptr;
}

void CallRouter::postCancel(const std::shared_ptr<ModuleRuntime>& rt, std::uint64_t callId) {
  if (!rt) return;
  rt->post([rt, callId] { cancelOperation(rt->module(), callId); });
}

// ---------------------------------------------------------------- client calls

std::uint64_t CallRouter::startClientCall(const std::shared_ptr<ModuleRuntime>& rt, const std::string& operation, Json params,
                                          int timeoutMs, ClientDone done) {
  const std::uint64_t id = nextId();
  const std::string module = rt->name();
  clientCalls_[id] = ClientCall{module, rt, std::move(done)};
  // The reply comes back on the module's thread; the entry lives on the main thread.
  auto sink = [this, id, main = main_](Json answer) {
    QMetaObject::invokeMethod(main, [this, id, answer = std::move(answer)] {
      auto it = clientCalls_.find(id);
      if (it == clientCalls_.end()) return;  // timed out, cancelled or failed already
      ClientDone d = std::move(it->second.done);
      clientCalls_.erase(it);
      d(answer, true);
    }, Qt::QueuedConnection);
  };
  const int ms = deadline(timeoutMs);
  QTimer::singleShot(ms, main_, [this, id, ms] {
    auto it = clientCalls_.find(id);
    if (it == clientCalls_.end()) return;
    ClientCall call = std::move(it->second);
    clientCalls_.erase(it);
    postCancel(call.runtime.lock(), id);
    call.done(errorEnvelope(ErrorCode::Timeout, "no answer from '" + call.module + "' within " + std::to_string(ms) + " ms"), false);
  });
  const bool posted = rt->post([rt, id, operation, params = std::move(params), sink] {
    beginOperation(rt->module(), id, operation, params, sink);
  });
  if (!posted) {
    auto it = clientCalls_.find(id);
    ClientDone d = std::move(it->second.done);
    clientCalls_.erase(it);
    d(errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + module + "' is stopping"), false);
  }
  return id;
}

void CallRouter::cancelClientCall(std::uint64_t callId) {
  auto it = clientCalls_.find(callId);
  if (it == clientCalls_.end()) return;
  auto rt = it->second.runtime.lock();
  clientCalls_.erase(it);
  postCancel(rt, callId);
}

void CallRouter::failClientCallsTo(const std::shared_ptr<ModuleRuntime>& runtime) {
  // Queued behind the replies the module posted during shutdown, so its own answers win.
  QMetaObject::invokeMethod(main_, [this, runtime] {
    std::vector<std::pair<std::string, ClientDone>> failed;
    for (auto it = clientCalls_.begin(); it != clientCalls_.end();) {
      const auto& w = it->second.runtime;
      const bool same = !w.owner_before(runtime) && !runtime.owner_before(w);
      if (same) {
        failed.emplace_back(it->second.module, std::move(it->second.done));
        it = clientCalls_.erase(it);
      } else {
        ++it;
      }
    }
    for (auto& [module, done] : failed) {
      done(errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + module + "' was unloaded before it answered"), false);
    }
  }, Qt::QueuedConnection);
}

// ---------------------------------------------------------------- module-to-module calls

Json CallRouter::checkModuleCall(const std::string& caller, const std::string& target, const std::string& operation,
                                 std::shared_ptr<ModuleRuntime>& out) const {
  auto callerRt = registry_.find(caller);
  const std::vector<std::string> deps = callerRt ? callerRt->metadata().dependencies : std::vector<std::string>{};
  auto targetRt = registry_.find(target);
  // Eligibility hooks: delivery_module calls whichever module was registered, without knowing it
  // at build time; the target opts in by declaring the hook capability (interfaces/logos/eligibility.h).
  const bool hookCall = targetRt && logos::eligibility::isHookCallAllowed(operation, targetRt->metadata().capabilities);
  if (!hookCall && !policy_.allows(caller, deps, target)) {
    qWarning("access policy denies '%s' -> '%s'", caller.c_str(), target.c_str());
    return errorEnvelope(ErrorCode::AccessDenied, "access policy denies '" + caller + "' -> '" + target + "': '" + target +
                                                      "' is not a declared dependency of '" + caller + "'");
  }
  // A scoped dependency (metadata "dependency_operations") allows only the operations it names.
  const std::vector<std::string>* scope = callerRt && policy_.enforced() ? scopedOperations(callerRt->metadata(), target) : nullptr;
  if (!hookCall && scope && std::find(scope->begin(), scope->end(), operation) == scope->end()) {
    qWarning("access policy denies '%s' -> '%s' '%s'", caller.c_str(), target.c_str(), operation.c_str());
    return errorEnvelope(ErrorCode::AccessDenied, "access policy denies '" + caller + "' -> '" + target + "' '" + operation + "': '" + caller +
                                                      "' may call only " + joinOperations(*scope) + " of '" + target +
                                                      "' (its metadata dependency_operations)");
  }
  out = targetRt;
  if (!out) return errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + target + "' is not loaded");
  return Json();
}

Json CallRouter::callSync(const std::string& caller, const std::string& target, const std::string& operation, const Json& givenParams,
                          int timeoutMs) {
  std::shared_ptr<ModuleRuntime> rt;
  Json refused = checkModuleCall(caller, target, operation, rt);
  if (!refused.is_null()) return refused;
  const Json params = stampModuleCall(rt->operations, operation, givenParams, caller);
  const std::uint64_t id = nextId();
  if (target == caller) {
    // Already on the module's thread: run it here. An operation that answers later cannot be
    // waited for without blocking the very thread that would answer it.
    auto answer = std::make_shared<std::optional<Json>>();
    beginOperation(rt->module(), id, operation, params, [answer](Json e) { *answer = std::move(e); });
    if (*answer) return std::move(**answer);
    cancelOperation(rt->module(), id);
    return errorEnvelope(ErrorCode::CallCycle, "synchronous self-call: " + caller + " -> " + caller + " '" + operation +
                                                   "' answers asynchronously (use callAsync)");
  }
  {
    std::lock_guard lock(graphMutex_);
    if (auto cycle = waitFor_.beginWait(caller, target)) {
      return errorEnvelope(ErrorCode::CallCycle, "synchronous call cycle: " + *cycle + " (use callAsync for call-backs)");
    }
  }
  struct Shared {
    std::mutex m;
    std::condition_variable cv;
    std::optional<Json> result;
  };
  auto sh = std::make_shared<Shared>();
  const bool posted = rt->post([sh, rt, id, operation, params] {
    beginOperation(rt->module(), id, operation, params, [sh](Json r) {
      std::lock_guard lk(sh->m);
      sh->result = std::move(r);
      sh->cv.notify_all();
    });
  });
  Json out;
  if (!posted) {
    out = errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + target + "' is stopping");
  } else {
    const int ms = deadline(timeoutMs);
    std::unique_lock lk(sh->m);
    if (sh->cv.wait_for(lk, std::chrono::milliseconds(ms), [&] { return sh->result.has_value(); })) {
      out = std::move(*sh->result);
    } else {
      lk.unlock();
      postCancel(rt, id);
      out = errorEnvelope(ErrorCode::Timeout, "'" + target + "' did not answer '" + operation + "' within " + std::to_string(ms) + " ms");
    }
  }
  std::lock_guard lock(graphMutex_);
  waitFor_.endWait(caller);
  return out;
}

void CallRouter::callAsync(const std::string& caller, const std::string& target, const std::string& operation, const Json& givenParams,
                           int timeoutMs, CallCallback done) {
  auto callerRt = registry_.find(caller);
  if (!callerRt) return;  // the caller is gone; nobody to answer
  auto fired = std::make_shared<std::atomic<bool>>(false);
  auto deadlineTimer = std::make_shared<CallDeadline>();
  // Every outcome is delivered on the caller's thread, exactly once; the answer stops the deadline.
  auto deliver = [callerRt, fired, done, deadlineTimer](Json r) {
    callerRt->post([fired, done, deadlineTimer, r = std::move(r)] {
      if (fired->exchange(true)) return;
      deadlineTimer->disarm();
      done(r);
    });
  };
  std::shared_ptr<ModuleRuntime> rt;
  Json refused = checkModuleCall(caller, target, operation, rt);
  if (!refused.is_null()) {
    deliver(refused);
    return;
  }
  const Json params = stampModuleCall(rt->operations, operation, givenParams, caller);
  const std::uint64_t id = nextId();
  const int ms = deadline(timeoutMs);
  QObject* callerWorker = callerRt->worker();
  std::weak_ptr<ModuleRuntime> weakTarget = rt;
  // Posted before the call itself, so it runs on the caller's thread before any answer does.
  callerRt->post([callerWorker, deadlineTimer, fired, done, ms, target, operation, weakTarget, id] {
    armDeadline(deadlineTimer, callerWorker, ms, [fired, done, ms, target, operation, weakTarget, id] {
      if (fired->exchange(true)) return;
      postCancel(weakTarget.lock(), id);
      done(errorEnvelope(ErrorCode::Timeout, "'" + target + "' did not answer '" + operation + "' within " + std::to_string(ms) + " ms"));
    });
  });
  if (!rt->post([rt, id, operation, params, deliver] { beginOperation(rt->module(), id, operation, params, deliver); })) {
    deliver(errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + target + "' is stopping"));
  }
}

}  // namespace logos::host
