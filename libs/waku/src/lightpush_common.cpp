#include "waku/lightpush_common.h"

namespace waku {

LightPushStatus lightPushStatusFromNumber(std::uint32_t number) {
  switch (number) {
    case 200: return LightPushStatus::SUCCESS;
    case 400: return LightPushStatus::BAD_REQUEST;
    case 413: return LightPushStatus::PAYLOAD_TOO_LARGE;
    case 420: return LightPushStatus::INVALID_MESSAGE;
    case 421: return LightPushStatus::UNSUPPORTED_PUBSUB_TOPIC;
    case 429: return LightPushStatus::TOO_MANY_REQUESTS;
    case 500: return LightPushStatus::INTERNAL_SERVER_ERROR;
    case 503: return LightPushStatus::SERVICE_NOT_AVAILABLE;
    case 504: return LightPushStatus::OUT_OF_RLN_PROOF;
    case 505: return LightPushStatus::NO_PEERS_TO_RELAY;
    default: return LightPushStatus::UNKNOWN;
  }
}

std::string_view toString(LightPushStatus status) {
  switch (status) {
    case LightPushStatus::UNKNOWN: return "UNKNOWN";
    case LightPushStatus::SUCCESS: return "SUCCESS";
    case LightPushStatus::BAD_REQUEST: return "BAD_REQUEST";
    case LightPushStatus::PAYLOAD_TOO_LARGE: return "PAYLOAD_TOO_LARGE";
    case LightPushStatus::INVALID_MESSAGE: return "INVALID_MESSAGE";
    case LightPushStatus::UNSUPPORTED_PUBSUB_TOPIC: return "UNSUPPORTED_PUBSUB_TOPIC";
    case LightPushStatus::TOO_MANY_REQUESTS: return "TOO_MANY_REQUESTS";
    case LightPushStatus::INTERNAL_SERVER_ERROR: return "INTERNAL_SERVER_ERROR";
    case LightPushStatus::SERVICE_NOT_AVAILABLE: return "SERVICE_NOT_AVAILABLE";
    case LightPushStatus::OUT_OF_RLN_PROOF: return "OUT_OF_RLN_PROOF";
    case LightPushStatus::NO_PEERS_TO_RELAY: return "NO_PEERS_TO_RELAY";
  }
  return "UNKNOWN";
}

LightPushStatus effectiveStatus(const LightPushResponse& response) {
  if (response.status_code == LightPushStatus::SUCCESS && response.relay_peer_count.value_or(0) == 0) {
    return LightPushStatus::NO_PEERS_TO_RELAY;
  }
  return response.status_code;
}

}  // namespace waku
