#include "lezpay/proto/error.h"

#include <array>
#include <utility>

namespace lezpay::proto {
namespace {

constexpr std::array<std::pair<ErrorCode, std::string_view>, 15> kNames{{
    {ErrorCode::TRUNCATED, "TRUNCATED"},
    {ErrorCode::VARINT_OVERFLOW, "VARINT_OVERFLOW"},
    {ErrorCode::VARINT_OVERLONG, "VARINT_OVERLONG"},
    {ErrorCode::BAD_WIRE_TYPE, "BAD_WIRE_TYPE"},
    {ErrorCode::BAD_FIELD_NUMBER, "BAD_FIELD_NUMBER"},
    {ErrorCode::FIELD_WRONG_TYPE, "FIELD_WRONG_TYPE"},
    {ErrorCode::DUPLICATE_FIELD, "DUPLICATE_FIELD"},
    {ErrorCode::MISSING_REQUIRED_FIELD, "MISSING_REQUIRED_FIELD"},
    {ErrorCode::WRONG_LENGTH, "WRONG_LENGTH"},
    {ErrorCode::TOO_LARGE, "TOO_LARGE"},
    {ErrorCode::INVALID_UTF8, "INVALID_UTF8"},
    {ErrorCode::INVALID_VALUE, "INVALID_VALUE"},
    {ErrorCode::ONEOF_CONFLICT, "ONEOF_CONFLICT"},
    {ErrorCode::TRAILING_BYTES, "TRAILING_BYTES"},
    {ErrorCode::MISSING_NEWLINE, "MISSING_NEWLINE"},
}};

}  // namespace

std::string_view toString(ErrorCode code) {
  for (const auto& [c, name] : kNames) {
    if (c == code) return name;
  }
  return "INVALID_VALUE";  // unreachable for a valid enumerator
}

std::optional<ErrorCode> errorCodeFromString(std::string_view code) {
  for (const auto& [c, name] : kNames) {
    if (name == code) return c;
  }
  return std::nullopt;
}

lezpay::util::Error makeError(ErrorCode code, std::string message) {
  return lezpay::util::makeError(std::string(toString(code)), std::move(message));
}

}  // namespace lezpay::proto
