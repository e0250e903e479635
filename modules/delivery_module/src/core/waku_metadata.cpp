#include "delivery/waku_metadata.h"

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

}  // namespace delivery
