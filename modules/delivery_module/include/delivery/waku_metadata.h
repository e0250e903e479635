#pragma once
// Waku metadata `/vac/waku/metadata/1.0.0` (spec libp2p.md §8): the message we answer with,
// `{ optional uint32 cluster_id = 1; repeated uint32 shards = 2; }`. Pure.
//
// cluster_id is always written, also 0 (nwaku disconnects when it is absent); shards go unpacked
// in field 2 (js-waku misreads a packed field 2) and, packed, in field 3 with the same list
// (nwaku prefers field 3 when present).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "lezpay/util/result.h"

namespace delivery {

inline constexpr const char* kWakuMetadataProtocol = "/vac/waku/metadata/1.0.0";
// nwaku reads at most 1024 bytes of a metadata request.
inline constexpr std::size_t kMaxWakuMetadataBytes = 1024;

std::vector<std::uint8_t> encodeWakuMetadata(std::uint32_t clusterId, const std::vector<std::uint32_t>& shards);

// The cluster a peer states in a metadata message (request or answer): field 1, nullopt when
// absent. Other fields are skipped. INVALID_METADATA for bytes that are not a protobuf message
// of at most kMaxWakuMetadataBytes, or a cluster id above 2^32-1.
lezpay::util::Result<std::optional<std::uint32_t>> decodeWakuMetadataCluster(std::span<const std::uint8_t> message);

}  // namespace delivery
