#pragma once
// RISC Zero serde words (LEZ spec §10): the `instruction_data: Vec<u32>` of a Message is
// `risc0_zkvm::serde::to_vec(instruction)`, not Borsh.
//
// Risc0WordWriter encodes: bool/u8/u16/u32/i32 = 1 word (i8..i32 sign-extended); u64/i64 = 2
// words, low 32 bits first; u128 = 4 words, its 16 LE bytes packed 4 per word LE; [u8; 32] = 32
// words, one per byte; ProgramId = its 8 words; String = byte-length word then the UTF-8 bytes
// packed 4 per word LE, last word zero-padded; Option = 0, or 1 then the value; Vec = length word
// then elements (Vec<u8> = one word per byte); enum = variant index word then fields. An
// AccountId inside an instruction is its base58 text as a String (spec §10).
//
// Risc0WordReader is the strict inverse: every read returns Result. Errors (word offsets in the
// message): TRUNCATED (words run out, or a length/count needs more words than are left),
// OVERSIZE (count above the caller's limit), INVALID_BOOL (bool word not 0/1), INVALID_VARIANT
// (Option tag not 0/1, variant index out of range), INVALID_VALUE (u8/u16 word out of
// range, non-zero string padding), INVALID_UTF8, INVALID_BASE58 / WRONG_LENGTH (account id),
// TRAILING_BYTES from finish() when words remain.
//
// wordsToLeBytes / wordsFromLeBytes: the `instruction_hex` form, each word as 4 LE bytes.
// wordsFromLeBytes requires a positive multiple of 4 bytes (DecodeError::WRONG_LENGTH).

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lez/core/account_id.h"
#include "lez/core/errors.h"
#include "lez/core/program_id.h"
#include "lez/core/u128.h"

namespace lez::core {

class Risc0WordWriter {
 public:
  void writeU32(std::uint32_t v) { out_.push_back(v); }
  void writeU8(std::uint8_t v) { out_.push_back(v); }
  void writeU16(std::uint16_t v) { out_.push_back(v); }
  void writeI32(std::int32_t v) { out_.push_back(static_cast<std::uint32_t>(v)); }
  void writeBool(bool v) { out_.push_back(v ? 1U : 0U); }
  void writeU64(std::uint64_t v) {
    out_.push_back(static_cast<std::uint32_t>(v));
    out_.push_back(static_cast<std::uint32_t>(v >> 32));
  }
  void writeI64(std::int64_t v) { writeU64(static_cast<std::uint64_t>(v)); }
  void writeU128(U128 v);
  // [u8; 32]: one word per byte.
  void writeBytes32(const std::array<std::uint8_t, 32>& bytes);
  void writeProgramId(const ProgramId& id);
  // String / &str: byte length, then bytes packed 4 per word LE, zero-padded.
  void writeString(std::string_view text);
  // AccountId as its base58 String (serde Display form).
  void writeAccountId(const AccountId& id) { writeString(id.toBase58()); }
  // Vec<u8>: length word then one word per byte.
  void writeByteVec(std::span<const std::uint8_t> bytes);
  // Vec / slice length word. Precondition: count <= u32::MAX.
  void writeCount(std::size_t count) {
    assert(count <= std::numeric_limits<std::uint32_t>::max());
    out_.push_back(static_cast<std::uint32_t>(count));
  }
  void writeVariant(std::uint32_t index) { out_.push_back(index); }
  void writeOptionNone() { out_.push_back(0); }
  void writeOptionSome() { out_.push_back(1); }

  const std::vector<std::uint32_t>& words() const& { return out_; }
  std::vector<std::uint32_t> take() && { return std::move(out_); }

 private:
  std::vector<std::uint32_t> out_;
};

class Risc0WordReader {
 public:
  explicit Risc0WordReader(std::span<const std::uint32_t> words) : in_(words) {}

  Result<std::uint32_t> readU32();
  Result<std::uint8_t> readU8();
  Result<std::uint16_t> readU16();
  Result<std::int32_t> readI32();
  Result<bool> readBool();
  Result<std::uint64_t> readU64();
  Result<std::int64_t> readI64();
  Result<U128> readU128();
  Result<std::array<std::uint8_t, 32>> readBytes32();
  Result<ProgramId> readProgramId();
  Result<std::string> readString(std::size_t maxBytes);
  Result<AccountId> readAccountId();
  Result<std::vector<std::uint8_t>> readByteVec(std::size_t maxLength);
  // Vec length: OVERSIZE above maxCount; TRUNCATED when count * minWordsPerElement exceeds the
  // words left.
  Result<std::uint32_t> readCount(std::size_t minWordsPerElement, std::size_t maxCount);
  // Variant index below `variantCount`.
  Result<std::uint32_t> readVariant(std::uint32_t variantCount);
  // false for None (0), true for Some (1).
  Result<bool> readOptionTag();

  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return in_.size() - pos_; }
  Status finish() const;

 private:
  Result<std::span<const std::uint32_t>> take(std::size_t n);
  std::span<const std::uint32_t> in_;
  std::size_t pos_ = 0;
};

// Longest base58 account-id string accepted inside an instruction.
inline constexpr std::size_t kMaxAccountIdTextBytes = 64;

std::vector<std::uint8_t> wordsToLeBytes(std::span<const std::uint32_t> words);
Result<std::vector<std::uint32_t>> wordsFromLeBytes(std::span<const std::uint8_t> bytes);

}  // namespace lez::core
