#pragma once
// The multiaddr text forms a delivery node uses to name a TCP peer (multiformats multiaddr):
//   /ip4/<dotted quad>/tcp/<port>[/p2p/<peer id>]
//   /dns4/<name>/tcp/<port>[/p2p/<peer id>]   /dns/<name>/... (resolved by the dialer)
//   /ip6/<address>/tcp/<port>[/p2p/<peer id>]
// Anything else (ws, quic, p2p-circuit, a missing port) is INVALID_MULTIADDR naming the part.
// Ports are 1..65535 when dialing; the formatter is used for our own listen address.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace delivery {

inline constexpr const char* kInvalidMultiaddr = "INVALID_MULTIADDR";

struct PeerAddress {
  std::string host;                    // IPv4/IPv6 literal or DNS name
  std::uint16_t port = 0;
  std::optional<std::string> peer_id;  // the /p2p/ part, checked with decodePeerId
  bool operator==(const PeerAddress&) const = default;
};

lezpay::util::Result<PeerAddress> parseMultiaddr(std::string_view text);

// "/ip4/<host>/tcp/<port>/p2p/<peer id>" (ip6 for an address with ':'; dns4 for a name).
std::string formatMultiaddr(const PeerAddress& address);

}  // namespace delivery
