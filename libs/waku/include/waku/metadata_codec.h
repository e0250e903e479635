#pragma once
// Waku metadata `/vac/waku/metadata/1.0.0` (spec libp2p.md §8, rfc 66/WAKU2-METADATA). Request
// and response share one message:
//   { optional uint32 cluster_id = 1; repeated uint32 shards = 2; }
// plus nwaku's packed copy of the shards in field 3, which nwaku prefers when present.
//
// encodeWakuMetadata() writes cluster_id when set (our answers always set it, also 0: nwaku
// disconnects when it is absent), the shards unpacked in field 2 (js-waku misreads a packed field
// 2) and, when there are any, the same list packed in field 3. Encoding is total.
// decodeWakuMetadata() takes the shards of field 3 when present, else those of field 2 (packed or
// unpacked, in any mix); it skips unknown fields, refuses input above kMaxWakuMetadataBytes
// (nwaku reads at most 1024 bytes), a repeated cluster_id (DUPLICATE_FIELD), a value above 2^32-1
// (INVALID_VALUE) and a packed list cut inside a varint (TRUNCATED). Errors are the wire codes of
// lezpay::proto naming "WakuMetadata.<field>"; the output is untouched on failure.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "lezpay/util/result.h"

namespace waku {

inline constexpr const char* kWakuMetadataProtocolId = "/vac/waku/metadata/1.0.0";
inline constexpr std::size_t kMaxWakuMetadataBytes = 1024;

struct WakuMetadata {
  std::optional<std::uint32_t> cluster_id;
  std::vector<std::uint32_t> shards;

  bool operator==(const WakuMetadata&) const = default;
};

std::vector<std::uint8_t> encodeWakuMetadata(const WakuMetadata& metadata);
lezpay::util::Result<WakuMetadata> decodeWakuMetadata(std::span<const std::uint8_t> bytes);

}  // namespace waku
