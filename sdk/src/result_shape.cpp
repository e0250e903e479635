#include "logos/sdk/result_shape.h"

#include <cctype>
#include <cstdint>
#include <optional>
#include <string_view>

#include "lezpay/util/base58.h"
#include "logos/sdk/param_check.h"

namespace logos::sdk {
namespace {

using lezpay::util::Error;
using lezpay::util::Status;

Error mismatch(const std::string& path, const std::string& message) {
  return Error{kContractMismatch, path + ": " + message};
}

const char* jsonTypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer";
    case Json::value_t::number_float: return "decimal number";
    default: return "value";
  }
}

bool isHexText(const std::string& s, std::size_t exactDigits) {
  if (s.size() % 2 != 0) return false;
  if (exactDigits != 0 && s.size() != exactDigits) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// nullopt for an unknown type name; otherwise whether `v` has it.
std::optional<bool> hasType(std::string_view type, const Json& v) {
  if (type == "any") return true;
  if (type == "null") return v.is_null();
  if (type == "string") return v.is_string();
  if (type == "bool") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "number") return v.is_number();
  if (type == "u64") return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
  if (type == "i64") {
    return (v.is_number_integer() && !v.is_number_unsigned()) ||
           (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX));
  }
  if (type == "u128") return v.is_string() && isU128Decimal(v.get<std::string>());
  if (type == "hex") return v.is_string() && isHexText(v.get<std::string>(), 0);
  if (type == "hex32") return v.is_string() && isHexText(v.get<std::string>(), 64);
  if (type == "base58") {
    return v.is_string() && !v.get<std::string>().empty() && lezpay::util::base58Decode(v.get<std::string>()).ok();
  }
  return std::nullopt;
}

Status checkAt(const Json& shape, const Json& value, const std::string& path, bool top) {
  if (shape.is_null()) return lezpay::util::okStatus();
  if (shape.is_string()) {
    const std::string& types = shape.get_ref<const std::string&>();
    std::size_t start = 0;
    for (;;) {
      const std::size_t bar = types.find('|', start);
      const std::string_view one = std::string_view(types).substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      auto fits = hasType(one, value);
      if (!fits) return mismatch(path, "the shape names an unknown type '" + std::string(one) + "'");
      if (*fits) return lezpay::util::okStatus();
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    return mismatch(path, "expected " + types + ", got " + jsonTypeName(value));
  }
  if (shape.is_array()) {
    if (shape.size() != 1) return mismatch(path, "an array shape holds exactly one element shape");
    if (!value.is_array()) return mismatch(path, std::string("expected an array, got ") + jsonTypeName(value));
    for (std::size_t i = 0; i < value.size(); ++i) {
      auto st = checkAt(shape[0], value[i], path + "[" + std::to_string(i) + "]", false);
      if (!st.ok()) return st;
    }
    return lezpay::util::okStatus();
  }
  if (!shape.is_object()) return mismatch(path, "a shape is a type name, an object or a one-element array");
  if (!value.is_object()) return mismatch(path, std::string("expected an object, got ") + jsonTypeName(value));
  for (auto it = shape.begin(); it != shape.end(); ++it) {
    if (it.key() == "*") continue;
    const bool optional = !it.key().empty() && it.key().back() == '?';
    const std::string key = optional ? it.key().substr(0, it.key().size() - 1) : it.key();
    auto v = value.find(key);
    if (v == value.end()) {
      if (optional) continue;
      return mismatch(path + "." + key, "missing");
    }
    auto st = checkAt(it.value(), *v, path + "." + key, false);
    if (!st.ok()) return st;
  }
  auto rest = shape.find("*");
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (top && it.key() == "status") continue;
    if (shape.contains(it.key()) || shape.contains(it.key() + "?")) continue;
    if (rest == shape.end()) return mismatch(path + "." + it.key(), "not in the declared shape");
    auto st = checkAt(*rest, it.value(), path + "." + it.key(), false);
    if (!st.ok()) return st;
  }
  return lezpay::util::okStatus();
}

Status definitionAt(const Json& shape, const std::string& path) {
  if (shape.is_null()) return lezpay::util::okStatus();
  if (shape.is_string()) {
    const std::string& types = shape.get_ref<const std::string&>();
    std::size_t start = 0;
    for (;;) {
      const std::size_t bar = types.find('|', start);
      const std::string one = types.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      if (!hasType(one, Json()).has_value()) return mismatch(path, "unknown type '" + one + "'");
      if (bar == std::string::npos) return lezpay::util::okStatus();
      start = bar + 1;
    }
  }
  if (shape.is_array()) {
    if (shape.size() != 1) return mismatch(path, "an array shape holds exactly one element shape");
    return definitionAt(shape[0], path + "[]");
  }
  if (!shape.is_object()) return mismatch(path, "a shape is a type name, an object or a one-element array");
  for (auto it = shape.begin(); it != shape.end(); ++it) {
    auto st = definitionAt(it.value(), path + "." + it.key());
    if (!st.ok()) return st;
  }
  return lezpay::util::okStatus();
}

}  // namespace

Status checkShape(const Json& shape, const Json& value) { return checkAt(shape, value, "$", true); }

Status checkShapeDefinition(const Json& shape) { return definitionAt(shape, "$"); }

}  // namespace logos::sdk
