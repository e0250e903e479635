#include "logos/host/module_runtime.h"

#include <QCoreApplication>

#include "logos/envelope.h"

namespace logos::host {

lezpay::util::Status ModuleRuntime::advance(ModuleState to) {
  ModuleState from = state_.load();
  auto st = checkMove(metadata_.name, from, to);
  if (!st.ok()) {
    qWarning("%s", st.error().message.c_str());
    return st;
  }
  state_.store(to);
  return st;
}

ModuleRuntime::ModuleRuntime(ModuleMetadata metadata, std::string libraryPath)
    : metadata_(std::move(metadata)), libraryPath_(std::move(libraryPath)) {
  thread_.setObjectName(QString::fromStdString("module:" + metadata_.name));
}

ModuleRuntime::~ModuleRuntime() { stop(10000); }

lezpay::util::Status ModuleRuntime::loadLibrary() {
  const std::string code(toString(ErrorCode::ModuleLoadFailed));
  const std::string who = "module '" + metadata_.name + "' (" + libraryPath_ + "): ";
  if (childSpec_) {
    child_ = new ChildModule(*childSpec_);
    instance_ = child_;
    module_ = child_;
    return advance(ModuleState::Loaded);
  }
  loader_.setFileName(QString::fromStdString(libraryPath_));
  // Resolve all symbols now so a missing symbol fails the load instead of a later call.
  loader_.setLoadHints(QLibrary::ResolveAllSymbolsHint);
  if (!loader_.load()) return lezpay::util::Error{code, who + "library cannot load: " + loader_.errorString().toStdString()};
  instance_ = loader_.instance();
  if (instance_ == nullptr) {
    return lezpay::util::Error{code, who + "plugin instance cannot be created: " + loader_.errorString().toStdString()};
  }
  module_ = qobject_cast<LogosModule*>(instance_);
  if (module_ == nullptr) {
    loader_.unload();
    instance_ = nullptr;
    return lezpay::util::Error{code, who + "plugin does not implement " LOGOS_MODULE_IID};
  }
  const std::string reported = module_->name();
  if (reported != metadata_.name) {
    loader_.unload();
    instance_ = nullptr;
    module_ = nullptr;
    return lezpay::util::Error{code, who + "plugin name() is '" + reported + "' but metadata.json says '" + metadata_.name + "'"};
  }
  return advance(ModuleState::Loaded);
}

void ModuleRuntime::startThread() {
  worker_ = new QObject;
  worker_->moveToThread(&thread_);
  instance_->moveToThread(&thread_);
  QObject::connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.start();
  accepting_.store(true);
}

bool ModuleRuntime::post(std::function<void()> job) {
  if (!accepting_.load() || worker_ == nullptr) return false;
  return QMetaObject::invokeMethod(worker_, std::move(job), Qt::QueuedConnection);
}

void ModuleRuntime::stop(int timeoutMs) {
  const bool wasRunning = accepting_.exchange(false);
  if (thread_.isRunning()) {
    QObject* instance = instance_;
    LogosModule* module = module_;
    QThread* mainThread = QCoreApplication::instance() ? QCoreApplication::instance()->thread() : nullptr;
    QThread* self = &thread_;
    // Shutdown runs on the module's thread after every job queued before it; then the instance
    // is handed back to the main thread so the loader can delete it there.
    QMetaObject::invokeMethod(
        worker_,
        [=] {
          if (wasRunning && module != nullptr) module->shutdown();
          if (instance != nullptr && mainThread != nullptr) instance->moveToThread(mainThread);
          self->quit();
        },
        Qt::QueuedConnection);
    if (!thread_.wait(static_cast<unsigned long>(timeoutMs))) {
      qWarning("module '%s' did not stop within %d ms; terminating its thread", metadata_.name.c_str(), timeoutMs);
      thread_.terminate();
      thread_.wait();
    }
  }
  if (child_ != nullptr) {
    delete child_;  // back on this thread; its process has exited
    child_ = nullptr;
    instance_ = nullptr;
    module_ = nullptr;
  } else if (instance_ != nullptr) {
    loader_.unload();  // deletes the root instance
    instance_ = nullptr;
    module_ = nullptr;
  }
  if (canMove(state(), ModuleState::Stopped)) (void)advance(ModuleState::Stopped);
}

void beginOperation(LogosModule* module, std::uint64_t callId, const std::string& operation, const Json& params,
                    std::function<void(Json)> done) {
  auto fired = std::make_shared<std::atomic<bool>>(false);
  ReplySink once = [fired, done = std::move(done), operation](Json answer) {
    if (fired->exchange(true)) return;
    if (!isWellFormedEnvelope(answer)) {
      answer = errorEnvelope(ErrorCode::MethodFailed, "operation '" + operation + "' answered malformed output (not a status envelope)");
    }
    done(std::move(answer));
  };
  try {
    module->beginAction(callId, operation, params, once);
  } catch (const std::exception& ex) {
    once(errorEnvelope(ErrorCode::MethodFailed, "operation '" + operation + "' failed: " + ex.what()));
  } catch (...) {
    once(errorEnvelope(ErrorCode::MethodFailed, "operation '" + operation + "' failed with an unknown exception"));
  }
}

void cancelOperation(LogosModule* module, std::uint64_t callId) {
  try {
    module->cancelAction(callId);
  } catch (...) {
    // A module's cancellation hook must not take its thread down; its reply still fires.
  }
}

}  // namespace logos::host
