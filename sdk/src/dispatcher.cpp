#include "logos/sdk/dispatcher.h"

#include <cassert>
#include <exception>

#include "logos/envelope.h"
#include "logos/sdk/param_check.h"

namespace logos::sdk {

void Dispatcher::add(OperationSpec spec, TypedHandler handler) {
  if (find(spec.name) != nullptr) {
    assert(false && "operation registered twice");
    return;
  }
  specs_.push_back(std::move(spec));
  handlers_.push_back(std::move(handler));
}

void Dispatcher::add(OperationSpec spec, Handler handler) {
  add(std::move(spec), TypedHandler([h = std::move(handler)](const Args& args) { return h(args.json()); }));
}

const OperationSpec* Dispatcher::find(std::string_view name) const {
  for (const auto& s : specs_) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

Json Dispatcher::availableMethods() const {
  Json names = Json::array();
  for (const auto& s : specs_) names.push_back(s.name);
  return names;
}

Json Dispatcher::dispatch(const std::string& operation, const Json& params) const {
  std::size_t index = specs_.size();
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].name == operation) index = i;
  }
  if (index == specs_.size()) {
    Json e = errorEnvelope(ErrorCode::MethodNotFound, "no operation '" + operation + "'");
    e["available_methods"] = availableMethods();
    return e;
  }
  auto checked = checkParams(specs_[index], params.is_null() ? Json::object() : params);
  if (!checked.ok()) return errorEnvelope(checked.error().code, checked.error().message);
  try {
    Json answer = handlers_[index](Args(specs_[index], std::move(checked).value()));
    if (!isWellFormedEnvelope(answer)) {
      return errorEnvelope(ErrorCode::MethodFailed,
                           "operation '" + operation + "' answered malformed output (not a status envelope)");
    }
    return answer;
  } catch (const std::exception& ex) {
    return errorEnvelope(ErrorCode::MethodFailed, "operation '" + operation + "' failed: " + ex.what());
  } catch (...) {
    return errorEnvelope(ErrorCode::MethodFailed, "operation '" + operation + "' failed with an unknown exception");
  }
}

}  // namespace logos::sdk
