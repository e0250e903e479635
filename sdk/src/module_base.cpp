#include "logos/sdk/module_base.h"

#include <exception>

#include "logos/envelope.h"

namespace logos::sdk {

ModuleBase::ModuleBase(std::string name, std::string version)
    : name_(std::move(name)), version_(std::move(version)) {}

Json ModuleBase::initLogos(ModuleContext* context) {
  context_ = context;
  try {
    return onInit();
  } catch (const std::exception& ex) {
    return errorEnvelope(ErrorCode::ModuleLoadFailed, std::string("initialisation failed: ") + ex.what());
  }
}

void ModuleBase::shutdown() {
  try {
    onShutdown();
  } catch (...) {
    // Shutdown must not throw across the boundary; the host unloads the module regardless.
  }
  // Whatever onShutdown left open answers now, while its sink can still be delivered. Not
  // through cancel(): the onCancel hooks would touch state onShutdown already released.
  auto open = std::move(inFlight_);
  inFlight_.clear();
  for (auto& [id, reply] : open) {
    reply.fail(toString(ErrorCode::ModuleNotLoaded), "module '" + name_ + "' shut down before the operation answered");
  }
}

void ModuleBase::beginAction(std::uint64_t callId, const std::string& operation, const Json& params, ReplySink sink) {
  // The entry is dropped when the reply fires, whoever fires it (handler, cancel, shutdown).
  Reply reply(
      [this, callId, sink = std::move(sink)](Json envelope) {
        inFlight_.erase(callId);
        sink(std::move(envelope));
      },
      operation);
  inFlight_.insert_or_assign(callId, reply);
  dispatcher_.dispatch(operation, params, reply);
}

void ModuleBase::cancelAction(std::uint64_t callId) {
  auto it = inFlight_.find(callId);
  if (it == inFlight_.end()) return;
  Reply reply = it->second;
  reply.cancel();
}

Json ModuleBase::chainAction(const std::string& operation, const Json& params) {
  return dispatcher_.dispatch(operation, params);
}

void ModuleBase::emitEvent(const std::string& event, const Json& args) {
  if (context_ != nullptr) context_->emitEvent(event, args);
}

}  // namespace logos::sdk
