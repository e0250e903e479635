// Fuzz target: decodeLeeTransaction (lez/core/transaction_codec.h), and through it the Message,
// WitnessSet and ProgramDeployment decoders — the bytes a sequencer or facilitator receives.
// Properties: no crash; decode → encode → decode gives the same value and encode is then
// byte-stable; the transaction hash of a decoded public transaction is computable.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "lez/core/hashing.h"
#include "lez/core/transaction_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto first = lez::core::decodeLeeTransaction(std::span<const std::uint8_t>(data, size));
  if (!first) return 0;
  const auto bytes = lez::core::encode(*first);
  auto second = lez::core::decodeLeeTransaction(bytes);
  FUZZ_CHECK(second.ok());
  FUZZ_CHECK(*second == *first);
  FUZZ_CHECK(lez::core::encode(*second) == bytes);
  // Strict decoding: the input was exactly the canonical encoding.
  FUZZ_CHECK(bytes.size() == size);
  if (const auto* tx = first->asPublic()) (void)lez::core::transactionHash(*tx);
  return 0;
}
