#include "lezpay/proto/writer.h"

#include <cassert>

#include "lezpay/proto/varint.h"

namespace lezpay::proto {

void Writer::tag(std::uint32_t field, WireType type) {
  assert(field >= 1 && field <= kMaxFieldNumber);
  appendVarint(buf_, makeTag(field, type));
}

void Writer::rawVarint(std::uint64_t value) { appendVarint(buf_, value); }

void Writer::rawBytes(std::span<const std::uint8_t> bytes) { buf_.insert(buf_.end(), bytes.begin(), bytes.end()); }

void Writer::varintField(std::uint32_t field, std::uint64_t value) {
  tag(field, WireType::VARINT);
  appendVarint(buf_, value);
}

void Writer::boolField(std::uint32_t field, bool value) { varintField(field, value ? 1 : 0); }

void Writer::sint64Field(std::uint32_t field, std::int64_t value) { varintField(field, zigzagEncode(value)); }

void Writer::fixed64Field(std::uint32_t field, std::uint64_t value) {
  tag(field, WireType::I64);
  for (int i = 0; i < 8; ++i) buf_.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void Writer::fixed32Field(std::uint32_t field, std::uint32_t value) {
  tag(field, WireType::I32);
  for (int i = 0; i < 4; ++i) buf_.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void Writer::bytesField(std::uint32_t field, std::span<const std::uint8_t> value) {
  tag(field, WireType::LEN);
  appendVarint(buf_, value.size());
  rawBytes(value);
}

void Writer::stringField(std::uint32_t field, std::string_view value) {
  bytesField(field, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(value.data()), value.size()));
}

void Writer::messageField(std::uint32_t field, const Writer& nested) { bytesField(field, nested.bytes()); }

}  // namespace lezpay::proto
