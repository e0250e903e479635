#include "lezpay/util/u128.h"

#include <algorithm>

#include "lezpay/util/hex.h"

namespace lezpay::util {

Result<U128> U128::parseDecimal(std::string_view text) {
  if (text.empty()) return makeError(AmountError::INVALID_AMOUNT, "empty amount");
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return makeError(AmountError::INVALID_AMOUNT,
                       "amount has a non-digit at position " + std::to_string(i));
    }
  }
  if (text.size() > 1 && text[0] == '0') {
    return makeError(AmountError::INVALID_AMOUNT, "amount has a leading zero");
  }
  if (text.size() > kU128MaxDecimalDigits) {
    return makeError(AmountError::AMOUNT_OVERFLOW, "amount above 2^128-1");
  }
  const Native limit = max().v_;
  Native value = 0;
  for (char c : text) {
    const auto digit = static_cast<Native>(c - '0');
    if (value > (limit - digit) / 10) {
      return makeError(AmountError::AMOUNT_OVERFLOW, "amount above 2^128-1");
    }
    value = value * 10 + digit;
  }
  return fromNative(value);
}

std::string U128::toDecimal() const {
  if (v_ == 0) return "0";
  std::string out;
  Native v = v_;
  while (v != 0) {
    out.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::array<std::uint8_t, 16> U128::toLeBytes() const {
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < 16; ++i) out[i] = static_cast<std::uint8_t>(v_ >> (8 * i));
  return out;
}

U128 U128::fromLeBytes(std::span<const std::uint8_t, 16> bytes) {
  Native v = 0;
  for (std::size_t i = 16; i-- > 0;) v = (v << 8) | bytes[i];
  return fromNative(v);
}

std::string U128::toLeHex() const {
  const auto bytes = toLeBytes();
  return toHex(bytes);
}

Result<U128> U128::fromLeHex(std::string_view text) {
  auto bytes = fromHex(text);
  if (!bytes.ok()) return makeError(DecodeError::INVALID_HEX, bytes.error().message);
  if (bytes.value().size() != 16) {
    return makeError(DecodeError::WRONG_LENGTH,
                     "u128 LE hex must be 16 bytes (32 hex digits), got " +
                         std::to_string(bytes.value().size()) + " bytes");
  }
  return fromLeBytes(std::span<const std::uint8_t, 16>(bytes.value().data(), 16));
}

}  // namespace lezpay::util
