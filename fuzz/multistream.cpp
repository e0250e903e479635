// Fuzz target: multistream-select message decoding (lezpay/proto/multistream.h).
// Properties: no crash; a decoded message re-encodes to exactly the input (prefix minimal, newline
// counted) and decodes again to the same text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>

#include "fuzz_check.h"
#include "lezpay/proto/multistream.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  auto text = lezpay::proto::decodeMultistreamMessage(input);
  if (!text) return 0;
  auto encoded = lezpay::proto::encodeMultistreamMessage(*text);
  FUZZ_CHECK(encoded.ok());
  FUZZ_CHECK(encoded->size() == size && std::equal(encoded->begin(), encoded->end(), input.begin()));
  auto again = lezpay::proto::decodeMultistreamMessage(*encoded);
  FUZZ_CHECK(again.ok() && *again == *text);
  return 0;
}
