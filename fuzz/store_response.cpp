// Fuzz target: decodeStoreQueryResponse (waku/store_codec.h).
// Properties: no crash; decode → encode → decode gives the same value and encode is then
// byte-stable; every returned message can be hashed.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "waku/message_hash.h"
#include "waku/store_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto first = waku::decodeStoreQueryResponse(std::span<const std::uint8_t>(data, size));
  if (!first) return 0;
  FUZZ_CHECK(first->messages.size() <= waku::kMaxMessagesPerResponse);
  const auto bytes = waku::encodeStoreQueryResponse(*first);
  auto second = waku::decodeStoreQueryResponse(bytes);
  FUZZ_CHECK(second.ok());
  FUZZ_CHECK(*second == *first);
  FUZZ_CHECK(waku::encodeStoreQueryResponse(*second) == bytes);
  for (const auto& kv : first->messages) {
    FUZZ_CHECK(kv.message.has_value() == kv.pubsub_topic.has_value());
    if (kv.message) (void)waku::computeMessageHash(*kv.pubsub_topic, *kv.message);
  }
  return 0;
}
