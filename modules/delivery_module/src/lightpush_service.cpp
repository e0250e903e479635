#include "lightpush_service.h"

#include <QLoggingCategory>

#include <chrono>

#include "archive_mapping.h"
#include "lezpay/util/hex.h"
#include "waku/lightpush_codec.h"

Q_LOGGING_CATEGORY(lcLightpush, "lezpay.delivery.lightpush")

namespace delivery {

std::int64_t nowNanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

LightpushService::LightpushService(lezpay::archive::Archive* archive, std::string defaultPubsubTopic, std::int64_t maxClockSkewSeconds,
                                   Deliver deliver)
    : archive_(archive), defaultPubsubTopic_(std::move(defaultPubsubTopic)), maxSkewNs_(maxClockSkewSeconds * 1000000000LL),
      deliver_(std::move(deliver)) {}

transport::Bytes LightpushService::oversizedResponse(const lezpay::util::Error& error) {
  waku::LightPushResponse r;
  r.status_code = waku::LightPushStatus::PAYLOAD_TOO_LARGE;
  r.status_desc = "PAYLOAD_TOO_LARGE: " + error.message;
  return waku::encodeLightPushResponse(r);
}

transport::Bytes LightpushService::handleWire(const transport::Bytes& bytes, const transport::Remote& from) {
  auto request = waku::decodeLightPushRequest(bytes);
  if (!request.ok()) {
    qCInfo(lcLightpush, "refused an undecodable request from %s (peer '%s'): %s", from.address.c_str(), from.peerId.c_str(),
           request.error().message.c_str());
    waku::LightPushResponse r;
    r.status_code = waku::LightPushStatus::BAD_REQUEST;
    r.status_desc = "BAD_REQUEST: decoding rpc failed: " + request.error().message;
    return waku::encodeLightPushResponse(r);
  }
  auto r = accept(request.value(), nowNanoseconds());
  if (r.status_code != waku::LightPushStatus::SUCCESS) {
    qCInfo(lcLightpush, "request %s from peer '%s' refused: %s", request->request_id.c_str(), from.peerId.c_str(),
           r.status_desc.value_or("").c_str());
  }
  return waku::encodeLightPushResponse(r);
}

waku::LightPushResponse LightpushService::accept(const waku::LightPushRequest& request, std::int64_t nowNs) {
  waku::LightPushResponse r;
  r.request_id = request.request_id;
  const auto& m = request.message;
  if (!m.timestamp || *m.timestamp == 0) {
    r.status_code = waku::LightPushStatus::INVALID_MESSAGE;
    r.status_desc = "INVALID_MESSAGE: the message has no timestamp";
    return r;
  }
  const std::int64_t ts = *m.timestamp;
  if ((ts > nowNs && ts - nowNs > maxSkewNs_) || (ts < nowNs && nowNs - ts > maxSkewNs_)) {
    r.status_code = waku::LightPushStatus::INVALID_MESSAGE;
    r.status_desc = "INVALID_MESSAGE: timestamp is more than " + std::to_string(maxSkewNs_ / 1000000000LL) + " s from this node's clock";
    return r;
  }
  const std::string topic = request.pubsub_topic.value_or(defaultPubsubTopic_);
  const auto archived = toArchived(topic, m);
  std::uint32_t reached = 0;
  if (archive_ != nullptr && !m.ephemeral.value_or(false)) {
    auto inserted = archive_->insert(archived);
    if (!inserted.ok()) {
      qCWarning(lcLightpush, "request %s: archive insert failed: %s", request.request_id.c_str(), inserted.error().message.c_str());
      r.status_code = inserted.error().code == lezpay::archive::kInvalidMessage ? waku::LightPushStatus::INVALID_MESSAGE
                                                                              : waku::LightPushStatus::SERVICE_NOT_AVAILABLE;
      r.status_desc = r.status_code == waku::LightPushStatus::INVALID_MESSAGE ? "INVALID_MESSAGE: " + inserted.error().message
                                                                              : "SERVICE_NOT_AVAILABLE: the archive is unavailable";
      return r;
    }
    reached = 1;
  }
  if (deliver_ && deliver_(archived)) reached = 1;
  r.status_code = waku::LightPushStatus::SUCCESS;
  r.status_desc = "OK";
  r.relay_peer_count = reached;
  qCDebug(lcLightpush, "request %s: message %s accepted", request.request_id.c_str(), lezpay::util::toHex(archived.hash).c_str());
  return r;
}

}  // namespace delivery
