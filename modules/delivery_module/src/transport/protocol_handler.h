#pragma once
// What a protocol (Store, Lightpush) plugs into the transport: the largest request it accepts
// and an asynchronous handler. The transport negotiates the protocol id, reads exactly one
// framed request, hands it over, writes the one framed response it is given and closes the
// stream (waku-store.md §1 "Exchange"). Protocols never see sockets, so a security layer (Noise)
// and a muxer (Yamux) can later sit underneath without touching them.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lezpay/util/result.h"

namespace delivery::transport {

using Bytes = std::vector<std::uint8_t>;

// Who sent a request.
struct Remote {
  std::string address;  // "/ip4/<ip>/tcp/<port>" of the TCP peer (plus "/p2p/<id>" over libp2p)
  // The base58 peer id the Noise handshake authenticated (libp2p transport); "" on the plain
  // transport, where nothing authenticates the peer.
  std::string peerId;
};

// Sends the response and closes the stream. Call it exactly once, from the node's thread, at any
// later time; if the peer has gone away meanwhile, the response goes to onUndelivered.
using Respond = std::function<void(Bytes response)>;

struct ProtocolHandler {
  std::size_t maxRequestBytes = 0;
  std::function<void(Bytes request, const Remote& remote, Respond respond)> onRequest;
  // The response for a request frame that is too large (TOO_LARGE): the protocol's 400 answer.
  // Unset, or for unframeable input (bad length prefix), the stream is just closed.
  std::function<Bytes(const lezpay::util::Error& error)> onOversizedRequest;
  // Called (optional) with the request and the response when the response was not acknowledged by
  // the peer: the peer reset or closed the connection first, or never read it (socket_channel.h).
  // A paid protocol uses it so that the retry of the same request is not refused as a replay.
  std::function<void(const Remote& remote, const Bytes& request, Bytes response)> onUndelivered;
};

}  // namespace delivery::transport
