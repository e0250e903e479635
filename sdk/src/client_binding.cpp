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

bool takesText(ParamType t) {
  return t == ParamType::String || t == ParamType::Hex || t == ParamType::Hex32 || t == ParamType::Account;
}

// `args` with each text-typed parameter's value replaced by the client's original text.
Json withOriginalTexts(const OperationSpec& spec, Json args, const Json& argTexts) {
  if (!argTexts.is_array()) return args;
  for (std::size_t i = 0; i < args.size() && i < argTexts.size() && i < spec.params.size(); ++i) {
    if (argTexts[i].is_string() && !args[i].is_string() && takesText(spec.params[i].type)) args[i] = argTexts[i];
  }
  return args;
}

}  // namespace

BoundCall bindClientCall(const std::string& module, const std::vector<OperationSpec>& operations, const std::string& method,
                         const Json& args, const Json& argTexts) {
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
                             (spec->params[0].type != ParamType::Object && spec->params[0].type != ParamType::Any &&
                              spec->params[0].type != ParamType::Bytes));
    if (objectForm) {
      params = args[0];
    } else {
      auto bound = bindPositional(*spec, withOriginalTexts(*spec, args, argTexts));
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
