#include "logos/sdk/args.h"

#include <stdexcept>

#include "lezpay/util/hex.h"
#include "logos/caller.h"
#include "logos/sdk/param_check.h"

namespace logos::sdk {
namespace {

std::uint64_t decimalU64(const std::string& s) {
  std::uint64_t v = 0;
  for (char c : s) v = v * 10 + static_cast<std::uint64_t>(c - '0');  // range checked by checkParams
  return v;
}

// A U64 value as checkParams accepts it: a JSON integer or its decimal text.
std::uint64_t u64Of(const Json& v) { return v.is_string() ? decimalU64(v.get<std::string>()) : v.get<std::uint64_t>(); }

template <typename T, typename Read>
std::vector<T> listOf(const Json& array, Read read) {
  std::vector<T> out;
  out.reserve(array.size());
  for (const auto& e : array) out.push_back(read(e));
  return out;
}

}  // namespace

Args::Args(const OperationSpec& spec, Json params) : spec_(&spec), params_(std::move(params)) {}

const ParamSpec& Args::declared(std::string_view name) const {
  for (const auto& p : spec_->params) {
    if (p.name == name) return p;
  }
  throw std::logic_error("operation '" + spec_->name + "' declares no parameter '" + std::string(name) + "'");
}

const Json& Args::checked(std::string_view name, ParamType type) const {
  const ParamSpec& p = declared(name);
  if (p.type != type) {
    throw std::logic_error("parameter '" + std::string(name) + "' of '" + spec_->name + "' is declared " +
                           toString(p.type) + ", read as " + toString(type));
  }
  auto it = params_.find(std::string(name));
  if (it == params_.end() || it->is_null()) {
    throw std::logic_error("parameter '" + std::string(name) + "' of '" + spec_->name + "' is absent; check has() first");
  }
  return *it;
}

bool Args::has(std::string_view name) const {
  auto present = [this](const std::string& key) {
    auto it = params_.find(key);
    return it != params_.end() && !it->is_null();
  };
  const std::string key(name);
  if (present(key)) return true;
  for (const auto& p : spec_->params) {
    if (p.name == name && p.type == ParamType::Amount) return present(key + "_lo") || present(key + "_hi");
  }
  return false;
}

std::string Args::str(std::string_view name) const { return checked(name, ParamType::String).get<std::string>(); }

std::uint64_t Args::u64(std::string_view name) const { return u64Of(checked(name, ParamType::U64)); }

std::int64_t Args::i64(std::string_view name) const { return checked(name, ParamType::I64).get<std::int64_t>(); }

bool Args::boolean(std::string_view name) const { return checked(name, ParamType::Bool).get<bool>(); }

std::vector<std::uint8_t> Args::hex(std::string_view name) const {
  auto bytes = lezpay::util::fromHex(checked(name, ParamType::Hex).get_ref<const std::string&>());
  if (!bytes.ok()) throw std::logic_error("parameter '" + std::string(name) + "' passed the hex check but does not decode");
  return bytes.value();
}

std::array<std::uint8_t, 32> Args::hex32(std::string_view name) const {
  auto bytes = lezpay::util::fromHexFixed<32>(checked(name, ParamType::Hex32).get_ref<const std::string&>());
  if (!bytes.ok()) throw std::logic_error("parameter '" + std::string(name) + "' passed the hex32 check but does not decode");
  return bytes.value();
}

lezpay::util::U128 Args::u128(std::string_view name) const {
  const ParamSpec& p = declared(name);
  if (p.type != ParamType::U128 && p.type != ParamType::Amount) {
    throw std::logic_error("parameter '" + std::string(name) + "' of '" + spec_->name + "' is declared " +
                           toString(p.type) + ", read as u128");
  }
  if (!has(name)) {
    throw std::logic_error("parameter '" + std::string(name) + "' of '" + spec_->name + "' is absent; check has() first");
  }
  // A U128 has one form; only an Amount also reads its halves.
  auto amount = p.type == ParamType::Amount ? readAmount(params_, p.name)
                                            : readAmount(Json{{p.name, params_.at(p.name)}}, p.name);
  if (!amount.ok()) {
    throw std::logic_error("parameter '" + std::string(name) + "' passed the checks but does not read: " + amount.error().message);
  }
  return amount.value();
}

std::array<std::uint8_t, 32> Args::account(std::string_view name) const {
  auto id = parseAccountText(checked(name, ParamType::Account).get_ref<const std::string&>());
  if (!id.ok()) throw std::logic_error("parameter '" + std::string(name) + "' passed the account check but does not decode");
  return id.value();
}

std::vector<std::uint8_t> Args::bytes(std::string_view name) const {
  auto bytes = decodeBytesParam(checked(name, ParamType::Bytes));
  if (!bytes.ok()) throw std::logic_error("parameter '" + std::string(name) + "' passed the bytes check but does not decode");
  return bytes.value();
}

double Args::f64(std::string_view name) const { return checked(name, ParamType::Double).get<double>(); }

std::vector<std::string> Args::strList(std::string_view name) const {
  return listOf<std::string>(checked(name, ParamType::StringList), [](const Json& e) { return e.get<std::string>(); });
}

std::vector<std::int64_t> Args::i64List(std::string_view name) const {
  return listOf<std::int64_t>(checked(name, ParamType::I64List), [](const Json& e) { return e.get<std::int64_t>(); });
}

std::vector<std::uint64_t> Args::u64List(std::string_view name) const {
  return listOf<std::uint64_t>(checked(name, ParamType::U64List), u64Of);
}

std::vector<double> Args::f64List(std::string_view name) const {
  return listOf<double>(checked(name, ParamType::DoubleList), [](const Json& e) { return e.get<double>(); });
}

std::vector<bool> Args::boolList(std::string_view name) const {
  return listOf<bool>(checked(name, ParamType::BoolList), [](const Json& e) { return e.get<bool>(); });
}

const Json& Args::value(std::string_view name) const {
  for (const auto& p : spec_->params) {
    if (p.name != name) continue;
    if (p.type != ParamType::Object && p.type != ParamType::Array && p.type != ParamType::Any) {
      throw std::logic_error("parameter '" + std::string(name) + "' of '" + spec_->name + "' is declared " +
                             toString(p.type) + ", read as JSON");
    }
    static const Json kNull;
    auto it = params_.find(std::string(name));
    return it == params_.end() ? kNull : *it;
  }
  throw std::logic_error("operation '" + spec_->name + "' declares no parameter '" + std::string(name) + "'");
}

const Json& Args::caller() const {
  static const Json kNull;
  if (!spec_->takesCaller) return kNull;
  auto it = params_.find(logos::kCallerParam);
  return it == params_.end() ? kNull : *it;
}

}  // namespace logos::sdk
