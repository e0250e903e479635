// Fuzz target: decodeStoreQueryRequest (waku/store_codec.h).
// Properties: no crash; a decoded request passes checkStoreQueryRequest, re-encodes, decodes to
// the same value and re-encodes to the same bytes; its N8 is stable; the delivery JSON shape
// round-trips it (when it has a non-empty request_id and no empty proof, which JSON cannot carry).
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "waku/canonical_request.h"
#include "waku/store_codec.h"
#include "waku/store_query_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto first = waku::decodeStoreQueryRequest(std::span<const std::uint8_t>(data, size));
  if (!first) return 0;
  FUZZ_CHECK(waku::checkStoreQueryRequest(*first).ok());
  const auto bytes = waku::encodeStoreQueryRequest(*first);
  FUZZ_CHECK(bytes.size() <= waku::kMaxStoreRequestBytes);
  auto second = waku::decodeStoreQueryRequest(bytes);
  FUZZ_CHECK(second.ok());
  FUZZ_CHECK(*second == *first);
  FUZZ_CHECK(waku::encodeStoreQueryRequest(*second) == bytes);
  FUZZ_CHECK(waku::canonicalStoreRequest(*first) == waku::canonicalStoreRequest(*second));

  const bool jsonRepresentable = !first->request_id.empty() && !(first->eligibility_proof && first->eligibility_proof->empty());
  if (jsonRepresentable) {
    auto viaJson = waku::storeQueryFromJson(waku::storeQueryToJson(*first));
    FUZZ_CHECK(viaJson.ok());
    FUZZ_CHECK(*viaJson == *first);
  }
  return 0;
}
