// Fuzz target: the payment-streams instruction decoder (lez/streams/instruction.h) on the
// `instruction_hex` byte form (RISC Zero words, 4 bytes LE each) a transaction carries.
// Properties: no crash; words → instruction → words is the identity (decoding is strict).
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "lez/core/risc0_words.h"
#include "lez/streams/instruction.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto words = lez::core::wordsFromLeBytes(std::span<const std::uint8_t>(data, size));
  if (!words) return 0;
  auto instruction = lez::streams::decodeWords(*words);
  if (!instruction) return 0;
  FUZZ_CHECK(lez::streams::encodeWords(*instruction) == *words);
  auto again = lez::streams::decodeWords(lez::streams::encodeWords(*instruction));
  FUZZ_CHECK(again.ok() && *again == *instruction);
  return 0;
}
