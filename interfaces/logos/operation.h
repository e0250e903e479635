#pragma once
// Self-description of a module's operations (STYLE.md: Bitcoin RPCHelpMan-style descriptors).
// Each operation is declared once with its parameters, a one-line doc, an example and its
// result shape; the host uses the table for `module-info`, positional argument binding and
// argument checks before any handler runs.

#include <string>
#include <vector>

#include "logos/json.h"

namespace logos {

// Parameter types. The checker (sdk/param_check.h) accepts:
//   String  JSON string            U64/I64 JSON integer in range (or a decimal string)
//   U128    decimal string of an unsigned 128-bit integer, or a non-negative JSON integer
//   Bool    JSON boolean           Object  JSON object       Array  JSON array
//   Hex     string of an even number of hex digits (optional 0x)
//   Hex32   exactly 64 hex digits (optional 0x)              Any    any JSON value
enum class ParamType { String, U64, I64, U128, Bool, Object, Array, Hex, Hex32, Any };

constexpr const char* toString(ParamType t) {
  switch (t) {
    case ParamType::String: return "string";
    case ParamType::U64: return "u64";
    case ParamType::I64: return "i64";
    case ParamType::U128: return "u128";
    case ParamType::Bool: return "bool";
    case ParamType::Object: return "object";
    case ParamType::Array: return "array";
    case ParamType::Hex: return "hex";
    case ParamType::Hex32: return "hex32";
    case ParamType::Any: return "any";
  }
  return "any";
}

struct ParamSpec {
  std::string name;           // snake_case, or the upstream-compatible spelling
  ParamType type = ParamType::String;
  bool required = true;
  Json defaultValue = nullptr;  // applied when an optional parameter is absent (null = none)
  std::string doc;            // one line
};

struct OperationSpec {
  std::string name;
  std::string doc;              // one line
  std::vector<ParamSpec> params;
  Json resultExample = Json::object();  // shape of a successful answer
  Json example = Json::object();        // example params object (must pass the checker)
};

struct EventSpec {
  std::string name;
  std::string doc;
  std::vector<std::string> args;  // positional argument names (watch prints them as arg0..)
};

inline Json toJson(const ParamSpec& p) {
  Json j{{"name", p.name}, {"type", toString(p.type)}, {"required", p.required}, {"doc", p.doc}};
  if (!p.required && !p.defaultValue.is_null()) j["default"] = p.defaultValue;
  return j;
}

inline Json toJson(const OperationSpec& op) {
  Json params = Json::array();
  for (const auto& p : op.params) params.push_back(toJson(p));
  return Json{{"name", op.name}, {"description", op.doc}, {"parameters", params},
              {"result", op.resultExample}, {"example", op.example}};
}

inline Json toJson(const EventSpec& e) {
  return Json{{"name", e.name}, {"description", e.doc}, {"args", e.args}};
}

}  // namespace logos
