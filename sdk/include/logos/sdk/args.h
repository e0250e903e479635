#pragma once
// Typed access to an operation's parameters after the dispatcher checked them against the
// descriptor (param_check.h: checkParams, then checkValues): a handler reads `args.u64("max_entries")` instead of re-parsing
// JSON. Each accessor asserts the parameter's declared type, so asking for a parameter that the
// descriptor does not declare, or with another type, is a programming error (std::logic_error,
// answered as METHOD_FAILED by the dispatcher), never a silent default.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/u128.h"
#include "logos/json.h"
#include "logos/operation.h"

namespace logos::sdk {

class Args {
 public:
  // `params` must have passed checkParams(spec, ...); `spec` must outlive the Args.
  Args(const OperationSpec& spec, Json params);

  const OperationSpec& spec() const { return *spec_; }
  // The checked params object (defaults filled in), e.g. to pass through to another module.
  const Json& json() const { return params_; }

  // Present and not null; an Amount also counts as present when only its halves are.
  bool has(std::string_view name) const;

  std::string str(std::string_view name) const;
  std::uint64_t u64(std::string_view name) const;
  std::int64_t i64(std::string_view name) const;
  bool boolean(std::string_view name) const;
  std::vector<std::uint8_t> hex(std::string_view name) const;
  std::array<std::uint8_t, 32> hex32(std::string_view name) const;
  // A U128 parameter, or an Amount from whichever of its forms was given (checkValues has made
  // sure both forms agree).
  lezpay::util::U128 u128(std::string_view name) const;
  // An Account parameter as its 32 bytes (base58 or hex text, decoded by checkValues' rule).
  std::array<std::uint8_t, 32> account(std::string_view name) const;
  // A Bytes parameter decoded ({"_bytes":...}, padded or not).
  std::vector<std::uint8_t> bytes(std::string_view name) const;
  // A Double parameter; an integer argument converts to the nearest double.
  double f64(std::string_view name) const;
  // Typed lists, element by element; integers are read exactly, never through a double.
  std::vector<std::string> strList(std::string_view name) const;
  std::vector<std::int64_t> i64List(std::string_view name) const;
  std::vector<std::uint64_t> u64List(std::string_view name) const;
  std::vector<double> f64List(std::string_view name) const;
  std::vector<bool> boolList(std::string_view name) const;
  // Object, Array and Any parameters as JSON.
  const Json& value(std::string_view name) const;
  // The host's stamp of who called (logos/caller.h) for an operation that declares takesCaller;
  // null otherwise, and when the operation was run without the host (a unit test).
  const Json& caller() const;

 private:
  const ParamSpec& declared(std::string_view name) const;
  const Json& checked(std::string_view name, ParamType type) const;

  const OperationSpec* spec_;
  Json params_;
};

}  // namespace logos::sdk
