#include "lez/core/risc0_words.h"

#include "lez/core/borsh.h"

namespace lez::core {
namespace {

std::string at(std::size_t offset) { return "at word " + std::to_string(offset); }

// Packs `bytes` 4 per word LE, last word zero-padded.
void packBytes(std::vector<std::uint32_t>& out, std::span<const std::uint8_t> bytes) {
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    std::uint32_t w = 0;
    for (std::size_t k = 0; k < 4 && i + k < bytes.size(); ++k) {
      w |= static_cast<std::uint32_t>(bytes[i + k]) << (8 * k);
    }
    out.push_back(w);
  }
}

}  // namespace

void Risc0WordWriter::writeU128(U128 v) {
  const auto bytes = v.toLeBytes();
  packBytes(out_, bytes);
}

void Risc0WordWriter::writeBytes32(const std::array<std::uint8_t, 32>& bytes) {
  for (auto b : bytes) out_.push_back(b);
}

void Risc0WordWriter::writeProgramId(const ProgramId& id) {
  for (auto w : id.words()) out_.push_back(w);
}

void Risc0WordWriter::writeString(std::string_view text) {
  writeCount(text.size());
  packBytes(out_, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()),
                                                text.size()));
}

void Risc0WordWriter::writeByteVec(std::span<const std::uint8_t> bytes) {
  writeCount(bytes.size());
  for (auto b : bytes) out_.push_back(b);
}

Result<std::span<const std::uint32_t>> Risc0WordReader::take(std::size_t n) {
  if (n > remaining()) {
    return makeError(DecodeError::TRUNCATED, "truncated " + at(pos_) + ": need " +
                                                 std::to_string(n) + " words, " +
                                                 std::to_string(remaining()) + " left");
  }
  auto view = in_.subspan(pos_, n);
  pos_ += n;
  return view;
}

Result<std::uint32_t> Risc0WordReader::readU32() {
  auto w = take(1);
  if (!w.ok()) return w.error();
  return w.value()[0];
}

Result<std::uint8_t> Risc0WordReader::readU8() {
  const std::size_t start = pos_;
  auto w = readU32();
  if (!w.ok()) return w.error();
  if (w.value() > 0xff) {
    return makeError(DecodeError::INVALID_VALUE,
                     "u8 word " + std::to_string(w.value()) + " " + at(start) + " above 255");
  }
  return static_cast<std::uint8_t>(w.value());
}

Result<std::uint16_t> Risc0WordReader::readU16() {
  const std::size_t start = pos_;
  auto w = readU32();
  if (!w.ok()) return w.error();
  if (w.value() > 0xffff) {
    return makeError(DecodeError::INVALID_VALUE,
                     "u16 word " + std::to_string(w.value()) + " " + at(start) + " above 65535");
  }
  return static_cast<std::uint16_t>(w.value());
}

Result<std::int32_t> Risc0WordReader::readI32() {
  auto w = readU32();
  if (!w.ok()) return w.error();
  return static_cast<std::int32_t>(w.value());
}

Result<bool> Risc0WordReader::readBool() {
  const std::size_t start = pos_;
  auto w = readU32();
  if (!w.ok()) return w.error();
  if (w.value() > 1) {
    return makeError(DecodeError::INVALID_BOOL,
                     "bool word " + std::to_string(w.value()) + " " + at(start));
  }
  return w.value() == 1;
}

Result<std::uint64_t> Risc0WordReader::readU64() {
  auto w = take(2);
  if (!w.ok()) return w.error();
  return static_cast<std::uint64_t>(w.value()[0]) | (static_cast<std::uint64_t>(w.value()[1]) << 32);
}

Result<std::int64_t> Risc0WordReader::readI64() {
  auto v = readU64();
  if (!v.ok()) return v.error();
  return static_cast<std::int64_t>(v.value());
}

Result<U128> Risc0WordReader::readU128() {
  auto w = take(4);
  if (!w.ok()) return w.error();
  std::array<std::uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < 16; ++i) {
    bytes[i] = static_cast<std::uint8_t>(w.value()[i / 4] >> (8 * (i % 4)));
  }
  return U128::fromLeBytes(bytes);
}

Result<std::array<std::uint8_t, 32>> Risc0WordReader::readBytes32() {
  std::array<std::uint8_t, 32> out{};
  for (auto& b : out) {
    auto v = readU8();
    if (!v.ok()) return v.error();
    b = v.value();
  }
  return out;
}

Result<ProgramId> Risc0WordReader::readProgramId() {
  auto w = take(8);
  if (!w.ok()) return w.error();
  ProgramId::Words words{};
  for (std::size_t i = 0; i < 8; ++i) words[i] = w.value()[i];
  return ProgramId(words);
}

Result<std::string> Risc0WordReader::readString(std::size_t maxBytes) {
  const std::size_t start = pos_;
  auto len = readU32();
  if (!len.ok()) return len.error();
  const std::size_t n = len.value();
  if (n > maxBytes) {
    return makeError(DecodeError::OVERSIZE, "string length " + std::to_string(n) + " " +
                                                at(start) + " above the limit " +
                                                std::to_string(maxBytes));
  }
  const std::size_t wordCount = n / 4 + (n % 4 != 0 ? 1 : 0);
  auto w = take(wordCount);
  if (!w.ok()) return w.error();
  std::string out(n, '\0');
  for (std::size_t i = 0; i < wordCount * 4; ++i) {
    const auto byte = static_cast<std::uint8_t>(w.value()[i / 4] >> (8 * (i % 4)));
    if (i < n) {
      out[i] = static_cast<char>(byte);
    } else if (byte != 0) {
      return makeError(DecodeError::INVALID_VALUE,
                       "non-zero padding in the string " + at(start));
    }
  }
  if (!isValidUtf8(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(out.data()),
                                                 out.size()))) {
    return makeError(DecodeError::INVALID_UTF8, "string " + at(start) + " is not valid UTF-8");
  }
  return out;
}

Result<AccountId> Risc0WordReader::readAccountId() {
  auto text = readString(kMaxAccountIdTextBytes);
  if (!text.ok()) return text.error();
  return AccountId::fromBase58(text.value());
}

Result<std::vector<std::uint8_t>> Risc0WordReader::readByteVec(std::size_t maxLength) {
  auto count = readCount(1, maxLength);
  if (!count.ok()) return count.error();
  std::vector<std::uint8_t> out;
  out.reserve(count.value());
  for (std::uint32_t i = 0; i < count.value(); ++i) {
    auto b = readU8();
    if (!b.ok()) return b.error();
    out.push_back(b.value());
  }
  return out;
}

Result<std::uint32_t> Risc0WordReader::readCount(std::size_t minWordsPerElement,
                                                 std::size_t maxCount) {
  const std::size_t start = pos_;
  auto count = readU32();
  if (!count.ok()) return count.error();
  const std::size_t n = count.value();
  if (n > maxCount) {
    return makeError(DecodeError::OVERSIZE, "count " + std::to_string(n) + " " + at(start) +
                                                " above the limit " + std::to_string(maxCount));
  }
  if (minWordsPerElement != 0 && n > remaining() / minWordsPerElement) {
    return makeError(DecodeError::TRUNCATED, "count " + std::to_string(n) + " " + at(start) +
                                                 " needs at least " +
                                                 std::to_string(n * minWordsPerElement) +
                                                 " words, " + std::to_string(remaining()) + " left");
  }
  return count.value();
}

Result<std::uint32_t> Risc0WordReader::readVariant(std::uint32_t variantCount) {
  const std::size_t start = pos_;
  auto w = readU32();
  if (!w.ok()) return w.error();
  if (w.value() >= variantCount) {
    return makeError(DecodeError::INVALID_VARIANT,
                     "variant index " + std::to_string(w.value()) + " " + at(start) +
                         " (expected below " + std::to_string(variantCount) + ")");
  }
  return w.value();
}

Result<bool> Risc0WordReader::readOptionTag() {
  const std::size_t start = pos_;
  auto w = readU32();
  if (!w.ok()) return w.error();
  if (w.value() > 1) {
    return makeError(DecodeError::INVALID_VARIANT,
                     "option tag " + std::to_string(w.value()) + " " + at(start));
  }
  return w.value() == 1;
}

Status Risc0WordReader::finish() const {
  if (pos_ != in_.size()) {
    return makeError(DecodeError::TRAILING_BYTES,
                     std::to_string(remaining()) + " trailing words " + at(pos_));
  }
  return lezpay::util::okStatus();
}

std::vector<std::uint8_t> wordsToLeBytes(std::span<const std::uint32_t> words) {
  std::vector<std::uint8_t> out;
  out.reserve(words.size() * 4);
  for (auto w : words) {
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<std::uint8_t>(w >> (8 * k)));
  }
  return out;
}

Result<std::vector<std::uint32_t>> wordsFromLeBytes(std::span<const std::uint8_t> bytes) {
  if (bytes.empty() || bytes.size() % 4 != 0) {
    return makeError(DecodeError::WRONG_LENGTH,
                     "instruction bytes must be a positive multiple of 4, got " +
                         std::to_string(bytes.size()));
  }
  std::vector<std::uint32_t> out(bytes.size() / 4);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::uint32_t>(bytes[4 * i]) |
             (static_cast<std::uint32_t>(bytes[4 * i + 1]) << 8) |
             (static_cast<std::uint32_t>(bytes[4 * i + 2]) << 16) |
             (static_cast<std::uint32_t>(bytes[4 * i + 3]) << 24);
  }
  return out;
}

}  // namespace lez::core
