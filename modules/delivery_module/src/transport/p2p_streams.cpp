#include "transport/p2p_streams.h"

#include <QLoggingCategory>
#include <QPointer>

#include "lezpay/proto/frame.h"
#include "waku/metadata_codec.h"

Q_DECLARE_LOGGING_CATEGORY(lcP2p)

namespace delivery::transport {

bool holdPartial(P2pConnection& c, std::uint32_t id, const FrameBuffer& buffer, delivery::InboundBudget* budget,
                 delivery::InboundBudget::Lease& lease) {
  if (buffer.size() <= lease.held() || lease.grow(buffer.size() - lease.held())) return true;
  lease.release();
  if (budget) {
    budget->countRefused();
    qCInfo(lcP2p, "stream %u of %s reset: the node holds %llu bytes of partial requests (limit %llu, maxInboundBufferedBytes)", id,
           c.remoteAddress().c_str(), static_cast<unsigned long long>(budget->used()), static_cast<unsigned long long>(budget->limit()));
  }
  return false;
}

void IdentifyResponder::onOpen(P2pConnection& c, std::uint32_t id) {
  c.write(id, lezpay::proto::encodeFrame(lezpay::libp2p::encodeIdentify(message_)));
  c.closeWrite(id);
}

void PingResponder::onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) {
  buf_.insert(buf_.end(), data.begin(), data.end());
  while (buf_.size() >= 32) {
    c.write(id, std::vector<std::uint8_t>(buf_.begin(), buf_.begin() + 32));
    buf_.erase(buf_.begin(), buf_.begin() + 32);
  }
}

void PingResponder::onRemoteClose(P2pConnection& c, std::uint32_t id) { c.closeWrite(id); }

void MetadataResponder::answer(P2pConnection& c, std::uint32_t id) {
  if (answered_) return;
  answered_ = true;
  c.write(id, lezpay::proto::encodeFrame(answer_));
  c.closeWrite(id);
}

void MetadataResponder::onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) {
  if (answered_) return;
  buffer_.append(data);
  auto t = buffer_.take(waku::kMaxWakuMetadataBytes);
  if (t.state == FrameBuffer::State::NEED_MORE) {
    if (!holdPartial(c, id, buffer_, budget_.get(), lease_)) {
      answered_ = true;
      buffer_ = FrameBuffer{};
      c.reset(id);
    }
    return;
  }
  lease_.release();
  buffer_ = FrameBuffer{};
  if (t.state == FrameBuffer::State::ERROR) return c.reset(id);
  // The requester's cluster and shards are not checked: a light client may serve none of ours.
  answer(c, id);
}

void MetadataResponder::onRemoteClose(P2pConnection& c, std::uint32_t id) { answer(c, id); }

RequestResponder::~RequestResponder() {
  if (pending_) pending_->gone = true;
}

void RequestResponder::onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) {
  if (requested_) return;  // one request per stream
  buffer_.append(data);
  auto t = buffer_.take(handler_->maxRequestBytes);
  if (t.state == FrameBuffer::State::NEED_MORE) {
    if (!holdPartial(c, id, buffer_, budget_.get(), lease_)) {
      requested_ = true;
      buffer_ = FrameBuffer{};
      c.reset(id);
    }
    return;
  }
  requested_ = true;
  // The request is whole: nothing more is buffered on this stream (bytes after it are ignored).
  lease_.release();
  buffer_ = FrameBuffer{};
  if (t.state == FrameBuffer::State::ERROR) {
    if (t.error.code == "TOO_LARGE" && handler_->onOversizedRequest) {
      c.write(id, lezpay::proto::encodeFrame(handler_->onOversizedRequest(t.error)));
      c.closeWrite(id);
    } else {
      c.reset(id);
    }
    return;
  }
  dispatch(c, id, std::move(t.frame));
}

void RequestResponder::dispatch(P2pConnection& c, std::uint32_t id, Bytes request) {
  pending_ = std::make_shared<Pending>();
  QPointer<P2pConnection> conn(&c);
  auto pending = pending_;
  // A copy: the answer may come after the listener that owns the handler is gone.
  auto undelivered = handler_->onUndelivered;
  Bytes kept = undelivered ? request : Bytes{};
  // Established connections only reach here: the peer id is the one Noise authenticated.
  Remote remote{c.remoteAddress(), c.remotePeer().toBase58()};
  handler_->onRequest(std::move(request), remote, [conn, id, pending, undelivered, remote, kept = std::move(kept)](Bytes response) {
    if (pending->gone || !conn || !conn->hasStream(id)) {
      if (undelivered) undelivered(remote, kept, std::move(response));
      return;
    }
    pending->gone = true;
    conn->write(id, lezpay::proto::encodeFrame(response));
    conn->closeWrite(id);
  });
}

void RequestResponder::onRemoteClose(P2pConnection& c, std::uint32_t id) {
  // After a whole request the answer still comes (a half-closing client); before it, none can.
  if (!requested_) c.reset(id);
}

void RequestResponder::onReset(P2pConnection&, std::uint32_t) {
  if (pending_) pending_->gone = true;
}

}  // namespace delivery::transport
