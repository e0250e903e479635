#include "waku/waku_message_codec.h"

#include "lezpay/proto/fields.h"
#include "lezpay/proto/try.h"
#include "lezpay/util/utf8.h"
#include "lezpay/proto/writer.h"

namespace waku {

using lezpay::proto::ErrorCode;
using lezpay::proto::FieldSet;
using lezpay::proto::makeError;
using lezpay::util::Result;
using lezpay::util::Status;

std::vector<std::uint8_t> encodeWakuMessage(const WakuMessage& m) {
  lezpay::proto::Writer w;
  w.bytesField(1, m.payload);
  w.stringField(2, m.content_topic);
  if (m.version) w.varintField(3, *m.version);
  if (m.timestamp) w.sint64Field(10, *m.timestamp);
  if (m.meta) w.bytesField(11, *m.meta);
  if (m.rate_limit_proof) w.bytesField(21, *m.rate_limit_proof);
  if (m.ephemeral) w.boolField(31, *m.ephemeral);
  return w.take();
}

Result<WakuMessage> decodeWakuMessage(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxWakuMessageBytes, "WakuMessage"));
  WakuMessage m;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "WakuMessage");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "WakuMessage.payload"));
        LEZPAY_PROTO_ASSIGN(m.payload, lezpay::proto::readByteVector(f, "WakuMessage.payload", kMaxMessagePayloadBytes));
        break;
      }
      case 2: {
        LEZPAY_PROTO_TRY(seen.markSeen(2, "WakuMessage.content_topic"));
        LEZPAY_PROTO_ASSIGN(m.content_topic, lezpay::proto::readString(f, "WakuMessage.content_topic", kMaxTopicBytes));
        break;
      }
      case 3: {
        LEZPAY_PROTO_TRY(seen.markSeen(3, "WakuMessage.version"));
        LEZPAY_PROTO_ASSIGN(m.version, lezpay::proto::readUint32(f, "WakuMessage.version"));
        break;
      }
      case 10: {
        LEZPAY_PROTO_TRY(seen.markSeen(10, "WakuMessage.timestamp"));
        LEZPAY_PROTO_ASSIGN(m.timestamp, lezpay::proto::readSint64(f, "WakuMessage.timestamp"));
        break;
      }
      case 11: {
        LEZPAY_PROTO_TRY(seen.markSeen(11, "WakuMessage.meta"));
        LEZPAY_PROTO_ASSIGN(m.meta, lezpay::proto::readByteVector(f, "WakuMessage.meta", kMaxMetaBytes));
        break;
      }
      case 21: {
        LEZPAY_PROTO_TRY(seen.markSeen(21, "WakuMessage.rate_limit_proof"));
        LEZPAY_PROTO_ASSIGN(m.rate_limit_proof, lezpay::proto::readByteVector(f, "WakuMessage.rate_limit_proof", kMaxRateLimitProofBytes));
        break;
      }
      case 31: {
        LEZPAY_PROTO_TRY(seen.markSeen(31, "WakuMessage.ephemeral"));
        LEZPAY_PROTO_ASSIGN(m.ephemeral, lezpay::proto::readBool(f, "WakuMessage.ephemeral"));
        break;
      }
      default:
        break;  // unknown field: skipped
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "WakuMessage.payload"));
  LEZPAY_PROTO_TRY(seen.require(2, "WakuMessage.content_topic"));
  return m;
}

Status checkWakuMessage(const WakuMessage& m) {
  if (m.payload.size() > kMaxMessagePayloadBytes) {
    return makeError(ErrorCode::TOO_LARGE, "WakuMessage.payload: " + std::to_string(m.payload.size()) + " bytes, limit " + std::to_string(kMaxMessagePayloadBytes));
  }
  if (m.content_topic.size() > kMaxTopicBytes) return makeError(ErrorCode::TOO_LARGE, "WakuMessage.content_topic: longer than " + std::to_string(kMaxTopicBytes) + " bytes");
  if (!lezpay::util::isValidUtf8(m.content_topic)) return makeError(ErrorCode::INVALID_UTF8, "WakuMessage.content_topic: not valid UTF-8");
  if (m.meta && m.meta->size() > kMaxMetaBytes) return makeError(ErrorCode::TOO_LARGE, "WakuMessage.meta: longer than " + std::to_string(kMaxMetaBytes) + " bytes");
  if (m.rate_limit_proof && m.rate_limit_proof->size() > kMaxRateLimitProofBytes) {
    return makeError(ErrorCode::TOO_LARGE, "WakuMessage.rate_limit_proof: longer than " + std::to_string(kMaxRateLimitProofBytes) + " bytes");
  }
  return lezpay::util::okStatus();
}

}  // namespace waku
