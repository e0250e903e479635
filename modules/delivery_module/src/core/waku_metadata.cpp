#include "delivery/waku_metadata.h"

#include "lezpay/proto/reader.h"
#include "lezpay/proto/varint.h"

namespace delivery {

std::vector<std::uint8_t> encodeWakuMetadata(std::uint32_t clusterId, const std::vector<std::uint32_t>& shards) {
  std::vector<std::uint8_t> out;
  out.push_back(0x08);
  lezpay::proto::appendVarint(out, clusterId);
  for (auto s : shards) {
    out.push_back(0x10);
    lezpay::proto::appendVarint(out, s);
  }
  if (!shards.empty()) {
    std::vector<std::uint8_t> packed;
    for (auto s : shards) lezpay::proto::appendVarint(packed, s);
    out.push_back(0x1a);
    lezpay::proto::appendVarint(out, packed.size());
    out.insert(out.end(), packed.begin(), packed.end());
  }
  return out;
}

lezpay::util::Result<std::optional<std::uint32_t>> decodeWakuMetadataCluster(std::span<const std::uint8_t> message) {
  using lezpay::util::Error;
  if (message.size() > kMaxWakuMetadataBytes) return Error{"INVALID_METADATA", "a Waku metadata message above 1024 bytes"};
  std::optional<std::uint32_t> cluster;
  lezpay::proto::Reader reader(message);
  while (!reader.atEnd()) {
    auto f = reader.next();
    if (!f.ok()) return Error{"INVALID_METADATA", "Waku metadata: " + f.error().message};
    if (f->number != 1) continue;
    if (f->wire_type != lezpay::proto::WireType::VARINT || f->scalar > 0xFFFFFFFFull) {
      return Error{"INVALID_METADATA", "Waku metadata: cluster_id is not a uint32 varint"};
    }
    cluster = static_cast<std::uint32_t>(f->scalar);
  }
  return cluster;
}

}  // namespace delivery
