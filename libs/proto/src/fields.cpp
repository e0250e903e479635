#include "lezpay/proto/fields.h"

#include <algorithm>
#include <limits>

#include "lezpay/util/utf8.h"
#include "lezpay/proto/varint.h"

namespace lezpay::proto {

using lezpay::util::Result;
using lezpay::util::Status;

Status expectWireType(const Field& f, WireType type, std::string_view name) {
  if (f.wire_type != type) {
    return makeError(ErrorCode::FIELD_WRONG_TYPE, std::string(name) + ": expected wire type " + std::string(toString(type)) + ", got " + std::string(toString(f.wire_type)));
  }
  return lezpay::util::okStatus();
}

Result<std::uint64_t> readUint64(const Field& f, std::string_view name) {
  if (auto s = expectWireType(f, WireType::VARINT, name); !s) return s.error();
  return f.scalar;
}

Result<std::uint32_t> readUint32(const Field& f, std::string_view name) {
  if (auto s = expectWireType(f, WireType::VARINT, name); !s) return s.error();
  if (f.scalar > std::numeric_limits<std::uint32_t>::max()) {
    return makeError(ErrorCode::INVALID_VALUE, std::string(name) + ": " + std::to_string(f.scalar) + " does not fit uint32");
  }
  return static_cast<std::uint32_t>(f.scalar);
}

Result<bool> readBool(const Field& f, std::string_view name) {
  if (auto s = expectWireType(f, WireType::VARINT, name); !s) return s.error();
  if (f.scalar > 1) {
    return makeError(ErrorCode::INVALID_VALUE, std::string(name) + ": bool must be 0 or 1, got " + std::to_string(f.scalar));
  }
  return f.scalar == 1;
}

Result<std::int64_t> readSint64(const Field& f, std::string_view name) {
  if (auto s = expectWireType(f, WireType::VARINT, name); !s) return s.error();
  return zigzagDecode(f.scalar);
}

Result<std::span<const std::uint8_t>> readBytes(const Field& f, std::string_view name, std::size_t maxBytes) {
  if (auto s = expectWireType(f, WireType::LEN, name); !s) return s.error();
  if (f.bytes.size() > maxBytes) {
    return makeError(ErrorCode::TOO_LARGE, std::string(name) + ": " + std::to_string(f.bytes.size()) + " bytes, limit " + std::to_string(maxBytes));
  }
  return f.bytes;
}

Result<std::vector<std::uint8_t>> readByteVector(const Field& f, std::string_view name, std::size_t maxBytes) {
  auto b = readBytes(f, name, maxBytes);
  if (!b) return b.error();
  return std::vector<std::uint8_t>(b->begin(), b->end());
}

Result<std::string> readString(const Field& f, std::string_view name, std::size_t maxBytes) {
  auto b = readBytes(f, name, maxBytes);
  if (!b) return b.error();
  if (!util::isValidUtf8(*b)) return makeError(ErrorCode::INVALID_UTF8, std::string(name) + ": not valid UTF-8");
  return std::string(reinterpret_cast<const char*>(b->data()), b->size());
}

Result<std::uint64_t> readU64LittleEndianBytes(const Field& f, std::string_view name) {
  auto b = readFixedBytes<8>(f, name);
  if (!b) return b.error();
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>((*b)[i]) << (8 * i);
  return v;
}

Status FieldSet::markSeen(std::uint32_t number, std::string_view name) {
  if (has(number)) return makeError(ErrorCode::DUPLICATE_FIELD, std::string(name) + ": appears more than once");
  seen_.push_back(number);
  return lezpay::util::okStatus();
}

bool FieldSet::has(std::uint32_t number) const { return std::find(seen_.begin(), seen_.end(), number) != seen_.end(); }

Status FieldSet::require(std::uint32_t number, std::string_view name) const {
  if (!has(number)) return makeError(ErrorCode::MISSING_REQUIRED_FIELD, std::string(name) + ": missing required field");
  return lezpay::util::okStatus();
}

Status checkInputSize(std::span<const std::uint8_t> input, std::size_t maxBytes, std::string_view what) {
  if (input.size() > maxBytes) {
    return makeError(ErrorCode::TOO_LARGE, std::string(what) + ": " + std::to_string(input.size()) + " bytes, limit " + std::to_string(maxBytes));
  }
  return lezpay::util::okStatus();
}

lezpay::util::Error withContext(const lezpay::util::Error& error, std::string_view context) {
  return lezpay::util::Error{error.code, std::string(context) + ": " + error.message};
}

}  // namespace lezpay::proto
