#include "lezpay/proto/reader.h"

#include <string>

#include "lezpay/proto/error.h"
#include "lezpay/proto/varint.h"

namespace lezpay::proto {
namespace {

std::uint64_t readLittleEndian(std::span<const std::uint8_t> b) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < b.size(); ++i) v |= static_cast<std::uint64_t>(b[i]) << (8 * i);
  return v;
}

}  // namespace

lezpay::util::Result<Field> Reader::next() {
  const auto rest = in_.subspan(pos_);
  auto tagRead = decodeVarint(rest);
  if (!tagRead) {
    return lezpay::util::makeError(tagRead.error().code, "tag at offset " + std::to_string(pos_) + ": " + tagRead.error().message);
  }
  const std::uint64_t tag = tagRead->value;
  const std::uint64_t number = tag >> 3;
  if (number == 0 || number > kMaxFieldNumber) {
    return makeError(ErrorCode::BAD_FIELD_NUMBER, "tag at offset " + std::to_string(pos_) + ": field number " + std::to_string(number) + " out of range");
  }
  const auto type = static_cast<std::uint8_t>(tag & 7);
  Field f;
  f.number = static_cast<std::uint32_t>(number);
  std::size_t p = tagRead->length;
  const std::string where = "field " + std::to_string(number);
  switch (type) {
    case 0: {
      auto v = decodeVarint(rest.subspan(p));
      if (!v) return lezpay::util::makeError(v.error().code, where + ": " + v.error().message);
      f.wire_type = WireType::VARINT;
      f.scalar = v->value;
      p += v->length;
      break;
    }
    case 1:
    case 5: {
      const std::size_t width = type == 1 ? 8 : 4;
      if (rest.size() - p < width) return makeError(ErrorCode::TRUNCATED, where + ": input ends inside a fixed-width value");
      f.wire_type = type == 1 ? WireType::I64 : WireType::I32;
      f.scalar = readLittleEndian(rest.subspan(p, width));
      p += width;
      break;
    }
    case 2: {
      auto len = decodeVarint(rest.subspan(p));
      if (!len) return lezpay::util::makeError(len.error().code, where + " length: " + len.error().message);
      p += len->length;
      if (len->value > rest.size() - p) {
        return makeError(ErrorCode::TRUNCATED, where + ": length " + std::to_string(len->value) + " runs past the end of the input");
      }
      f.wire_type = WireType::LEN;
      f.bytes = rest.subspan(p, static_cast<std::size_t>(len->value));
      p += static_cast<std::size_t>(len->value);
      break;
    }
    case 3:
    case 4:
      return makeError(ErrorCode::BAD_WIRE_TYPE, where + ": group wire type " + std::to_string(type) + " is not supported");
    default:
      return makeError(ErrorCode::BAD_WIRE_TYPE, where + ": undefined wire type " + std::to_string(type));
  }
  pos_ += p;
  return f;
}

}  // namespace lezpay::proto
