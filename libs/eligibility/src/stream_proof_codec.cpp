#include "eligibility/stream_proof_codec.h"

#include "lezpay/proto/fields.h"
#include "lezpay/proto/try.h"
#include "lezpay/proto/writer.h"

namespace eligibility {

using lezpay::proto::FieldSet;
using lezpay::util::Result;

std::vector<std::uint8_t> encodeStreamProof(const StreamProof& p) {
  lezpay::proto::Writer w;
  std::vector<std::uint8_t> id;
  for (int i = 0; i < 8; ++i) id.push_back(static_cast<std::uint8_t>(p.stream_id >> (8 * i)));
  w.bytesField(1, id);
  w.bytesField(2, p.signature);
  return w.take();
}

Result<StreamProof> decodeStreamProof(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxInnerMessageBytes, "StreamProof"));
  StreamProof p;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "StreamProof");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "StreamProof.stream_id"));
        LEZPAY_PROTO_ASSIGN(p.stream_id, lezpay::proto::readU64LittleEndianBytes(f, "StreamProof.stream_id"));
        break;
      }
      case 2: {
        LEZPAY_PROTO_TRY(seen.markSeen(2, "StreamProof.signature"));
        LEZPAY_PROTO_ASSIGN(p.signature, lezpay::proto::readFixedBytes<64>(f, "StreamProof.signature"));
        break;
      }
      default:
        break;
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "StreamProof.stream_id"));
  LEZPAY_PROTO_TRY(seen.require(2, "StreamProof.signature"));
  return p;
}

}  // namespace eligibility
