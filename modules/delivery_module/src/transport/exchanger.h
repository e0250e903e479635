#pragma once
// How the node's Store and Lightpush clients reach a peer: one framed request and one framed
// response on a fresh stream of `protocolId` (waku-store.md §1 "Exchange"). The node picks the
// implementation by its configured transport: plain TCP + multistream-select
// (outbound_exchange.h, transport "plain") or a pooled, authenticated libp2p connection
// (p2p_pool.h, transport "libp2p"). `done` runs exactly once on the calling thread, later, unless
// the implementation's owner is destroyed first (then never).

#include <cstddef>
#include <functional>
#include <string>

#include "delivery/multiaddr.h"
#include "transport/outbound_exchange.h"

namespace delivery::transport {

using Exchanger = std::function<void(const PeerAddress& peer, const std::string& protocolId, Bytes request,
                                     std::size_t maxResponseBytes, int timeoutMs, ExchangeDone done)>;

}  // namespace delivery::transport
