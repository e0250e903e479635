#pragma once
// ProgramId (LEZ spec §1): [u32; 8]. Its 32-byte form is each word little-endian, concatenated;
// `program_id_hex` is the 64 lowercase hex digits of those bytes. All zero = DEFAULT_PROGRAM_ID
// (an unowned account, spec §2).
//
// Contract: fromBytes needs exactly 32 bytes (DecodeError::WRONG_LENGTH); fromHex takes an
// optional 0x and exactly 64 hex digits (INVALID_HEX / WRONG_LENGTH). fromHexLiteral is the
// compile-time form for constants and rejects malformed text at compile time.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "lez/core/errors.h"

namespace lez::core {

namespace detail {
consteval int hexNibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  throw "invalid hex digit in literal";
}
consteval std::array<std::uint8_t, 32> hex32Literal(std::string_view text) {
  if (text.size() != 64) throw "hex literal must be 64 digits";
  std::array<std::uint8_t, 32> out{};
  for (std::size_t i = 0; i < 32; ++i) {
    out[i] = static_cast<std::uint8_t>(hexNibble(text[2 * i]) * 16 + hexNibble(text[2 * i + 1]));
  }
  return out;
}
}  // namespace detail

class ProgramId {
 public:
  using Words = std::array<std::uint32_t, 8>;
  using Bytes = std::array<std::uint8_t, 32>;

  constexpr ProgramId() = default;
  constexpr explicit ProgramId(const Words& words) : words_(words) {}

  static constexpr ProgramId fromBytes32(const Bytes& bytes) {
    Words w{};
    for (std::size_t i = 0; i < 8; ++i) {
      w[i] = static_cast<std::uint32_t>(bytes[4 * i]) |
             (static_cast<std::uint32_t>(bytes[4 * i + 1]) << 8) |
             (static_cast<std::uint32_t>(bytes[4 * i + 2]) << 16) |
             (static_cast<std::uint32_t>(bytes[4 * i + 3]) << 24);
    }
    return ProgramId(w);
  }
  static consteval ProgramId fromHexLiteral(std::string_view text) {
    return fromBytes32(detail::hex32Literal(text));
  }
  static Result<ProgramId> fromBytes(std::span<const std::uint8_t> bytes);
  static Result<ProgramId> fromHex(std::string_view text);

  constexpr const Words& words() const { return words_; }
  constexpr Bytes toBytes() const {
    Bytes out{};
    for (std::size_t i = 0; i < 8; ++i) {
      for (std::size_t k = 0; k < 4; ++k) out[4 * i + k] = static_cast<std::uint8_t>(words_[i] >> (8 * k));
    }
    return out;
  }
  std::string toHex() const;
  // True for DEFAULT_PROGRAM_ID (all zero).
  constexpr bool isDefault() const {
    for (auto w : words_) {
      if (w != 0) return false;
    }
    return true;
  }

  friend constexpr bool operator==(const ProgramId&, const ProgramId&) = default;
  friend constexpr auto operator<=>(const ProgramId&, const ProgramId&) = default;

 private:
  Words words_{};
};

inline constexpr ProgramId kDefaultProgramId{};

}  // namespace lez::core
