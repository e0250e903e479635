#include "waku/metadata_codec.h"

#include <limits>

#include "lezpay/proto/error.h"
#include "lezpay/proto/fields.h"
#include "lezpay/proto/try.h"
#include "lezpay/proto/varint.h"
#include "lezpay/proto/writer.h"

namespace waku {
namespace {

using lezpay::proto::ErrorCode;
using lezpay::proto::Field;
using lezpay::proto::WireType;
using lezpay::util::Result;
using lezpay::util::Status;

Status appendShard(std::vector<std::uint32_t>& out, std::uint64_t value, const char* name) {
  if (value > std::numeric_limits<std::uint32_t>::max()) {
    return lezpay::proto::makeError(ErrorCode::INVALID_VALUE, std::string(name) + ": " + std::to_string(value) + " is above 2^32-1");
  }
  out.push_back(static_cast<std::uint32_t>(value));
  return lezpay::util::okStatus();
}

// The varints of a packed repeated field, appended to `out`.
Status appendPacked(std::vector<std::uint32_t>& out, std::span<const std::uint8_t> packed, const char* name) {
  while (!packed.empty()) {
    auto v = lezpay::proto::decodeVarint(packed);
    if (!v) return lezpay::proto::withContext(v.error(), name);
    LEZPAY_PROTO_TRY(appendShard(out, v->value, name));
    packed = packed.subspan(v->length);
  }
  return lezpay::util::okStatus();
}

// Field 2 arrives unpacked (one varint per shard, js-waku) or packed (libprotobuf's proto3 default).
Status appendField2(std::vector<std::uint32_t>& out, const Field& f) {
  constexpr const char* kName = "WakuMetadata.shards";
  if (f.wire_type == WireType::VARINT) return appendShard(out, f.scalar, kName);
  if (f.wire_type == WireType::LEN) return appendPacked(out, f.bytes, kName);
  return lezpay::proto::expectWireType(f, WireType::VARINT, kName);
}

}  // namespace

std::vector<std::uint8_t> encodeWakuMetadata(const WakuMetadata& metadata) {
  lezpay::proto::Writer w;
  if (metadata.cluster_id) w.varintField(1, *metadata.cluster_id);
  for (auto s : metadata.shards) w.varintField(2, s);
  if (!metadata.shards.empty()) {
    std::vector<std::uint8_t> packed;
    for (auto s : metadata.shards) lezpay::proto::appendVarint(packed, s);
    w.bytesField(3, packed);
  }
  return w.take();
}

Result<WakuMetadata> decodeWakuMetadata(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxWakuMetadataBytes, "WakuMetadata"));
  WakuMetadata out;
  std::vector<std::uint32_t> unpacked;
  std::optional<std::vector<std::uint32_t>> packed;
  lezpay::proto::FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "WakuMetadata");
    const Field& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "WakuMetadata.cluster_id"));
        LEZPAY_PROTO_ASSIGN(out.cluster_id, lezpay::proto::readUint32(f, "WakuMetadata.cluster_id"));
        break;
      }
      case 2:
        LEZPAY_PROTO_TRY(appendField2(unpacked, f));
        break;
      case 3: {
        // Several chunks of one packed field concatenate (protobuf encoding rules).
        LEZPAY_PROTO_ASSIGN(auto chunk, lezpay::proto::readBytes(f, "WakuMetadata.shards_packed", kMaxWakuMetadataBytes));
        if (!packed) packed.emplace();
        LEZPAY_PROTO_TRY(appendPacked(*packed, chunk, "WakuMetadata.shards_packed"));
        break;
      }
      default:
        break;
    }
  }
  out.shards = packed ? std::move(*packed) : std::move(unpacked);
  return out;
}

}  // namespace waku
