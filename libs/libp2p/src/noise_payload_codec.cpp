#include "lezpay/libp2p/noise_payload_codec.h"

#include "lezpay/libp2p/key_codec.h"
#include "lezpay/proto/error.h"
#include "lezpay/proto/fields.h"
#include "lezpay/proto/reader.h"
#include "lezpay/proto/try.h"
#include "lezpay/proto/writer.h"

namespace lezpay::libp2p {

std::vector<std::uint8_t> encodeNoiseHandshakePayload(const NoiseHandshakePayload& payload) {
  lezpay::proto::Writer w;
  w.bytesField(1, payload.identityKey);
  w.bytesField(2, payload.identitySig);
  return w.take();
}

lezpay::util::Result<NoiseHandshakePayload> decodeNoiseHandshakePayload(std::span<const std::uint8_t> input) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(input, kMaxNoisePayloadBytes, "NoiseHandshakePayload"));
  lezpay::proto::Reader reader(input);
  lezpay::proto::FieldSet seen;
  NoiseHandshakePayload out;
  while (!reader.atEnd()) {
    LEZPAY_PROTO_ASSIGN(auto field, reader.next());
    if (field.number == 1) {
      LEZPAY_PROTO_TRY(seen.markSeen(1, "NoiseHandshakePayload.identity_key"));
      LEZPAY_PROTO_ASSIGN(out.identityKey, lezpay::proto::readByteVector(field, "NoiseHandshakePayload.identity_key", kMaxKeyDataBytes + 16));
    } else if (field.number == 2) {
      LEZPAY_PROTO_TRY(seen.markSeen(2, "NoiseHandshakePayload.identity_sig"));
      LEZPAY_PROTO_ASSIGN(out.identitySig, lezpay::proto::readByteVector(field, "NoiseHandshakePayload.identity_sig", kMaxIdentitySignatureBytes));
    } else if (field.number == 4) {
      LEZPAY_PROTO_TRY(seen.markSeen(4, "NoiseHandshakePayload.extensions"));
      LEZPAY_PROTO_TRY(lezpay::proto::expectWireType(field, lezpay::proto::WireType::LEN, "NoiseHandshakePayload.extensions"));
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "NoiseHandshakePayload.identity_key"));
  LEZPAY_PROTO_TRY(seen.require(2, "NoiseHandshakePayload.identity_sig"));
  return out;
}

}  // namespace lezpay::libp2p
