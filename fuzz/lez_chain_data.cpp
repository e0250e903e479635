// Fuzz target: the LEZ chain-data decoders a wallet, facilitator or sequencer reads back from a
// node or a file (lez/core): decodeBlock, decodeBlockHeader, decodeHashableBlockData
// (block_codec.h), decodeAccount (account_codec.h) and decodeClockAccountData (clock_data.h).
// Every decoder sees the whole input.
// Properties: no crash; decode → encode gives the input back byte for byte (strict Borsh: one
// canonical encoding, no trailing bytes) and decodes to the same value.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "fuzz_check.h"
#include "lez/core/account_codec.h"
#include "lez/core/block_codec.h"
#include "lez/core/clock_data.h"

namespace {

template <typename T, typename Decode>
void roundTrip(std::span<const std::uint8_t> input, const T& value, Decode decode) {
  const std::vector<std::uint8_t> bytes = lez::core::encode(value);
  FUZZ_CHECK(bytes.size() == input.size() && std::equal(bytes.begin(), bytes.end(), input.begin()));
  auto again = decode(std::span<const std::uint8_t>(bytes));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(*again == value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> in(data, size);
  if (auto b = lez::core::decodeBlock(in); b.ok()) {
    roundTrip(in, *b, [](auto s) { return lez::core::decodeBlock(s); });
  }
  if (auto h = lez::core::decodeBlockHeader(in); h.ok()) {
    FUZZ_CHECK(size == lez::core::kBlockHeaderBytes);
    roundTrip(in, *h, [](auto s) { return lez::core::decodeBlockHeader(s); });
  }
  if (auto d = lez::core::decodeHashableBlockData(in); d.ok()) {
    roundTrip(in, *d, [](auto s) { return lez::core::decodeHashableBlockData(s); });
  }
  if (auto a = lez::core::decodeAccount(in); a.ok()) {
    roundTrip(in, *a, [](auto s) { return lez::core::decodeAccount(s); });
  }
  if (auto c = lez::core::decodeClockAccountData(in); c.ok()) {
    FUZZ_CHECK(size == lez::core::kClockAccountDataBytes);
    roundTrip(in, *c, [](auto s) { return lez::core::decodeClockAccountData(s); });
  }
  return 0;
}
