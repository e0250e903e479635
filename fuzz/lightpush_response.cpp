// Fuzz target: decodeLightPushResponse (waku/lightpush_codec.h).
// Properties: no crash; decode → encode → decode gives the same value and encode is then
// byte-stable; the status is always one of the named ones.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "waku/lightpush_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto first = waku::decodeLightPushResponse(std::span<const std::uint8_t>(data, size));
  if (!first) return 0;
  FUZZ_CHECK(waku::lightPushStatusFromNumber(static_cast<std::uint32_t>(first->status_code)) == first->status_code);
  const auto bytes = waku::encodeLightPushResponse(*first);
  auto second = waku::decodeLightPushResponse(bytes);
  FUZZ_CHECK(second.ok());
  FUZZ_CHECK(*second == *first);
  FUZZ_CHECK(waku::encodeLightPushResponse(*second) == bytes);
  (void)waku::effectiveStatus(*first);
  return 0;
}
