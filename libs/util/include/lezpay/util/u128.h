#pragma once
// U128: the unsigned 128-bit integer of every amount in the project (LEZ balances and nonces, spec §2,
// Borsh u128 §1, JSON-RPC amounts §11; stream rates and x402 amounts). Backed by the compiler's
// unsigned __int128; no floating point anywhere. Pure: no I/O.
//
// Contract:
// - Arithmetic is checked: checkedAdd/checkedSub/checkedMul/checkedDiv return nullopt on
//   overflow, underflow or division by zero. There are no wrapping operators.
// - parseDecimal() accepts only canonical decimal text: one or more ASCII digits, no sign, no
//   whitespace, no leading zero unless the text is exactly "0", value at most 2^128 - 1
//   (39 digits). Errors: AmountError::INVALID_AMOUNT (syntax) or AMOUNT_OVERFLOW.
// - toDecimal() is the inverse (canonical text).
// - toLeBytes()/fromLeBytes() are the 16-byte little-endian form used by Borsh and by the wallet's
//   `*_le16_hex` strings (spec §12); fromLeHex/toLeHex add the 32-digit hex layer.

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lezpay/util/decode_error.h"

namespace lezpay::util {

namespace detail {
__extension__ typedef unsigned __int128 NativeU128;
}  // namespace detail

class U128 {
 public:
  using Native = detail::NativeU128;

  constexpr U128() = default;
  constexpr explicit U128(std::uint64_t value) : v_(value) {}

  static constexpr U128 fromParts(std::uint64_t hi, std::uint64_t lo) {
    return fromNative((static_cast<Native>(hi) << 64) | lo);
  }
  static constexpr U128 fromNative(Native value) {
    U128 out;
    out.v_ = value;
    return out;
  }
  static constexpr U128 max() { return fromNative(~static_cast<Native>(0)); }

  constexpr std::uint64_t lo() const { return static_cast<std::uint64_t>(v_); }
  constexpr std::uint64_t hi() const { return static_cast<std::uint64_t>(v_ >> 64); }
  constexpr Native native() const { return v_; }
  constexpr bool isZero() const { return v_ == 0; }
  // The value as u64 when it fits (hi() == 0).
  constexpr std::optional<std::uint64_t> toU64() const {
    if (hi() != 0) return std::nullopt;
    return lo();
  }

  constexpr std::optional<U128> checkedAdd(U128 other) const {
    const Native sum = v_ + other.v_;
    if (sum < v_) return std::nullopt;
    return fromNative(sum);
  }
  constexpr std::optional<U128> checkedSub(U128 other) const {
    if (other.v_ > v_) return std::nullopt;
    return fromNative(v_ - other.v_);
  }
  constexpr std::optional<U128> checkedMul(U128 other) const {
    if (v_ == 0 || other.v_ == 0) return U128{};
    if (v_ > max().v_ / other.v_) return std::nullopt;
    return fromNative(v_ * other.v_);
  }
  // Quotient rounded toward zero; nullopt when `divisor` is zero.
  constexpr std::optional<U128> checkedDiv(U128 divisor) const {
    if (divisor.v_ == 0) return std::nullopt;
    return fromNative(v_ / divisor.v_);
  }
  // Remainder; nullopt when `divisor` is zero.
  constexpr std::optional<U128> checkedRem(U128 divisor) const {
    if (divisor.v_ == 0) return std::nullopt;
    return fromNative(v_ % divisor.v_);
  }

  static Result<U128> parseDecimal(std::string_view text);
  std::string toDecimal() const;

  std::array<std::uint8_t, 16> toLeBytes() const;
  static U128 fromLeBytes(std::span<const std::uint8_t, 16> bytes);
  // 32 lowercase hex digits of toLeBytes() (wallet `*_le16_hex`, spec §12).
  std::string toLeHex() const;
  // Inverse of toLeHex(): optional 0x, exactly 32 hex digits; errors DecodeError::INVALID_HEX or
  // WRONG_LENGTH.
  static Result<U128> fromLeHex(std::string_view text);

  friend constexpr bool operator==(U128 a, U128 b) { return a.v_ == b.v_; }
  friend constexpr std::strong_ordering operator<=>(U128 a, U128 b) {
    return a.v_ < b.v_ ? std::strong_ordering::less
                       : (a.v_ > b.v_ ? std::strong_ordering::greater : std::strong_ordering::equal);
  }

 private:
  Native v_ = 0;
};

// Number of decimal digits of U128::max() (340282366920938463463374607431768211455).
inline constexpr std::size_t kU128MaxDecimalDigits = 39;

}  // namespace lezpay::util
