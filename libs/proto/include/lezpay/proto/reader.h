#pragma once
// Reader: a bounds-checked walk over the fields of one protobuf message.
//
// next() reads a whole field (tag and value) and returns it; the value of a length-delimited
// field is a view into the input, which must outlive the returned Field. Unknown fields of every
// supported wire type (varint, i64, len, i32) are skipped by ignoring the Field next() returned.
// Errors (the reader then stays at the failing position and atEnd() is false):
//   TRUNCATED         input ends inside a tag or value
//   VARINT_OVERFLOW   / VARINT_OVERLONG  in a tag or varint value (see varint.h)
//   BAD_FIELD_NUMBER  field number 0 or above 2^29-1
//   BAD_WIRE_TYPE     groups (3, 4) and the undefined types 6, 7
// A message is fully consumed exactly when next() has been called until atEnd(); there are no
// trailing bytes in protobuf.

#include <cstddef>
#include <cstdint>
#include <span>

#include "lezpay/proto/wire_type.h"
#include "lezpay/util/result.h"

namespace lezpay::proto {

struct Field {
  std::uint32_t number = 0;
  WireType wire_type = WireType::VARINT;
  std::uint64_t scalar = 0;             // VARINT value; I64/I32 little-endian value
  std::span<const std::uint8_t> bytes;  // LEN: the value, a view into the reader's input
};

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> input) : in_(input) {}

  bool atEnd() const { return pos_ == in_.size(); }
  std::size_t position() const { return pos_; }

  lezpay::util::Result<Field> next();

 private:
  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
};

}  // namespace lezpay::proto
