#pragma once
// Writer: appends protobuf fields to a byte buffer in the order they are written.
//
// Nothing is omitted implicitly: writing a field always emits it, even when its value is the
// default (0, false, empty). That is what nwaku requires for its non-optional fields
// (waku-store.md §9 trap 1); message encoders decide which optional fields to write.
// Precondition of every method: 1 <= field <= kMaxFieldNumber (a contract failure otherwise).

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "lezpay/proto/wire_type.h"

namespace lezpay::proto {

class Writer {
 public:
  Writer() = default;

  void varintField(std::uint32_t field, std::uint64_t value);
  void boolField(std::uint32_t field, bool value);
  void sint64Field(std::uint32_t field, std::int64_t value);  // zigzag
  void fixed64Field(std::uint32_t field, std::uint64_t value);
  void fixed32Field(std::uint32_t field, std::uint32_t value);
  void bytesField(std::uint32_t field, std::span<const std::uint8_t> value);
  void stringField(std::uint32_t field, std::string_view value);
  // An embedded message: `nested` is written as a length-delimited field.
  void messageField(std::uint32_t field, const Writer& nested);

  // Raw access, for callers that build unusual input (tests) or frame the result.
  void tag(std::uint32_t field, WireType type);
  void rawVarint(std::uint64_t value);
  void rawBytes(std::span<const std::uint8_t> bytes);

  const std::vector<std::uint8_t>& bytes() const { return buf_; }
  std::vector<std::uint8_t> take() { return std::move(buf_); }
  std::size_t size() const { return buf_.size(); }

 private:
  std::vector<std::uint8_t> buf_;
};

}  // namespace lezpay::proto
