#include "logos/sdk/param_check.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <limits>

#include "lezpay/util/base58.h"
#include "lezpay/util/base64.h"
#include "lezpay/util/hex.h"
#include "logos/caller.h"
#include "json_kinds.h"
#include "logos/error_codes.h"

namespace logos::sdk {
namespace {

using lezpay::util::Error;
using lezpay::util::Result;
using lezpay::util::Status;
using lezpay::util::U128;

// Longest piece of caller text quoted back in an error message.
constexpr std::size_t kQuotedTextLimit = 80;

Error invalid(const std::string& message) {
  return Error{std::string(toString(ErrorCode::InvalidArgs)), message};
}

bool isHex(const std::string& s, std::size_t exactDigits) {
  std::string_view v = s;
  if (v.size() >= 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) v.remove_prefix(2);
  return detail::isHexDigits(v, exactDigits);
}

bool isDecimalDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool fitsU64(const Json& v) {
  if (v.is_number_unsigned()) return true;
  if (v.is_number_integer()) return v.get<std::int64_t>() >= 0;
  if (v.is_string() && isDecimalDigits(v.get<std::string>()) && v.get<std::string>().size() <= 20) {
    // Range check without floating point.
    const std::string& s = v.get_ref<const std::string&>();
    const std::string max = std::to_string(std::numeric_limits<std::uint64_t>::max());
    return s.size() < max.size() || (s.size() == max.size() && s <= max);
  }
  return false;
}

bool fitsI64(const Json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned()) return true;
  return v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
}

// Empty when every element of the array `v` passes `fits`; otherwise what was expected.
template <typename Fits>
std::string listMismatch(const Json& v, Fits fits, const char* element) {
  if (!v.is_array()) return std::string("expected a JSON array of ") + element;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!fits(v[i])) return "element " + std::to_string(i) + ": expected " + element + ", got " + detail::jsonTypeName(v[i]);
  }
  return {};
}

// Returns an empty string when `v` fits `type`, otherwise what was expected.
std::string typeMismatch(ParamType type, const Json& v) {
  switch (type) {
    case ParamType::Any: return {};
    case ParamType::String:
      return v.is_string() ? "" : "expected a string (pass str:<value> on the command line to keep numeric-looking text)";
    case ParamType::Bool: return v.is_boolean() ? "" : "expected true or false";
    case ParamType::Object: return v.is_object() ? "" : "expected a JSON object";
    case ParamType::Array: return v.is_array() ? "" : "expected a JSON array";
    case ParamType::Hex:
      return v.is_string() && isHex(v.get<std::string>(), 0) ? "" : "expected a string of hex digits (even length)";
    case ParamType::Hex32:
      return v.is_string() && isHex(v.get<std::string>(), 64) ? "" : "expected exactly 64 hex digits (32 bytes)";
    case ParamType::U64: return fitsU64(v) ? "" : "expected an unsigned 64-bit integer";
    case ParamType::I64: return fitsI64(v) ? "" : "expected a signed 64-bit integer";
    case ParamType::U128:
    case ParamType::Amount:
      if (v.is_number_unsigned()) return {};
      if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return {};
      if (v.is_string() && isU128Decimal(v.get<std::string>())) return {};
      return "expected an unsigned 128-bit amount as a decimal string";
    case ParamType::Account:
      // Whether the text decodes is checkValues' question (INVALID_ACCOUNT_ID).
      return v.is_string() ? "" : "expected an account id (64 hex digits or base58) as a string";
    case ParamType::Bytes:
      return decodeBytesParam(v).ok() ? "" : "expected bytes as {\"_bytes\":\"<base64url>\"}";
    case ParamType::Double: return v.is_number() ? "" : "expected a number";
    case ParamType::StringList:
      return listMismatch(v, [](const Json& e) { return e.is_string(); }, "strings");
    case ParamType::I64List: return listMismatch(v, fitsI64, "signed 64-bit integers");
    case ParamType::U64List: return listMismatch(v, fitsU64, "unsigned 64-bit integers");
    case ParamType::DoubleList:
      return listMismatch(v, [](const Json& e) { return e.is_number(); }, "numbers");
    case ParamType::BoolList:
      return listMismatch(v, [](const Json& e) { return e.is_boolean(); }, "true or false");
  }
  return "unknown parameter type";
}

}  // namespace

Result<std::vector<std::uint8_t>> decodeBytesParam(const Json& v) {
  if (!v.is_object() || v.size() != 1 || !v.contains(kBytesKey) || !v[kBytesKey].is_string()) {
    return invalid("expected bytes as {\"_bytes\":\"<base64url>\"}");
  }
  std::string_view text = v[kBytesKey].get_ref<const std::string&>();
  // Padding is tolerated on the way in: up to two '=' that complete a multiple of four.
  if (!text.empty() && text.size() % 4 == 0) {
    for (int i = 0; i < 2 && !text.empty() && text.back() == '='; ++i) text.remove_suffix(1);
  }
  auto bytes = lezpay::util::fromBase64Url(text);
  if (!bytes.ok()) return invalid("_bytes is not base64url: " + bytes.error().message);
  return bytes.value();
}

Json bytesJson(std::span<const std::uint8_t> bytes) {
  return Json{{kBytesKey, lezpay::util::toBase64Url(bytes)}};
}

bool isU128Decimal(const std::string& s) {
  if (!isDecimalDigits(s)) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  static const std::string kMax = "340282366920938463463374607431768211455";  // 2^128 - 1
  if (s.size() < kMax.size()) return true;
  return s.size() == kMax.size() && s <= kMax;
}

Result<Json> checkParams(const OperationSpec& op, const Json& params) {
  if (!params.is_object()) {
    return invalid("operation '" + op.name + "' takes a JSON object of parameters, got " + detail::jsonTypeName(params));
  }
  for (auto it = params.begin(); it != params.end(); ++it) {
    // The host's caller stamp (logos/caller.h), only where the operation asked for it.
    bool known = op.takesCaller && it.key() == logos::kCallerParam;
    for (const auto& p : op.params) {
      known = known || p.name == it.key() ||
              (p.type == ParamType::Amount && (it.key() == p.name + "_lo" || it.key() == p.name + "_hi"));
    }
    if (!known) {
      std::string names;
      for (const auto& p : op.params) names += (names.empty() ? "" : ", ") + p.name;
      return invalid("operation '" + op.name + "' has no parameter '" + it.key() + "' (parameters: " +
                     (names.empty() ? "none" : names) + ")");
    }
  }
  Json out = Json::object();
  if (op.takesCaller) {
    auto stamp = params.find(logos::kCallerParam);
    out[logos::kCallerParam] = stamp != params.end() ? *stamp : Json();
  }
  for (const auto& p : op.params) {
    auto it = params.find(p.name);
    bool absent = it == params.end() || (it->is_null() && p.type != ParamType::Any);
    if (p.type == ParamType::Amount) {
      bool halves = false;
      for (const std::string& half : {p.name + "_lo", p.name + "_hi"}) {
        auto h = params.find(half);
        if (h == params.end() || h->is_null()) continue;
        std::string why = typeMismatch(ParamType::U64, *h);
        if (!why.empty()) {
          return invalid("operation '" + op.name + "': parameter '" + half + "': " + why + ", got " + detail::jsonTypeName(*h));
        }
        out[half] = *h;
        halves = true;
      }
      if (absent && halves) continue;
    }
    if (absent) {
      if (p.required) {
        const std::string alternative =
            p.type == ParamType::Amount ? " or its halves '" + p.name + "_lo'/'" + p.name + "_hi'" : "";
        return invalid("operation '" + op.name + "': missing required parameter '" + p.name + "'" + alternative +
                       " (" + toString(p.type) + ": " + p.doc + ")");
      }
      if (!p.defaultValue.is_null()) out[p.name] = p.defaultValue;
      continue;
    }
    std::string why = typeMismatch(p.type, *it);
    if (!why.empty()) {
      return invalid("operation '" + op.name + "': parameter '" + p.name + "': " + why + ", got " + detail::jsonTypeName(*it));
    }
    out[p.name] = *it;
  }
  return out;
}

Result<std::array<std::uint8_t, 32>> parseAccountText(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  auto hex = lezpay::util::fromHexFixed<32>(text);
  if (hex.ok()) return hex.value();
  auto b58 = lezpay::util::base58Decode(text);
  if (b58.ok() && b58.value().size() == 32) {
    std::array<std::uint8_t, 32> out{};
    std::copy(b58.value().begin(), b58.value().end(), out.begin());
    return out;
  }
  std::string quoted(text.substr(0, kQuotedTextLimit));
  if (text.size() > kQuotedTextLimit) quoted += "...";
  return Error{std::string(kInvalidAccountId), "'" + quoted + "' is neither 64 hex digits nor a base58 account id"};
}

Result<U128> readAmount(const Json& params, const std::string& name) {
  auto u128Of = [](const Json& v) -> std::optional<U128> {
    if (v.is_number_unsigned()) return U128(v.get<std::uint64_t>());
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return U128(static_cast<std::uint64_t>(v.get<std::int64_t>()));
    if (v.is_string()) {
      auto d = U128::parseDecimal(v.get_ref<const std::string&>());
      if (d.ok()) return d.value();
    }
    return std::nullopt;
  };
  auto present = [&params](const std::string& key) {
    auto it = params.find(key);
    return it != params.end() && !it->is_null();
  };
  std::optional<U128> decimal;
  if (present(name)) {
    decimal = u128Of(params[name]);
    if (!decimal) return invalid("parameter '" + name + "': expected a decimal string of an unsigned 128-bit integer");
  }
  std::optional<U128> halves;
  if (present(name + "_lo") || present(name + "_hi")) {
    std::uint64_t part[2] = {0, 0};
    const std::string keys[2] = {name + "_lo", name + "_hi"};
    for (int i = 0; i < 2; ++i) {
      if (!present(keys[i])) continue;
      // A u64 half passed checkParams' U64 rule, which allows leading zeros in decimal text.
      Json half = params[keys[i]];
      if (half.is_string()) {
        std::string text = half.get<std::string>();
        const auto nonZero = text.find_first_not_of('0');
        half = nonZero == std::string::npos ? std::string("0") : text.substr(nonZero);
      }
      auto v = u128Of(half);
      if (!v || !v->toU64()) return invalid("parameter '" + keys[i] + "': expected an unsigned 64-bit integer");
      part[i] = *v->toU64();
    }
    halves = U128::fromParts(part[1], part[0]);
  }
  if (decimal && halves && *decimal != *halves) {
    return Error{std::string(kArgsMismatch), name + " (" + decimal->toDecimal() + ") and " + name + "_lo/_hi (" +
                                                 halves->toDecimal() + ") disagree"};
  }
  if (decimal) return *decimal;
  if (halves) return *halves;
  return invalid("missing parameter '" + name + "' (decimal string) or '" + name + "_lo'/'" + name + "_hi'");
}

Status checkValues(const OperationSpec& op, const Json& checked) {
  for (const auto& p : op.params) {
    auto it = checked.find(p.name);
    const bool present = it != checked.end() && !it->is_null();
    if (p.type == ParamType::Account && present && it->is_string()) {
      auto id = parseAccountText(it->get_ref<const std::string&>());
      if (!id.ok()) return Error{id.error().code, "parameter '" + p.name + "': " + id.error().message};
    }
    if (p.type == ParamType::Amount && (present || checked.contains(p.name + "_lo") || checked.contains(p.name + "_hi"))) {
      auto amount = readAmount(checked, p.name);
      if (!amount.ok()) return amount.error();
    }
  }
  return lezpay::util::okStatus();
}

Result<Json> bindPositional(const OperationSpec& op, const Json& args) {
  if (!args.is_array()) return invalid("positional arguments must be a JSON array");
  if (args.size() > op.params.size()) {
    return invalid("operation '" + op.name + "' takes at most " + std::to_string(op.params.size()) +
                   " argument(s), got " + std::to_string(args.size()));
  }
  Json out = Json::object();
  for (std::size_t i = 0; i < args.size(); ++i) {
    // null means "absent" except for Any parameters, where it is a value like any other.
    if (!args[i].is_null() || op.params[i].type == ParamType::Any) out[op.params[i].name] = args[i];
  }
  return out;
}

}  // namespace logos::sdk
