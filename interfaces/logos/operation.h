#pragma once
// Self-description of a module's operations (STYLE.md: Bitcoin RPCHelpMan-style descriptors).
// Each operation is declared once with its parameters, a one-line doc, an example and its
// result shape; the host uses the table for `module-info`, positional argument binding and
// argument checks before any handler runs.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logos/json.h"

namespace logos {

// Parameter types. The checker (sdk/param_check.h) accepts:
//   String  JSON string            U64/I64 JSON integer in range (or a decimal string)
//   U128    decimal string of an unsigned 128-bit integer, or a non-negative JSON integer
//   Bool    JSON boolean           Object  JSON object       Array  JSON array
//   Hex     string of an even number of hex digits (optional 0x)
//   Hex32   exactly 64 hex digits (optional 0x)              Any    any JSON value
//   Account JSON string naming a 32-byte account id: 64 hex digits (optional 0x) or base58;
//           surrounding whitespace is tolerated
//   Amount  a U128 that may instead come as two u64 halves `<name>_lo` and `<name>_hi` (each a
//           JSON integer or decimal string, `_hi` defaulting to 0); when both forms are given
//           they must agree
//   Bytes   {"_bytes":"<base64url>"}: padded or unpadded text in; "" is zero bytes
//   Double  any JSON number (read as a double)
//   StringList / I64List / U64List / DoubleList / BoolList  a JSON array (possibly empty) whose
//           every element fits String / I64 / U64 / Double / Bool; integers stay exact
// Account and Amount are checked in two steps: checkParams (host and module) checks the JSON
// shape only; checkValues (the module's dispatcher) refuses an id that does not decode
// (INVALID_ACCOUNT_ID) or forms that disagree (args_mismatch), so those faults keep the module's
// codes on the wire.
enum class ParamType {
  String, U64, I64, U128, Bool, Object, Array, Hex, Hex32, Any, Account, Amount,
  Bytes, Double, StringList, I64List, U64List, DoubleList, BoolList
};

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
    case ParamType::Account: return "account";
    case ParamType::Amount: return "amount";
    case ParamType::Bytes: return "bytes";
    case ParamType::Double: return "double";
    case ParamType::StringList: return "string_list";
    case ParamType::I64List: return "i64_list";
    case ParamType::U64List: return "u64_list";
    case ParamType::DoubleList: return "double_list";
    case ParamType::BoolList: return "bool_list";
  }
  return "any";
}

// Inverse of toString(ParamType), for tools that read module-info back; nullopt for an unknown name.
inline std::optional<ParamType> paramTypeFromString(std::string_view name) {
  for (auto t : {ParamType::String, ParamType::U64, ParamType::I64, ParamType::U128, ParamType::Bool,
                 ParamType::Object, ParamType::Array, ParamType::Hex, ParamType::Hex32, ParamType::Any,
                 ParamType::Account, ParamType::Amount, ParamType::Bytes, ParamType::Double,
                 ParamType::StringList, ParamType::I64List, ParamType::U64List, ParamType::DoubleList,
                 ParamType::BoolList}) {
    if (name == toString(t)) return t;
  }
  return std::nullopt;
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
  Json resultExample = Json::object();  // an example of a successful answer
  Json example = Json::object();        // example params object (must pass the checker)
  // The declared shape of a successful answer (sdk/result_shape.h); null = undeclared.
  Json resultShape = nullptr;
  // The host adds the reserved parameter "$caller" naming who called (logos/caller.h).
  bool takesCaller = false;
};

struct EventSpec {
  std::string name;
  std::string doc;
  std::vector<std::string> args;  // positional argument names (watch prints them as arg0..)
};

inline Json toJson(const ParamSpec& p) {
  Json j{{"name", p.name}, {"type", toString(p.type)}, {"required", p.required}, {"doc", p.doc}};
  if (!p.required && !p.defaultValue.is_null()) j["default"] = p.defaultValue;
  // The other spelling of an amount, so a reader of module-info sees every key it accepts.
  if (p.type == ParamType::Amount) j["halves"] = Json::array({p.name + "_lo", p.name + "_hi"});
  return j;
}

inline Json toJson(const OperationSpec& op) {
  Json params = Json::array();
  for (const auto& p : op.params) params.push_back(toJson(p));
  Json j{{"name", op.name}, {"description", op.doc}, {"parameters", params},
         {"result", op.resultExample}, {"example", op.example}};
  if (!op.resultShape.is_null()) j["result_shape"] = op.resultShape;
  if (op.takesCaller) j["takes_caller"] = true;
  return j;
}

inline Json toJson(const EventSpec& e) {
  return Json{{"name", e.name}, {"description", e.doc}, {"args", e.args}};
}

}  // namespace logos
