#include "transport/p2p_dialer.h"

#include "waku/metadata_codec.h"
#include "lezpay/proto/frame.h"

namespace delivery::transport {

using lezpay::util::Error;

Error DialConnectionState::lostError() const {
  if (!established) {
    if (!failure) return Error{"HANDSHAKE_FAILED", target + " closed the connection during the libp2p handshake"};
    const std::string& code = failure->code;
    if (code == "CONNECT_FAILED") return Error{"DIAL_FAILED", "cannot connect to " + target + ": " + failure->message};
    if (code == "NOISE_PEER_ID_MISMATCH") {
      return Error{"PEER_ID_MISMATCH", target + " is not the peer the multiaddr's /p2p/ names (" + failure->message + "); nothing was sent to it"};
    }
    if (code == "MSS_NOT_AVAILABLE") {
      return Error{"HANDSHAKE_FAILED", target + " refused /noise or /yamux/1.0.0: it does not speak libp2p (a node with transport \"plain\"?)"};
    }
    if (code == "HANDSHAKE_TIMEOUT") return Error{"HANDSHAKE_FAILED", target + " did not finish the libp2p handshake (Noise, Yamux) in time"};
    return Error{"HANDSHAKE_FAILED", "the libp2p handshake with " + target + " failed: " + code + ": " + failure->message};
  }
  if (peerCluster && *peerCluster != ourCluster) {
    return Error{"CLUSTER_MISMATCH", target + " is on Waku cluster " + std::to_string(*peerCluster) + " and this node on cluster " +
                                         std::to_string(ourCluster) + "; the peer hung up (set clusterId to " + std::to_string(*peerCluster) +
                                         " to use it)"};
  }
  if (failure) return Error{"PEER_DISCONNECTED", "the connection to " + target + " failed before the answer: " + failure->code + ": " + failure->message};
  return Error{"PEER_DISCONNECTED", target + " closed the connection before answering"};
}

void DialExchange::complete(lezpay::util::Result<Bytes> result) {
  if (!onComplete) return;
  auto f = std::move(onComplete);
  onComplete = nullptr;
  f(std::move(result));
}

void ExchangeStream::onOpen(P2pConnection& c, std::uint32_t id) {
  exchange_->streamId = id;
  if (exchange_->finished()) return c.reset(id);  // timed out while the protocol was negotiated
  c.write(id, lezpay::proto::encodeFrame(exchange_->request));
  c.closeWrite(id);
}

void ExchangeStream::onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) {
  if (exchange_->finished()) return;
  buffer_.append(data);
  auto t = buffer_.take(exchange_->maxResponseBytes);
  if (t.state == FrameBuffer::State::NEED_MORE) return;
  if (t.state == FrameBuffer::State::ERROR) {
    exchange_->complete(Error{"MALFORMED_RESPONSE", "answer from " + exchange_->target + ": " + t.error.message});
    return c.reset(id);
  }
  exchange_->complete(std::move(t.frame));
}

void ExchangeStream::onRemoteClose(P2pConnection&, std::uint32_t) {
  exchange_->complete(Error{"CONNECTION_CLOSED", exchange_->target + " closed the stream before a complete answer"});
}

void ExchangeStream::onError(P2pConnection&, std::uint32_t, const Error& e) {
  if (e.code == "MSS_NOT_AVAILABLE") {
    return exchange_->complete(Error{"PROTOCOL_NOT_SUPPORTED", exchange_->target + " does not serve " + exchange_->protocolId});
  }
  exchange_->complete(Error{"MALFORMED_RESPONSE", "negotiating " + exchange_->protocolId + " with " + exchange_->target + ": " + e.code + ": " + e.message});
}

void ExchangeStream::onReset(P2pConnection& c, std::uint32_t) {
  if (exchange_->finished()) return;
  if (c.isEstablished()) return exchange_->complete(Error{"CONNECTION_CLOSED", exchange_->target + " reset the stream before answering"});
  exchange_->complete(state_->lostError());
}

void PeerMetadataResponder::answer(P2pConnection& c, std::uint32_t id) {
  if (answered_) return;
  answered_ = true;
  c.write(id, lezpay::proto::encodeFrame(answer_));
  c.closeWrite(id);
}

void PeerMetadataResponder::onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) {
  if (answered_) return;
  buffer_.append(data);
  auto t = buffer_.take(waku::kMaxWakuMetadataBytes);
  if (t.state == FrameBuffer::State::NEED_MORE) return;
  if (t.state == FrameBuffer::State::ERROR) return c.reset(id);
  auto metadata = waku::decodeWakuMetadata(t.frame);
  if (metadata.ok() && metadata->cluster_id) state_->peerCluster = *metadata->cluster_id;
  answer(c, id);
}

void PeerMetadataResponder::onRemoteClose(P2pConnection& c, std::uint32_t id) { answer(c, id); }

}  // namespace delivery::transport
