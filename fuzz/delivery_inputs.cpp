// Fuzz target: the text and JSON decoders of delivery_module's pure core
// (modules/delivery_module/include/delivery/). The first byte picks the decoder, the rest is input.
// Properties: no crash; 0 multiaddr: parse → format → parse gives the same address; 1 node config:
// a parsed config survives nodeConfigToJson → nodeConfigFromJson; 2 message JSON: fromJson → toJson
// → fromJson is stable; 3 query defaults: a normalized query normalizes to itself; 4 peer id:
// a decoded peer id is a multihash of the announced length; 5 retention policy: no crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "delivery/multiaddr.h"
#include "delivery/node_config.h"
#include "delivery/peer_id.h"
#include "delivery/query_json_defaults.h"
#include "delivery/store_result_json.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 6) {
    case 0: {
      auto a = delivery::parseMultiaddr(text);
      if (!a) return 0;
      auto again = delivery::parseMultiaddr(delivery::formatMultiaddr(*a));
      FUZZ_CHECK(again.ok() && *again == *a);
      return 0;
    }
    case 1: {
      auto j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_discarded()) return 0;
      auto c = delivery::nodeConfigFromJson(j);
      if (!c) return 0;
      FUZZ_CHECK(delivery::nodeConfigFromJson(delivery::nodeConfigToJson(*c)).ok());
      return 0;
    }
    case 2: {
      auto j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_discarded()) return 0;
      auto m = delivery::wakuMessageFromJson(j);
      if (!m) return 0;
      auto again = delivery::wakuMessageFromJson(delivery::wakuMessageToJson(*m));
      FUZZ_CHECK(again.ok());
      // version 0 and timestamp 0 are written explicitly, so compare what toJson keeps.
      FUZZ_CHECK(delivery::wakuMessageToJson(*again) == delivery::wakuMessageToJson(*m));
      return 0;
    }
    case 3: {
      auto q = delivery::normalizeQueryJson(nlohmann::json(std::string(text)), [] { return std::string("generated"); });
      if (!q) return 0;
      auto again = delivery::normalizeQueryJson(*q, [] { return std::string("other"); });
      FUZZ_CHECK(again.ok() && *again == *q);
      return 0;
    }
    case 4: {
      auto id = delivery::decodePeerId(text);
      if (!id) return 0;
      FUZZ_CHECK(id->size() >= 2 && (id->size() == 2u + (*id)[1]));
      return 0;
    }
    default:
      (void)delivery::parseRetentionPolicy(text);
      return 0;
  }
}
