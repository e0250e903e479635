#include "param_parsing.h"

#include <cctype>

#include "logos/envelope.h"

namespace payment_streams {

Result<AccountId> parseAccount(const std::string& raw, const std::string& what) {
  std::string text = raw;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
  auto hex = AccountId::fromHex(text);
  if (hex.ok()) return hex;
  auto b58 = AccountId::fromBase58(text);
  if (b58.ok()) return b58;
  return Error{kInvalidAccountId, what + ": '" + text + "' is neither 64 hex digits nor a base58 account id"};
}

Result<AccountId> accountParam(const Json& params, const std::string& key) {
  auto it = params.find(key);
  if (it == params.end() || !it->is_string()) return Error{kInvalidArgs, "missing parameter '" + key + "' (account id)"};
  return parseAccount(it->get<std::string>(), key);
}

Result<std::uint64_t> u64Value(const Json& v, const std::string& what) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v.get<std::int64_t>());
  if (v.is_string()) {
    auto d = U128::parseDecimal(v.get<std::string>());
    if (d.ok() && d->toU64()) return *d->toU64();
  }
  return Error{kInvalidArgs, what + " must be an unsigned 64-bit integer (JSON integer or decimal string)"};
}

Result<std::uint64_t> u64Param(const Json& params, const std::string& key) {
  auto it = params.find(key);
  if (it == params.end() || it->is_null()) return Error{kInvalidArgs, "missing parameter '" + key + "'"};
  return u64Value(*it, key);
}

std::optional<std::uint64_t> optionalU64(const Json& params, const std::string& key) {
  auto it = params.find(key);
  if (it == params.end() || it->is_null()) return std::nullopt;
  auto v = u64Value(*it, key);
  if (!v.ok()) return std::nullopt;
  return v.value();
}

std::uint64_t u64Of(const Json& params, const std::string& key) {
  auto v = u64Param(params, key);
  return v.ok() ? v.value() : 0;  // the checker only lets valid u64 values through
}

Result<U128> amountParam(const Json& params, const std::string& key) {
  std::optional<U128> decimal;
  auto it = params.find(key);
  if (it != params.end() && !it->is_null()) {
    std::string text = it->is_string() ? it->get<std::string>() : (it->is_number_unsigned() || it->is_number_integer() ? it->dump() : "");
    auto d = U128::parseDecimal(text);
    if (!d.ok()) return Error{kInvalidArgs, key + " must be a decimal string of an unsigned 128-bit integer"};
    decimal = d.value();
  }
  std::optional<U128> halves;
  const bool hasLo = params.contains(key + "_lo") && !params[key + "_lo"].is_null();
  const bool hasHi = params.contains(key + "_hi") && !params[key + "_hi"].is_null();
  if (hasLo || hasHi) {
    std::uint64_t lo = 0, hi = 0;
    if (hasLo) {
      auto v = u64Value(params[key + "_lo"], key + "_lo");
      if (!v.ok()) return v.error();
      lo = v.value();
    }
    if (hasHi) {
      auto v = u64Value(params[key + "_hi"], key + "_hi");
      if (!v.ok()) return v.error();
      hi = v.value();
    }
    halves = U128::fromParts(hi, lo);
  }
  if (decimal && halves && *decimal != *halves) {
    return Error{kArgsMismatch, key + " (" + decimal->toDecimal() + ") and " + key + "_lo/_hi (" + halves->toDecimal() + ") disagree"};
  }
  if (decimal) return *decimal;
  if (halves) return *halves;
  return Error{kInvalidArgs, "missing parameter '" + key + "' (decimal string) or '" + key + "_lo'/'" + key + "_hi'"};
}

Json errorJson(const std::string& code, const std::string& message) { return logos::errorEnvelope(code, message); }

}  // namespace payment_streams
