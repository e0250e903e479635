#pragma once
// Protobuf tags: `tag = field_number << 3 | wire_type`, written as a varint.

#include <cstdint>
#include <string_view>

namespace lezpay::proto {

enum class WireType : std::uint8_t {
  VARINT = 0,  // int32/64, uint32/64, sint32/64 (zigzag), bool, enum
  I64 = 1,     // fixed64, sfixed64, double (little-endian)
  LEN = 2,     // string, bytes, embedded message, packed repeated
  SGROUP = 3,  // deprecated groups: always rejected (BAD_WIRE_TYPE)
  EGROUP = 4,  // deprecated groups: always rejected (BAD_WIRE_TYPE)
  I32 = 5,     // fixed32, sfixed32, float (little-endian)
};

// Largest field number protobuf allows (2^29 - 1).
inline constexpr std::uint32_t kMaxFieldNumber = (1u << 29) - 1;

constexpr std::uint64_t makeTag(std::uint32_t field, WireType type) {
  return (static_cast<std::uint64_t>(field) << 3) | static_cast<std::uint8_t>(type);
}

constexpr std::string_view toString(WireType t) {
  switch (t) {
    case WireType::VARINT: return "varint";
    case WireType::I64: return "i64";
    case WireType::LEN: return "len";
    case WireType::SGROUP: return "sgroup";
    case WireType::EGROUP: return "egroup";
    case WireType::I32: return "i32";
  }
  return "unknown";
}

}  // namespace lezpay::proto
