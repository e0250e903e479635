#include "logos/sdk/dispatcher.h"

#include <cassert>
#include <exception>
#include <optional>

#include "logos/envelope.h"
#include "logos/sdk/param_check.h"

namespace logos::sdk {

void Dispatcher::addAsync(OperationSpec spec, AsyncHandler handler) {
  if (find(spec.name) != nullptr) {
    assert(false && "operation registered twice");
    return;
  }
  specs_.push_back(std::move(spec));
  handlers_.push_back(std::move(handler));
}

void Dispatcher::add(OperationSpec spec, TypedHandler handler) {
  addAsync(std::move(spec), [h = std::move(handler)](const Args& args, Reply reply) { reply.answer(h(args)); });
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

void Dispatcher::dispatch(const std::string& operation, const Json& params, Reply reply) const {
  std::size_t index = specs_.size();
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].name == operation) index = i;
  }
  if (index == specs_.size()) {
    Json e = errorEnvelope(ErrorCode::MethodNotFound, "no operation '" + operation + "'");
    e["available_methods"] = availableMethods();
    reply.answer(std::move(e));
    return;
  }
  auto checked = checkParams(specs_[index], params.is_null() ? Json::object() : params);
  if (!checked.ok()) {
    reply.fail(checked.error().code, checked.error().message);
    return;
  }
  // A throw after the handler replied is the handler's own bug after the fact: the caller already
  // has its answer, and a second completion is ignored (and counted) by Reply.
  try {
    handlers_[index](Args(specs_[index], std::move(checked).value()), reply);
  } catch (const std::exception& ex) {
    if (!reply.done()) reply.fail(toString(ErrorCode::MethodFailed), "operation '" + operation + "' failed: " + ex.what());
  } catch (...) {
    if (!reply.done()) reply.fail(toString(ErrorCode::MethodFailed), "operation '" + operation + "' failed with an unknown exception");
  }
}

Json Dispatcher::dispatch(const std::string& operation, const Json& params) const {
  auto answer = std::make_shared<std::optional<Json>>();
  Reply reply([answer](Json e) { *answer = std::move(e); }, operation);
  dispatch(operation, params, reply);
  if (*answer) return std::move(**answer);
  reply.cancel();  // nobody will read a later answer; let the handler stop its work
  return errorEnvelope(ErrorCode::MethodFailed,
                       "operation '" + operation + "' answers asynchronously; call it through beginAction");
}

}  // namespace logos::sdk
