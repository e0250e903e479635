// Fuzz target: the cluster read from a peer's Waku metadata message (delivery/waku_metadata.h).
// Properties: no crash; an error has a code and a sentence; a cluster read from the input is read
// back from our own encoding of it.
#include <cstddef>
#include <cstdint>
#include <span>

#include "delivery/waku_metadata.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto cluster = delivery::decodeWakuMetadataCluster(std::span<const std::uint8_t>(data, size));
  if (!cluster.ok()) {
    FUZZ_CHECK(!cluster.error().code.empty() && !cluster.error().message.empty());
    return 0;
  }
  if (!cluster.value()) return 0;
  auto again = delivery::decodeWakuMetadataCluster(delivery::encodeWakuMetadata(*cluster.value(), {0, 3}));
  FUZZ_CHECK(again.ok() && again.value() == cluster.value());
  return 0;
}
