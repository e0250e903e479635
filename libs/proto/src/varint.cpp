#include "lezpay/proto/varint.h"

#include "lezpay/proto/error.h"

namespace lezpay::proto {

std::size_t varintSize(std::uint64_t value) {
  std::size_t n = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++n;
  }
  return n;
}

void appendVarint(std::vector<std::uint8_t>& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(value));
}

std::vector<std::uint8_t> encodeVarint(std::uint64_t value) {
  std::vector<std::uint8_t> out;
  out.reserve(varintSize(value));
  appendVarint(out, value);
  return out;
}

lezpay::util::Result<VarintRead> decodeVarint(std::span<const std::uint8_t> input) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (i >= input.size()) {
      return makeError(ErrorCode::TRUNCATED, "varint: input ends inside a varint");
    }
    const std::uint8_t b = input[i];
    const std::uint64_t group = b & 0x7F;
    if (i == kMaxVarintBytes - 1 && (b & 0xFE) != 0) {
      // The tenth byte carries bit 63 only; anything else is above 2^64-1 or an 11th byte.
      return makeError(ErrorCode::VARINT_OVERFLOW, "varint: value above 2^64-1 or longer than 10 bytes");
    }
    value |= group << (7 * i);
    if ((b & 0x80) == 0) {
      if (b == 0 && i > 0) {
        return makeError(ErrorCode::VARINT_OVERLONG, "varint: not minimally encoded");
      }
      return VarintRead{value, i + 1};
    }
  }
  // Unreachable: the tenth byte either ends the varint or is rejected above.
  return makeError(ErrorCode::VARINT_OVERFLOW, "varint: longer than 10 bytes");
}

}  // namespace lezpay::proto
