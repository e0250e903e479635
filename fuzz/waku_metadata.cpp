// Fuzz target: the Waku metadata request/response (waku/metadata_codec.h, libp2p.md §8).
// Properties: no crash; an error names its code and field; a decoded message re-encodes and
// decodes to itself, and that encoding is stable.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "waku/metadata_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  auto m = waku::decodeWakuMetadata(input);
  if (!m.ok()) {
    FUZZ_CHECK(!m.error().code.empty() && !m.error().message.empty());
    return 0;
  }
  const auto bytes = waku::encodeWakuMetadata(*m);
  auto again = waku::decodeWakuMetadata(bytes);
  if (bytes.size() > waku::kMaxWakuMetadataBytes) {
    // Unpacked and packed copies of up to 1024 bytes of shards can exceed the input limit.
    FUZZ_CHECK(!again.ok() && again.error().code == "TOO_LARGE");
    return 0;
  }
  FUZZ_CHECK(again.ok() && *again == *m);
  FUZZ_CHECK(waku::encodeWakuMetadata(*again) == bytes);
  return 0;
}
