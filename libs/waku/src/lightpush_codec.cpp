#include "waku/lightpush_codec.h"

#include "lezpay/proto/fields.h"
#include "lezpay/proto/try.h"
#include "lezpay/proto/writer.h"
#include "waku/waku_message_codec.h"

namespace waku {

using lezpay::proto::FieldSet;
using lezpay::proto::readString;
using lezpay::util::Result;

std::vector<std::uint8_t> encodeLightPushRequest(const LightPushRequest& req) {
  lezpay::proto::Writer w;
  w.stringField(1, req.request_id);
  if (req.pubsub_topic) w.stringField(20, *req.pubsub_topic);
  w.bytesField(21, encodeWakuMessage(req.message));
  return w.take();
}

Result<LightPushRequest> decodeLightPushRequest(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxLightPushRequestBytes, "LightPushRequest"));
  LightPushRequest req;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "LightPushRequest");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "LightPushRequest.request_id"));
        LEZPAY_PROTO_ASSIGN(req.request_id, readString(f, "LightPushRequest.request_id", kMaxRequestIdBytes));
        break;
      }
      case 20: {
        LEZPAY_PROTO_TRY(seen.markSeen(20, "LightPushRequest.pubsub_topic"));
        LEZPAY_PROTO_ASSIGN(req.pubsub_topic, readString(f, "LightPushRequest.pubsub_topic", kMaxTopicBytes));
        break;
      }
      case 21: {
        LEZPAY_PROTO_TRY(seen.markSeen(21, "LightPushRequest.message"));
        LEZPAY_PROTO_ASSIGN(auto raw, lezpay::proto::readBytes(f, "LightPushRequest.message", kMaxWakuMessageBytes));
        auto m = decodeWakuMessage(raw);
        if (!m) return lezpay::proto::withContext(m.error(), "LightPushRequest.message");
        req.message = std::move(m).value();
        break;
      }
      default:
        break;
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "LightPushRequest.request_id"));
  LEZPAY_PROTO_TRY(seen.require(21, "LightPushRequest.message"));
  return req;
}

std::vector<std::uint8_t> encodeLightPushResponse(const LightPushResponse& resp) {
  lezpay::proto::Writer w;
  w.stringField(1, resp.request_id);
  w.varintField(10, static_cast<std::uint32_t>(resp.status_code));
  if (resp.status_desc) w.stringField(11, *resp.status_desc);
  if (resp.relay_peer_count) w.varintField(12, *resp.relay_peer_count);
  return w.take();
}

Result<LightPushResponse> decodeLightPushResponse(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxLightPushResponseBytes, "LightPushResponse"));
  LightPushResponse resp;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "LightPushResponse");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "LightPushResponse.request_id"));
        LEZPAY_PROTO_ASSIGN(resp.request_id, readString(f, "LightPushResponse.request_id", kMaxRequestIdBytes));
        break;
      }
      case 10: {
        LEZPAY_PROTO_TRY(seen.markSeen(10, "LightPushResponse.status_code"));
        LEZPAY_PROTO_ASSIGN(auto code, lezpay::proto::readUint32(f, "LightPushResponse.status_code"));
        resp.status_code = lightPushStatusFromNumber(code);
        break;
      }
      case 11: {
        LEZPAY_PROTO_TRY(seen.markSeen(11, "LightPushResponse.status_desc"));
        LEZPAY_PROTO_ASSIGN(resp.status_desc, readString(f, "LightPushResponse.status_desc", kMaxStatusDescBytes));
        break;
      }
      case 12: {
        LEZPAY_PROTO_TRY(seen.markSeen(12, "LightPushResponse.relay_peer_count"));
        LEZPAY_PROTO_ASSIGN(resp.relay_peer_count, lezpay::proto::readUint32(f, "LightPushResponse.relay_peer_count"));
        break;
      }
      default:
        break;
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "LightPushResponse.request_id"));
  LEZPAY_PROTO_TRY(seen.require(10, "LightPushResponse.status_code"));
  return resp;
}

}  // namespace waku
