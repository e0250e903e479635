// Fuzz target: the payment-streams account decoders (lez/streams/accounts.h): VaultConfig,
// VaultHolding and StreamConfig, i.e. account data read back from any chain node. The first
// input byte selects the decoder, the rest is the account data.
// Properties: no crash; decode → encode → decode gives the same value, encode is byte-stable.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "lez/streams/accounts.h"

namespace {

template <typename Decode>
void roundTrip(std::span<const std::uint8_t> bytes, Decode decode) {
  auto first = decode(bytes);
  if (!first) return;
  const auto encoded = lez::streams::encode(*first);
  auto second = decode(encoded);
  FUZZ_CHECK(second.ok());
  FUZZ_CHECK(*second == *first);
  FUZZ_CHECK(lez::streams::encode(*second) == encoded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> rest(data + 1, size - 1);
  switch (data[0] % 3) {
    case 0: roundTrip(rest, [](auto b) { return lez::streams::decodeVaultConfig(b); }); break;
    case 1: roundTrip(rest, [](auto b) { return lez::streams::decodeVaultHolding(b); }); break;
    default: roundTrip(rest, [](auto b) { return lez::streams::decodeStreamConfig(b); }); break;
  }
  return 0;
}
