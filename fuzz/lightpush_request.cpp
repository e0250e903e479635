// Fuzz target: decodeLightPushRequest (waku/lightpush_codec.h).
// Properties: no crash; decode → encode → decode gives the same value, encode is then byte-stable
// and the message passes checkWakuMessage.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "waku/lightpush_codec.h"
#include "waku/waku_message_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto first = waku::decodeLightPushRequest(std::span<const std::uint8_t>(data, size));
  if (!first) return 0;
  FUZZ_CHECK(waku::checkWakuMessage(first->message).ok());
  const auto bytes = waku::encodeLightPushRequest(*first);
  auto second = waku::decodeLightPushRequest(bytes);
  FUZZ_CHECK(second.ok());
  FUZZ_CHECK(*second == *first);
  FUZZ_CHECK(waku::encodeLightPushRequest(*second) == bytes);
  return 0;
}
