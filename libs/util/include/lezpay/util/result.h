#pragma once
// Result<T>: a value or an Error{code, message}. The one error channel of every pure library
// (STYLE.md "Errors"): decoders and checks return it instead of throwing or asserting on
// external input. `code` is a stable, machine-readable string (each domain keeps an enum class
// and converts it to that string at its boundary); `message` is a sentence for a person.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace lezpay::util {

struct Error {
  std::string code;
  std::string message;

  bool operator==(const Error&) const = default;
};

// Builds an Error; `code` is usually the stable string of a domain enum.
Error makeError(std::string code, std::string message);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}       // NOLINT: implicit on purpose

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  // Precondition: ok(). Calling it on an error is a contract failure.
  const T& value() const& { assert(ok()); return std::get<T>(v_); }
  T& value() & { assert(ok()); return std::get<T>(v_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !ok().
  const Error& error() const { assert(!ok()); return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> equivalent: success carries nothing.
struct Unit {
  bool operator==(const Unit&) const = default;
};
using Status = Result<Unit>;
inline Status okStatus() { return Unit{}; }

}  // namespace lezpay::util
