#include "logos/sdk/client_binding.h"

#include "lezpay/util/json_parse.h"
#include "logos/sdk/param_check.h"

namespace logos::sdk {
namespace {

BoundCall refuse(ErrorCode code, std::string message, Json extra = Json::object()) {
  BoundCall b;
  b.error = BindError{code, std::move(message), std::move(extra)};
  return b;
}

Json methodNames(const std::vector<OperationSpec>& ops) {
  Json names = Json::array({"chainAction"});
  for (const auto& op : ops) names.push_back(op.name);
  return names;
}

}  // namespace

BoundCall bindClientCall(const std::string& module, const std::vector<OperationSpec>& operations, const std::string& method,
                         const Json& args) {
  if (!args.is_array()) return refuse(ErrorCode::InvalidArgs, "arguments must be a JSON array");
  std::string op;
  Json params = Json::object();
  const bool chainAction = method == "chainAction";
  if (chainAction) {
    if (args.empty() || !args[0].is_string()) return refuse(ErrorCode::InvalidArgs, "chainAction takes <operation> [<params JSON object>]");
    if (args.size() > 2) {
      return refuse(ErrorCode::InvalidArgs, "chainAction takes at most 2 arguments: <operation> and <params JSON object>");
    }
    op = args[0].get<std::string>();
    if (args.size() == 2) {
      params = args[1];
      if (params.is_string()) {
        auto parsed = lezpay::util::parseJson(args[1].get<std::string>());
        if (!parsed.ok()) {
          return refuse(ErrorCode::InvalidArgs, "chainAction params are " + parsed.error().message,
                        Json{{"json_error", parsed.error().code}});
        }
        params = std::move(parsed).value();
      }
      if (params.is_null()) params = Json::object();
    }
  } else {
    op = method;
  }
  const OperationSpec* spec = nullptr;
  for (const auto& s : operations) {
    if (s.name == op) spec = &s;
  }
  if (spec == nullptr) {
    return refuse(ErrorCode::MethodNotFound, "module '" + module + "' has no method '" + op + "'",
                  Json{{"available_methods", methodNames(operations)}});
  }
  if (!chainAction) {
    const bool objectForm = args.size() == 1 && args[0].is_object() &&
                            (spec->params.empty() ||
                             (spec->params[0].type != ParamType::Object && spec->params[0].type != ParamType::Any));
    if (objectForm) {
      params = args[0];
    } else {
      auto bound = bindPositional(*spec, args);
      if (!bound.ok()) return refuse(ErrorCode::InvalidArgs, bound.error().message, Json{{"usage", toJson(*spec)}});
      params = bound.value();
    }
  }
  auto checked = checkParams(*spec, params);
  if (!checked.ok()) return refuse(ErrorCode::InvalidArgs, checked.error().message, Json{{"usage", toJson(*spec)}});
  BoundCall b;
  b.operation = op;
  b.params = std::move(checked).value();
  return b;
}

}  // namespace logos::sdk
