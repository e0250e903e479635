#include "lezpay/util/decode_error.h"

#include <array>
#include <utility>

namespace lezpay::util {
namespace {

constexpr std::array<std::pair<DecodeError, std::string_view>, 12> kDecode{{
    {DecodeError::TRUNCATED, "TRUNCATED"},
    {DecodeError::TRAILING_BYTES, "TRAILING_BYTES"},
    {DecodeError::OVERSIZE, "OVERSIZE"},
    {DecodeError::INVALID_PUBLIC_KEY, "INVALID_PUBLIC_KEY"},
    {DecodeError::INVALID_VARIANT, "INVALID_VARIANT"},
    {DecodeError::UNSUPPORTED_VARIANT, "UNSUPPORTED_VARIANT"},
    {DecodeError::INVALID_BOOL, "INVALID_BOOL"},
    {DecodeError::INVALID_UTF8, "INVALID_UTF8"},
    {DecodeError::INVALID_VALUE, "INVALID_VALUE"},
    {DecodeError::INVALID_BASE58, "INVALID_BASE58"},
    {DecodeError::INVALID_HEX, "INVALID_HEX"},
    {DecodeError::WRONG_LENGTH, "WRONG_LENGTH"},
}};

constexpr std::array<std::pair<AmountError, std::string_view>, 2> kAmount{{
    {AmountError::INVALID_AMOUNT, "INVALID_AMOUNT"},
    {AmountError::AMOUNT_OVERFLOW, "AMOUNT_OVERFLOW"},
}};

template <typename E, std::size_t N>
std::string_view lookup(const std::array<std::pair<E, std::string_view>, N>& table, E code) {
  for (const auto& [c, name] : table) {
    if (c == code) return name;
  }
  return "UNKNOWN";  // unreachable for a valid enumerator
}

}  // namespace

std::string_view toString(DecodeError code) { return lookup(kDecode, code); }
std::string_view toString(AmountError code) { return lookup(kAmount, code); }

std::optional<DecodeError> decodeErrorFromString(std::string_view code) {
  for (const auto& [c, name] : kDecode) {
    if (name == code) return c;
  }
  return std::nullopt;
}

Error makeError(DecodeError code, std::string message) {
  return makeError(std::string(toString(code)), std::move(message));
}
Error makeError(AmountError code, std::string message) {
  return makeError(std::string(toString(code)), std::move(message));
}

Error withContext(Error error, std::string_view context) {
  error.message = std::string(context) + ": " + error.message;
  return error;
}

}  // namespace lezpay::util
