#include "lez/core/borsh.h"

namespace lez::core {
namespace {

std::string at(std::size_t offset) { return "at byte " + std::to_string(offset); }

}  // namespace

void BorshWriter::writeU128(U128 v) {
  const auto bytes = v.toLeBytes();
  writeFixed(bytes);
}

Result<std::span<const std::uint8_t>> BorshReader::take(std::size_t n) {
  if (n > remaining()) {
    return makeError(DecodeError::TRUNCATED, "truncated " + at(pos_) + ": need " +
                                                 std::to_string(n) + " bytes, " +
                                                 std::to_string(remaining()) + " left");
  }
  auto view = in_.subspan(pos_, n);
  pos_ += n;
  return view;
}

Result<std::uint8_t> BorshReader::readU8() {
  auto v = take(1);
  if (!v.ok()) return v.error();
  return v.value()[0];
}

namespace {
template <typename T>
T le(std::span<const std::uint8_t> bytes) {
  T v = 0;
  for (std::size_t i = bytes.size(); i-- > 0;) v = static_cast<T>((v << 8) | bytes[i]);
  return v;
}
}  // namespace

Result<std::uint16_t> BorshReader::readU16() {
  auto v = take(2);
  if (!v.ok()) return v.error();
  return le<std::uint16_t>(v.value());
}

Result<std::uint32_t> BorshReader::readU32() {
  auto v = take(4);
  if (!v.ok()) return v.error();
  return le<std::uint32_t>(v.value());
}

Result<std::uint64_t> BorshReader::readU64() {
  auto v = take(8);
  if (!v.ok()) return v.error();
  return le<std::uint64_t>(v.value());
}

Result<U128> BorshReader::readU128() {
  auto v = take(16);
  if (!v.ok()) return v.error();
  return U128::fromLeBytes(std::span<const std::uint8_t, 16>(v.value().data(), 16));
}

Result<bool> BorshReader::readBool() {
  const std::size_t start = pos_;
  auto v = readU8();
  if (!v.ok()) return v.error();
  if (v.value() > 1) {
    return makeError(DecodeError::INVALID_BOOL,
                     "bool byte " + std::to_string(v.value()) + " " + at(start));
  }
  return v.value() == 1;
}

Result<std::uint32_t> BorshReader::readCount(std::size_t minElementSize, std::size_t maxCount) {
  const std::size_t start = pos_;
  auto count = readU32();
  if (!count.ok()) return count.error();
  const std::size_t n = count.value();
  if (n > maxCount) {
    return makeError(DecodeError::OVERSIZE, "count " + std::to_string(n) + " " + at(start) +
                                                " above the limit " + std::to_string(maxCount));
  }
  if (minElementSize != 0 && n > remaining() / minElementSize) {
    return makeError(DecodeError::TRUNCATED,
                     "count " + std::to_string(n) + " " + at(start) + " needs at least " +
                         std::to_string(n * minElementSize) + " bytes, " +
                         std::to_string(remaining()) + " left");
  }
  return count.value();
}

Result<std::vector<std::uint8_t>> BorshReader::readBytes(std::size_t maxLength) {
  auto count = readCount(1, maxLength);
  if (!count.ok()) return count.error();
  auto view = take(count.value());
  if (!view.ok()) return view.error();
  return std::vector<std::uint8_t>(view.value().begin(), view.value().end());
}

Result<std::string> BorshReader::readString(std::size_t maxLength) {
  const std::size_t start = pos_;
  auto count = readCount(1, maxLength);
  if (!count.ok()) return count.error();
  auto view = take(count.value());
  if (!view.ok()) return view.error();
  if (!isValidUtf8(view.value())) {
    return makeError(DecodeError::INVALID_UTF8, "string " + at(start) + " is not valid UTF-8");
  }
  return std::string(view.value().begin(), view.value().end());
}

Result<bool> BorshReader::readOptionTag() {
  const std::size_t start = pos_;
  auto tag = readU8();
  if (!tag.ok()) return tag.error();
  if (tag.value() > 1) {
    return makeError(DecodeError::INVALID_VARIANT,
                     "option tag " + std::to_string(tag.value()) + " " + at(start));
  }
  return tag.value() == 1;
}

Result<std::uint8_t> BorshReader::readVariant(std::uint8_t variantCount) {
  const std::size_t start = pos_;
  auto tag = readU8();
  if (!tag.ok()) return tag.error();
  if (tag.value() >= variantCount) {
    return makeError(DecodeError::INVALID_VARIANT,
                     "variant index " + std::to_string(tag.value()) + " " + at(start) +
                         " (expected below " + std::to_string(variantCount) + ")");
  }
  return tag.value();
}

Status BorshReader::finish() const {
  if (pos_ != in_.size()) {
    return makeError(DecodeError::TRAILING_BYTES, std::to_string(remaining()) +
                                                      " trailing bytes " + at(pos_));
  }
  return lezpay::util::okStatus();
}

}  // namespace lez::core
