#pragma once
// Waku metadata `/vac/waku/metadata/1.0.0` (spec libp2p.md §8): the message we answer with,
// `{ optional uint32 cluster_id = 1; repeated uint32 shards = 2; }`. Pure.
//
// cluster_id is always written, also 0 (nwaku disconnects when it is absent); shards go unpacked
// in field 2 (js-waku misreads a packed field 2) and, packed, in field 3 with the same list
// (nwaku prefers field 3 when present).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace delivery {

inline constexpr const char* kWakuMetadataProtocol = "/vac/waku/metadata/1.0.0";
// nwaku reads at most 1024 bytes of a metadata request.
inline constexpr std::size_t kMaxWakuMetadataBytes = 1024;

std::vector<std::uint8_t> encodeWakuMetadata(std::uint32_t clusterId, const std::vector<std::uint32_t>& shards);

}  // namespace delivery
