#pragma once
// Lightpush v3 server (waku-store.md §7) of a delivery node: a pushed message is validated,
// archived when this node runs the Store service, and delivered to this node's subscribers.
// There is no relay network behind a node, so relay_peer_count counts the places the message
// reached here: 1 when it was archived or delivered to a subscription, else 0 (which a client
// reads as NO_PEERS_TO_RELAY).
//
// Refusals: undecodable 400 BAD_REQUEST (empty request_id); timestamp absent or more than
// maxClockSkewSeconds from our clock 420 INVALID_MESSAGE (nwaku's storable rule, §8); archive
// unavailable 503 SERVICE_NOT_AVAILABLE; request frame above the limit 413 PAYLOAD_TOO_LARGE.
// Ephemeral messages are delivered but never archived. A message archived twice is a success.

#include <cstdint>
#include <functional>
#include <string>

#include "lezpay/archive/archive.h"
#include "transport/protocol_handler.h"
#include "waku/lightpush_common.h"

namespace delivery {

class LightpushService {
 public:
  // Called for every accepted message; answers true if a subscription of this node took it.
  using Deliver = std::function<bool(const lezpay::archive::ArchivedMessage& message)>;

  LightpushService(lezpay::archive::Archive* archive, std::string defaultPubsubTopic, std::int64_t maxClockSkewSeconds, Deliver deliver);

  // `from`: who pushed (its authenticated peer id over libp2p, "" over plain TCP), for the log.
  transport::Bytes handleWire(const transport::Bytes& request, const transport::Remote& from = {});
  static transport::Bytes oversizedResponse(const lezpay::util::Error& error);

  // The decoded path (also used by send() when this node is its own store node).
  waku::LightPushResponse accept(const waku::LightPushRequest& request, std::int64_t nowNs);

 private:
  lezpay::archive::Archive* archive_;
  std::string defaultPubsubTopic_;
  std::int64_t maxSkewNs_;
  Deliver deliver_;
};

std::int64_t nowNanoseconds();

}  // namespace delivery
