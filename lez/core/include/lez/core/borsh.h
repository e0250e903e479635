#pragma once
// Borsh primitives (LEZ spec §1): a writer that appends and a bounds-checked reader.
//
// BorshWriter contract: integers little-endian fixed width; [T; N] = elements only; Vec<T> and
// String = u32 LE count then elements; Option = 0x00 or 0x01 + value; bool = 0x00/0x01; enum =
// u8 variant index then fields. A count above u32::MAX is a contract failure (assert), not an
// error: the structures of the spec cannot reach it.
//
// BorshReader contract: every read returns Result; on failure the reader's position is
// unspecified and the caller must stop (decoders abandon the whole value). Errors:
//   TRUNCATED      fewer bytes left than the value needs, or a Vec count whose elements (at their
//                  minimum encoded size) cannot fit in what is left; checked before allocating
//   OVERSIZE       a count above the caller's named limit (e.g. kMaxAccountDataBytes)
//   INVALID_BOOL   a bool byte other than 0/1
//   INVALID_VARIANT an enum index or Option tag outside the declared range
//   INVALID_UTF8   a String that is not well-formed UTF-8
//   TRAILING_BYTES from finish(), when input remains after a complete value
// Messages carry the byte offset; codecs prefix the structure and field (errors.h withContext).

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lez/core/errors.h"
#include "lez/core/u128.h"
#include "lezpay/util/utf8.h"

namespace lez::core {

class BorshWriter {
 public:
  void writeU8(std::uint8_t v) { out_.push_back(v); }
  void writeU16(std::uint16_t v) { writeLe(v, 2); }
  void writeU32(std::uint32_t v) { writeLe(v, 4); }
  void writeU64(std::uint64_t v) { writeLe(v, 8); }
  void writeU128(U128 v);
  void writeBool(bool v) { out_.push_back(v ? 1 : 0); }
  // [u8; N]: the bytes only.
  void writeFixed(std::span<const std::uint8_t> bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  // Vec<T> / String count. Precondition: count <= u32::MAX.
  void writeCount(std::size_t count) {
    assert(count <= std::numeric_limits<std::uint32_t>::max());
    writeU32(static_cast<std::uint32_t>(count));
  }
  // Vec<u8>: count then bytes.
  void writeBytes(std::span<const std::uint8_t> bytes) {
    writeCount(bytes.size());
    writeFixed(bytes);
  }
  void writeString(std::string_view text) {
    writeCount(text.size());
    out_.insert(out_.end(), text.begin(), text.end());
  }
  // Vec<T>: count then writeItem(*this, item) for each item.
  template <typename Range, typename F>
  void writeVec(const Range& items, F&& writeItem) {
    writeCount(std::size(items));
    for (const auto& item : items) writeItem(*this, item);
  }
  template <typename T, typename F>
  void writeOption(const std::optional<T>& value, F&& writeItem) {
    writeU8(value.has_value() ? 1 : 0);
    if (value) writeItem(*this, *value);
  }

  std::size_t size() const { return out_.size(); }
  const std::vector<std::uint8_t>& bytes() const& { return out_; }
  std::vector<std::uint8_t> take() && { return std::move(out_); }

 private:
  void writeLe(std::uint64_t v, int width) {
    for (int i = 0; i < width; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  std::vector<std::uint8_t> out_;
};

class BorshReader {
 public:
  explicit BorshReader(std::span<const std::uint8_t> input) : in_(input) {}

  Result<std::uint8_t> readU8();
  Result<std::uint16_t> readU16();
  Result<std::uint32_t> readU32();
  Result<std::uint64_t> readU64();
  Result<U128> readU128();
  Result<bool> readBool();

  template <std::size_t N>
  Result<std::array<std::uint8_t, N>> readFixed() {
    auto view = take(N);
    if (!view.ok()) return view.error();
    std::array<std::uint8_t, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = view.value()[i];
    return out;
  }
  // A view of the next `n` bytes (valid while the input is).
  Result<std::span<const std::uint8_t>> take(std::size_t n);

  // A Vec count: OVERSIZE above `maxCount`; TRUNCATED when count * minElementSize exceeds what is
  // left (minElementSize >= 1 for element types that take bytes; pass 0 only for zero-sized ones).
  Result<std::uint32_t> readCount(std::size_t minElementSize, std::size_t maxCount);
  // Vec<u8> of at most `maxLength` bytes.
  Result<std::vector<std::uint8_t>> readBytes(std::size_t maxLength);
  // String of at most `maxLength` bytes, well-formed UTF-8.
  Result<std::string> readString(std::size_t maxLength);
  // Option tag: false for 0x00, true for 0x01, INVALID_VARIANT otherwise.
  Result<bool> readOptionTag();
  // Enum variant index below `variantCount`, INVALID_VARIANT otherwise.
  Result<std::uint8_t> readVariant(std::uint8_t variantCount);

  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return in_.size() - pos_; }
  // OK iff the whole input was consumed; TRAILING_BYTES otherwise.
  Status finish() const;

 private:
  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
};

// Strict UTF-8 validation is libs/util's (lezpay/util/utf8.h); named here for LEZ code.
using lezpay::util::isValidUtf8;

}  // namespace lez::core
