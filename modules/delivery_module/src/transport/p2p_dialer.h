#pragma once
// The dialing side's stream handlers on our outbound libp2p connections (spec libp2p.md §1, §8,
// §10; waku-store.md §1). P2pPool (p2p_pool.h) owns the connections and the exchanges.
//
// ExchangeStream runs one request/response exchange on a stream we opened: once the peer echoed
// the protocol, LP(request) then FIN; the first complete LP(response) of at most
// DialExchange::maxResponseBytes is the answer (nwaku FINs after it and waits for our EOF, which
// we already sent). The exchange completes exactly once, with the answer or:
//   PROTOCOL_NOT_SUPPORTED  the peer answered `na` to the protocol
//   MALFORMED_RESPONSE      a bad length prefix, a frame above the limit, a failed negotiation
//   CONNECTION_CLOSED       the peer FINed or reset the stream before a whole answer
//   the connection's loss   DialConnectionState::lostError() (CLUSTER_MISMATCH, PEER_DISCONNECTED, …)
//
// PeerMetadataResponder answers a peer's Waku metadata request with ours (cluster and shards;
// never an empty shard list) and records the cluster the peer states, so that the hang-up nwaku
// does on a cluster mismatch is reported as CLUSTER_MISMATCH rather than a bare disconnect.

#include <QPointer>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lezpay/p2pnet/p2p_connection.h"
#include "lezpay/util/result.h"
#include "transport/frame_buffer.h"
#include "transport/protocol_handler.h"

namespace delivery::transport {

using lezpay::p2pnet::P2pConnection;
using lezpay::p2pnet::P2pStreamHandler;

// What one outbound connection learnt, shared by the pool and the handlers of its streams.
struct DialConnectionState {
  std::string target;                          // "host:port" as dialed, for messages
  std::uint32_t ourCluster = 0;
  std::optional<std::uint32_t> peerCluster;    // stated in the peer's metadata request
  std::optional<lezpay::util::Error> failure;  // the connection's failed() code and message
  bool established = false;                    // Noise and Yamux done
  std::size_t inFlight = 0;                    // exchanges with an open stream

  // The error for an exchange whose connection is gone: DIAL_FAILED, PEER_ID_MISMATCH and
  // HANDSHAKE_FAILED before Yamux ran; CLUSTER_MISMATCH or PEER_DISCONNECTED after.
  lezpay::util::Error lostError() const;
};

// One request/response exchange of the pool. complete() runs onComplete once; an empty
// onComplete means finished (or cancelled by the pool's destruction).
struct DialExchange {
  std::string protocolId;
  Bytes request;
  std::size_t maxResponseBytes = 0;
  std::string target;
  std::function<void(lezpay::util::Result<Bytes>)> onComplete;
  // Set once its stream is opened.
  QPointer<P2pConnection> connection;
  std::shared_ptr<DialConnectionState> state;
  std::optional<std::uint32_t> streamId;

  bool finished() const { return !onComplete; }
  void complete(lezpay::util::Result<Bytes> result);
};

class ExchangeStream : public P2pStreamHandler {
 public:
  ExchangeStream(std::shared_ptr<DialExchange> exchange, std::shared_ptr<const DialConnectionState> state)
      : exchange_(std::move(exchange)), state_(std::move(state)) {}
  void onOpen(P2pConnection& c, std::uint32_t id) override;
  void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) override;
  void onRemoteClose(P2pConnection& c, std::uint32_t id) override;
  void onError(P2pConnection& c, std::uint32_t id, const lezpay::util::Error& e) override;
  void onReset(P2pConnection& c, std::uint32_t id) override;

 private:
  std::shared_ptr<DialExchange> exchange_;
  std::shared_ptr<const DialConnectionState> state_;
  FrameBuffer buffer_;
};

// Reads one LP(request) (or to the peer's FIN), records its cluster, answers LP(ours), FINs.
class PeerMetadataResponder : public P2pStreamHandler {
 public:
  PeerMetadataResponder(std::vector<std::uint8_t> answer, std::shared_ptr<DialConnectionState> state)
      : answer_(std::move(answer)), state_(std::move(state)) {}
  void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) override;
  void onRemoteClose(P2pConnection& c, std::uint32_t id) override;

 private:
  void answer(P2pConnection& c, std::uint32_t id);
  std::vector<std::uint8_t> answer_;
  std::shared_ptr<DialConnectionState> state_;
  FrameBuffer buffer_;
  bool answered_ = false;
};

}  // namespace delivery::transport
