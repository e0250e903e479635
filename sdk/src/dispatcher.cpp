#include "logos/sdk/dispatcher.h"

#include <cassert>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string_view>

#include "logos/envelope.h"
#include "logos/sdk/param_check.h"
#include "logos/sdk/result_shape.h"

namespace logos::sdk {

void Dispatcher::addAsync(OperationSpec spec, AsyncHandler handler) {
  if (find(spec.name) != nullptr) {
    assert(false && "operation registered twice");
    return;
  }
  specs_.push_back(std::move(spec));
  handlers_.push_back(std::move(handler));
}

void Dispatcher::add(OperationSpec spec, Handler handler) {
  addAsync(std::move(spec), [h = std::move(handler)](const Args& args, Reply reply) { reply.answer(h(args)); });
}

const OperationSpec* Dispatcher::find(std::string_view name) const {
  for (const auto& s : specs_) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::vector<ErrorSpec> sdkErrors() {
  return {
      {"INVALID_ARGS", "A parameter is missing, unknown or of the wrong type; the message names it.",
       "Fix the parameter named in the message (module-info lists every parameter and its type)."},
      {"METHOD_NOT_FOUND", "The module has no operation of that name.",
       "Use one of the operations listed in available_methods or in module-info."},
      {"METHOD_FAILED", "The operation threw or answered output that is not an envelope (a module bug).",
       "Report it with the message: it is a bug in the module."},
      {std::string(kInvalidAccountId), "An account id parameter is neither 64 hex digits nor base58 of 32 bytes.",
       "Pass the account id as base58 or as 64 hex digits (optional 0x)."},
      {std::string(kArgsMismatch), "An amount was given both as a decimal string and as _lo/_hi halves, and they differ.",
       "Give the amount in one form only, or make both forms equal."},
      {kContractMismatch, "The module answered outside its declared result shape or error table (a module bug).",
       "Report it with the message; do not rely on the answer."},
  };
}

bool Dispatcher::contractChecksByDefault() {
  if (const char* env = std::getenv("LEZPAY_CONTRACT_CHECKS"); env != nullptr && *env != '\0') {
    return std::string_view(env) != "0";
  }
#ifdef NDEBUG
  return false;
#else
  return true;
#endif
}

void Dispatcher::declareErrors(const std::vector<ErrorSpec>& errors) {
  for (const auto& e : errors) {
    bool known = false;
    for (const auto& d : errors_) known = known || d.code == e.code;
    if (!known) errors_.push_back(e);
  }
}

std::vector<ErrorSpec> Dispatcher::errors() const {
  std::vector<ErrorSpec> out = errors_;
  for (const auto& e : sdkErrors()) {
    bool known = false;
    for (const auto& d : out) known = known || d.code == e.code;
    if (!known) out.push_back(e);
  }
  return out;
}

Json Dispatcher::checkedAnswer(const OperationSpec& spec, Json answer) const {
  if (!contractChecks_) return answer;
  if (isOk(answer)) {
    auto st = checkShape(spec.resultShape, answer);
    if (st.ok()) return answer;
    return errorEnvelope(kContractMismatch, "operation '" + spec.name + "' answered outside its result shape: " + st.error().message);
  }
  // A module without a table is not checked: the table is what makes a code part of the contract.
  if (errors_.empty()) return answer;
  const std::string code = answer.value("code", std::string());
  for (const auto& e : errors()) {
    if (e.code == code) return answer;
  }
  return errorEnvelope(kContractMismatch, "operation '" + spec.name + "' answered error code '" + code +
                                              "' that its module's error table does not declare");
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
  if (auto values = checkValues(specs_[index], checked.value()); !values.ok()) {
    reply.fail(values.error().code, values.error().message);
    return;
  }
  if (contractChecks_) {
    const OperationSpec* spec = &specs_[index];
    reply.checkWith([this, spec](Json answer) { return checkedAnswer(*spec, std::move(answer)); });
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
