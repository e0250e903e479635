#pragma once
// Typed, checked access to decoded fields, shared by the message decoders of libs/waku and
// libs/eligibility. `name` is the qualified field name used in error messages
// ("StoreQueryRequest.request_id"); every error is "<name>: <what is wrong>".
//
// Strictness (documented in docs/decisions.md):
//   - a known field with another wire type than its schema's is FIELD_WRONG_TYPE;
//   - bool must be 0 or 1 and uint32 at most 2^32-1 (INVALID_VALUE), not silently truncated;
//   - strings must be valid UTF-8 (INVALID_UTF8);
//   - bytes/strings above their named limit are TOO_LARGE, fixed widths must match (WRONG_LENGTH);
//   - a singular field that appears twice is DUPLICATE_FIELD (FieldSet), not "last one wins".

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/proto/error.h"
#include "lezpay/proto/reader.h"
#include "lezpay/util/result.h"

namespace lezpay::proto {

// FIELD_WRONG_TYPE unless f.wire_type == type.
lezpay::util::Status expectWireType(const Field& f, WireType type, std::string_view name);

lezpay::util::Result<std::uint64_t> readUint64(const Field& f, std::string_view name);
lezpay::util::Result<std::uint32_t> readUint32(const Field& f, std::string_view name);
lezpay::util::Result<bool> readBool(const Field& f, std::string_view name);
lezpay::util::Result<std::int64_t> readSint64(const Field& f, std::string_view name);

// A length-delimited value of at most maxBytes bytes (a view into the input).
lezpay::util::Result<std::span<const std::uint8_t>> readBytes(const Field& f, std::string_view name, std::size_t maxBytes);
// The same, copied.
lezpay::util::Result<std::vector<std::uint8_t>> readByteVector(const Field& f, std::string_view name, std::size_t maxBytes);
// A UTF-8 string of at most maxBytes bytes.
lezpay::util::Result<std::string> readString(const Field& f, std::string_view name, std::size_t maxBytes);
// A bytes field of exactly 8 bytes read as a little-endian u64 (LIP-155 ids).
lezpay::util::Result<std::uint64_t> readU64LittleEndianBytes(const Field& f, std::string_view name);

// A bytes field of exactly N bytes.
template <std::size_t N>
lezpay::util::Result<std::array<std::uint8_t, N>> readFixedBytes(const Field& f, std::string_view name) {
  if (auto s = expectWireType(f, WireType::LEN, name); !s) return s.error();
  if (f.bytes.size() != N) {
    return makeError(ErrorCode::WRONG_LENGTH, std::string(name) + ": expected " + std::to_string(N) + " bytes, got " + std::to_string(f.bytes.size()));
  }
  std::array<std::uint8_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = f.bytes[i];
  return out;
}

// Which singular fields of one message were seen, for DUPLICATE_FIELD and MISSING_REQUIRED_FIELD.
class FieldSet {
 public:
  // DUPLICATE_FIELD if `number` was already marked.
  lezpay::util::Status markSeen(std::uint32_t number, std::string_view name);
  bool has(std::uint32_t number) const;
  // MISSING_REQUIRED_FIELD unless `number` was marked.
  lezpay::util::Status require(std::uint32_t number, std::string_view name) const;

 private:
  std::vector<std::uint32_t> seen_;
};

// TOO_LARGE when input.size() > maxBytes; `what` names the message.
lezpay::util::Status checkInputSize(std::span<const std::uint8_t> input, std::size_t maxBytes, std::string_view what);

// The same error with "<context>: " in front of its message (the code is kept).
lezpay::util::Error withContext(const lezpay::util::Error& error, std::string_view context);

// Bytes view of a string, and the reverse copy.
inline std::span<const std::uint8_t> asBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace lezpay::proto
