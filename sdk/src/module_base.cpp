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
}

Json ModuleBase::chainAction(const std::string& operation, const Json& params) {
  return dispatcher_.dispatch(operation, params);
}

void ModuleBase::emitEvent(const std::string& event, const Json& args) {
  if (context_ != nullptr) context_->emitEvent(event, args);
}

}  // namespace logos::sdk
