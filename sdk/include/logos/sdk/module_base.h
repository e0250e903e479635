#pragma once
// Convenience base for modules: implements LogosModule on top of a Dispatcher so that a
// module only registers its operations (in its constructor) and events. The concrete plugin
// class still derives QObject and carries Q_PLUGIN_METADATA / Q_INTERFACES.
//
// Calls in flight: beginAction keeps each call's Reply under its call id until the reply fires,
// so cancelAction can reach it; shutdown() answers the ones still open after onShutdown with
// MODULE_NOT_LOADED (without running their onCancel hooks: onShutdown released their state).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "logos/logos_module.h"
#include "logos/sdk/dispatcher.h"

namespace logos::sdk {

class ModuleBase : public LogosModule {
 public:
  ModuleBase(std::string name, std::string version);

  std::string name() const override { return name_; }
  std::string version() const override { return version_; }
  Json initLogos(ModuleContext* context) final;
  void shutdown() final;
  Json chainAction(const std::string& operation, const Json& params) override;
  void beginAction(std::uint64_t callId, const std::string& operation, const Json& params, ReplySink reply) override;
  void cancelAction(std::uint64_t callId) override;
  std::vector<OperationSpec> operations() const override { return dispatcher_.operations(); }
  std::vector<EventSpec> events() const override { return events_; }
  std::vector<ErrorSpec> errors() const override { return dispatcher_.errors(); }

 protected:
  // Hooks for subclasses; run on the module's thread. onInit answers an envelope.
  virtual Json onInit() { return Json{{"status", "ok"}}; }
  virtual void onShutdown() {}

  void addOperation(OperationSpec spec, Dispatcher::Handler handler) { dispatcher_.add(std::move(spec), std::move(handler)); }
  // An operation that completes its Reply later (dispatcher.h AsyncHandler).
  void addAsyncOperation(OperationSpec spec, Dispatcher::AsyncHandler handler) {
    dispatcher_.addAsync(std::move(spec), std::move(handler));
  }
  void addEvent(EventSpec spec) { events_.push_back(std::move(spec)); }
  // The module's error table, declared once (usually in the constructor, before the operations).
  void declareErrors(const std::vector<ErrorSpec>& errors) { dispatcher_.declareErrors(errors); }
  // For tests that check answers against the contract whatever the build type.
  void setContractChecks(bool on) { dispatcher_.setContractChecks(on); }
  // Emits an event with positional arguments (no-op before initLogos).
  void emitEvent(const std::string& event, const Json& args);

  ModuleContext* context() const { return context_; }

 private:
  std::string name_;
  std::string version_;
  Dispatcher dispatcher_;
  std::vector<EventSpec> events_;
  ModuleContext* context_ = nullptr;
  std::map<std::uint64_t, Reply> inFlight_;  // module thread only
};

}  // namespace logos::sdk
