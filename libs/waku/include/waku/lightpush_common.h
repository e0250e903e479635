#pragma once
// Lightpush v3 wire types, limits and status codes (waku-store.md §7).
//
// Status numbering follows nwaku, the implementation we interoperate with, where it differs
// from the spec draft: 503 is SERVICE_NOT_AVAILABLE and NO_PEERS_TO_RELAY is 505 (the draft says
// 503). An inbound number we do not know is UNKNOWN.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "waku/store_common.h"

namespace waku {

inline constexpr std::string_view kLightPushProtocolId = "/vac/waku/lightpush/3.0.0";

// Frame and decode limits: one message plus small headers.
inline constexpr std::size_t kMaxLightPushRequestBytes = 256 * 1024;
inline constexpr std::size_t kMaxLightPushResponseBytes = 8 * 1024;

enum class LightPushStatus : std::uint32_t {
  UNKNOWN = 0,
  SUCCESS = 200,
  BAD_REQUEST = 400,
  PAYLOAD_TOO_LARGE = 413,
  INVALID_MESSAGE = 420,
  UNSUPPORTED_PUBSUB_TOPIC = 421,
  TOO_MANY_REQUESTS = 429,
  INTERNAL_SERVER_ERROR = 500,
  SERVICE_NOT_AVAILABLE = 503,
  OUT_OF_RLN_PROOF = 504,
  NO_PEERS_TO_RELAY = 505,
};

LightPushStatus lightPushStatusFromNumber(std::uint32_t number);
std::string_view toString(LightPushStatus status);

struct LightPushRequest {
  std::string request_id;                   // 1, required
  std::optional<std::string> pubsub_topic;  // 20, may be omitted with autosharding
  WakuMessage message;                      // 21, required

  bool operator==(const LightPushRequest&) const = default;
};

struct LightPushResponse {
  std::string request_id;                              // 1, required
  LightPushStatus status_code = LightPushStatus::UNKNOWN;  // 10, required
  std::optional<std::string> status_desc;              // 11
  std::optional<std::uint32_t> relay_peer_count;       // 12

  bool operator==(const LightPushResponse&) const = default;
};

// What a client should conclude from a response: a 200 with relay_peer_count absent or 0 is
// NO_PEERS_TO_RELAY (nwaku behaviour, waku-store.md §7); anything else is status_code.
LightPushStatus effectiveStatus(const LightPushResponse& response);

}  // namespace waku
