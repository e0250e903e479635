#include "transport/inbound_stream.h"

#include "lezpay/proto/multistream.h"
#include "transport/stream_listener.h"

namespace delivery::transport {

using lezpay::proto::kMaxMultistreamMessageBytes;
using lezpay::proto::kMultistreamNotAvailable;
using lezpay::proto::kMultistreamProtocolId;

InboundStream::InboundStream(int fd, StreamListener* listener, std::function<void()> onFinished)
    : QObject(listener), channel_(new SocketChannel(fd, this)), listener_(listener), onFinished_(std::move(onFinished)) {
  connect(channel_, &SocketChannel::readyRead, this, &InboundStream::onReadyRead);
  connect(channel_, &SocketChannel::readClosed, this, &InboundStream::onReadClosed);
  connect(channel_, &SocketChannel::delivered, this, &QObject::deleteLater);
  connect(channel_, &SocketChannel::failed, this, [this] {
    if (phase_ == Phase::Handling) {
      peerGone_ = true;  // the answer, when it comes, could not be written
      return;
    }
    if (phase_ == Phase::Answering) undelivered();
    deleteLater();
  });
  deadline_.setSingleShot(true);
  connect(&deadline_, &QTimer::timeout, this, [this] {
    if (phase_ == Phase::Handling) return;  // the protocol answers; its own deadlines apply
    // No request in time, a close the peer does not complete, or an answer it never acknowledges.
    if (phase_ == Phase::Answering) undelivered();
    phase_ = Phase::Closing;
    channel_->abort();
    deleteLater();
  });
  deadline_.start(StreamListener::kRequestDeadlineMs);
  sendMultistream(kMultistreamProtocolId);
}

InboundStream::~InboundStream() {
  if (onFinished_) onFinished_();
}

void InboundStream::sendMultistream(std::string_view text) {
  auto msg = lezpay::proto::encodeMultistreamMessage(text);
  if (msg.ok()) channel_->write(reinterpret_cast<const char*>(msg->data()), static_cast<qint64>(msg->size()));
}

void InboundStream::abortStream() {
  // A protocol violation: stop reading, flush what we already sent (our multistream header or
  // "na"), then close; abort if the peer does not let the close finish.
  phase_ = Phase::Closing;
  deadline_.start(kCloseGraceMs);
  channel_->finish();
}

void InboundStream::undelivered() {
  if (handler_ != nullptr && handler_->onUndelivered) handler_->onUndelivered(Remote{channel_->remote(), ""}, request_, std::move(response_));
  response_.clear();
}

void InboundStream::respond(const Bytes& response) {
  if (phase_ != Phase::Handling) return;
  phase_ = Phase::Answering;
  response_ = response;
  if (peerGone_) {
    undelivered();
    deleteLater();
    return;
  }
  const auto framed = lezpay::proto::encodeFrame(response);
  deadline_.start(kFlushDeadlineMs);  // a peer that never reads cannot hold the stream
  channel_->write(reinterpret_cast<const char*>(framed.data()), static_cast<qint64>(framed.size()));
  channel_->finish();  // flushes what was written, closes our side, waits for the acknowledgment
}

void InboundStream::onReadClosed() {
  // No more bytes will come. Only a stream still waiting for part of its request is affected:
  // it can never complete, so it is closed. A stream being handled goes on to answer.
  if (phase_ == Phase::Header || phase_ == Phase::Proposal || phase_ == Phase::Request) abortStream();
}

void InboundStream::onReadyRead() {
  const QByteArray data = channel_->takeReceived();
  if (phase_ != Phase::Header && phase_ != Phase::Proposal && phase_ != Phase::Request) return;  // one request per stream
  buffer_.append(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.constData()), static_cast<std::size_t>(data.size())));
  for (;;) {
    const std::size_t limit = phase_ == Phase::Request ? handler_->maxRequestBytes : kMaxMultistreamMessageBytes;
    auto t = buffer_.take(limit);
    if (t.state == FrameBuffer::State::NEED_MORE) return;
    if (t.state == FrameBuffer::State::ERROR) {
      if (phase_ == Phase::Request && t.error.code == "TOO_LARGE" && handler_->onOversizedRequest) {
        phase_ = Phase::Handling;
        respond(handler_->onOversizedRequest(t.error));
      } else {
        abortStream();
      }
      return;
    }
    if (phase_ == Phase::Header || phase_ == Phase::Proposal) {
      auto text = lezpay::proto::parseMultistreamPayload(t.frame);
      if (!text.ok()) return abortStream();
      if (phase_ == Phase::Header) {
        if (text.value() != kMultistreamProtocolId) return abortStream();
        phase_ = Phase::Proposal;
        continue;
      }
      const ProtocolHandler* h = listener_ ? listener_->handlerFor(text.value()) : nullptr;
      if (h == nullptr) {
        if (++proposals_ > StreamListener::kMaxProposals) return abortStream();
        sendMultistream(kMultistreamNotAvailable);
        continue;
      }
      handler_ = h;
      sendMultistream(text.value());
      phase_ = Phase::Request;
      continue;
    }
    // Phase::Request: exactly one request frame.
    phase_ = Phase::Handling;
    deadline_.stop();
    if (handler_->onUndelivered) request_ = t.frame;
    QPointer<InboundStream> self(this);
    handler_->onRequest(std::move(t.frame), Remote{channel_->remote(), ""}, [self](Bytes response) {
      if (self) self->respond(response);
    });
    return;
  }
}

}  // namespace delivery::transport
