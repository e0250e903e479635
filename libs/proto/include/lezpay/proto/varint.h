#pragma once
// Unsigned LEB128 varints (protobuf encoding, waku-store.md §1 "RPC framing") and zigzag sint64.
//
// Decoding is strict: a varint is at most kMaxVarintBytes (10) bytes and at most 2^64-1
// (VARINT_OVERFLOW), must be minimally encoded (VARINT_OVERLONG: a last group of 0x00 after a
// continuation byte, e.g. `80 00` for 0), and must not be cut off (TRUNCATED). Every conforming
// encoder (libprotobuf, nim minprotobuf, prost, go) writes minimal varints; refusing the others
// makes decode → encode byte-stable.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "lezpay/util/result.h"

namespace lezpay::proto {

inline constexpr std::size_t kMaxVarintBytes = 10;

// Number of bytes appendVarint writes for `value` (1..10).
std::size_t varintSize(std::uint64_t value);

// Appends the minimal encoding of `value` to `out`.
void appendVarint(std::vector<std::uint8_t>& out, std::uint64_t value);

// The minimal encoding of `value` as a new vector.
std::vector<std::uint8_t> encodeVarint(std::uint64_t value);

struct VarintRead {
  std::uint64_t value = 0;
  std::size_t length = 0;  // bytes consumed from the front of the input
};

// Decodes one varint from the front of `input` (trailing bytes are left for the caller).
// Errors: TRUNCATED, VARINT_OVERFLOW, VARINT_OVERLONG.
lezpay::util::Result<VarintRead> decodeVarint(std::span<const std::uint8_t> input);

// Zigzag mapping of sint64 (0→0, -1→1, 1→2, ..., INT64_MIN→2^64-1).
constexpr std::uint64_t zigzagEncode(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
constexpr std::int64_t zigzagDecode(std::uint64_t v) {
  return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

}  // namespace lezpay::proto
