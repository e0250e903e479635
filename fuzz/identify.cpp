// Fuzz target: the Identify message (lezpay/libp2p/identify_codec.h).
// Properties: no crash; a decoded message re-encodes and decodes to itself.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "lezpay/libp2p/identify_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  auto m = lezpay::libp2p::decodeIdentify(input);
  if (!m.ok()) {
    FUZZ_CHECK(!m.error().code.empty() && !m.error().message.empty());
    return 0;
  }
  auto again = lezpay::libp2p::decodeIdentify(lezpay::libp2p::encodeIdentify(*m));
  FUZZ_CHECK(again.ok() && *again == *m);
  return 0;
}
