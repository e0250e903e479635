#include "logos/sdk/result_shape.h"

#include <cctype>
#include <cstdint>
#include <optional>
#include <string_view>

#include <vector>

#include "json_kinds.h"
#include "lezpay/util/base58.h"
#include "logos/sdk/param_check.h"

namespace logos::sdk {
namespace {

using lezpay::util::Error;
using lezpay::util::Status;

Error mismatch(const std::string& path, const std::string& message) {
  return Error{kContractMismatch, path + ": " + message};
}

// The alternatives of a type name such as "string|null".
std::vector<std::string_view> alternatives(std::string_view types) {
  std::vector<std::string_view> out;
  for (;;) {
    const std::size_t bar = types.find('|');
    out.push_back(types.substr(0, bar));
    if (bar == std::string_view::npos) return out;
    types.remove_prefix(bar + 1);
  }
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
  if (type == "hex") return v.is_string() && detail::isHexDigits(v.get<std::string>(), 0);
  if (type == "hex32") return v.is_string() && detail::isHexDigits(v.get<std::string>(), 64);
  if (type == "base58") {
    return v.is_string() && !v.get<std::string>().empty() && lezpay::util::base58Decode(v.get<std::string>()).ok();
  }
  return std::nullopt;
}

Status checkAt(const Json& shape, const Json& value, const std::string& path, bool top) {
  if (shape.is_null()) return lezpay::util::okStatus();
  if (shape.is_string()) {
    const std::string& types = shape.get_ref<const std::string&>();
    for (std::string_view one : alternatives(types)) {
      auto fits = hasType(one, value);
      if (!fits) return mismatch(path, "the shape names an unknown type '" + std::string(one) + "'");
      if (*fits) return lezpay::util::okStatus();
    }
    return mismatch(path, "expected " + types + ", got " + detail::jsonTypeName(value));
  }
  if (shape.is_array()) {
    if (shape.size() != 1) return mismatch(path, "an array shape holds exactly one element shape");
    if (!value.is_array()) return mismatch(path, std::string("expected an array, got ") + detail::jsonTypeName(value));
    for (std::size_t i = 0; i < value.size(); ++i) {
      auto st = checkAt(shape[0], value[i], path + "[" + std::to_string(i) + "]", false);
      if (!st.ok()) return st;
    }
    return lezpay::util::okStatus();
  }
  if (!shape.is_object()) return mismatch(path, "a shape is a type name, an object or a one-element array");
  if (!value.is_object()) return mismatch(path, std::string("expected an object, got ") + detail::jsonTypeName(value));
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
    for (std::string_view one : alternatives(shape.get_ref<const std::string&>())) {
      if (!hasType(one, Json()).has_value()) return mismatch(path, "unknown type '" + std::string(one) + "'");
    }
    return lezpay::util::okStatus();
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
