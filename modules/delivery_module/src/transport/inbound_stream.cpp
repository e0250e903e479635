#include "transport/inbound_stream.h"

#include <QHostAddress>

#include "lezpay/proto/multistream.h"
#include "transport/stream_listener.h"

namespace delivery::transport {

using lezpay::proto::kMaxMultistreamMessageBytes;
using lezpay::proto::kMultistreamNotAvailable;
using lezpay::proto::kMultistreamProtocolId;

InboundStream::InboundStream(QTcpSocket* socket, StreamListener* listener, std::function<void()> onFinished)
    : QObject(listener), socket_(socket), listener_(listener), onFinished_(std::move(onFinished)) {
  socket_->setParent(this);
  // Small request/response messages: send each at once instead of waiting for the peer's ACK.
  socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
  const QHostAddress peer = socket_->peerAddress();
  bool v4 = false;
  const quint32 ip4 = peer.toIPv4Address(&v4);
  remote_ = (v4 ? "/ip4/" + QHostAddress(ip4).toString().toStdString() : "/ip6/" + peer.toString().toStdString()) + "/tcp/" +
            std::to_string(socket_->peerPort());
  connect(socket_, &QTcpSocket::readyRead, this, &InboundStream::onReadyRead);
  connect(socket_, &QTcpSocket::disconnected, this, &QObject::deleteLater);
  connect(socket_, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
    if (socket_->state() == QAbstractSocket::UnconnectedState) deleteLater();
  });
  deadline_.setSingleShot(true);
  connect(&deadline_, &QTimer::timeout, this, [this] {
    if (phase_ == Phase::Handling) return;  // the protocol answers; its own deadlines apply
    // No request in time, or a close that the peer does not complete: drop the connection.
    phase_ = Phase::Closing;
    socket_->abort();
    deleteLater();
  });
  deadline_.start(StreamListener::kRequestDeadlineMs);
  sendMultistream(kMultistreamProtocolId);
  onReadyRead();  // bytes may have arrived before the connection was handed over
}

InboundStream::~InboundStream() {
  if (onFinished_) onFinished_();
}

void InboundStream::sendMultistream(std::string_view text) {
  auto msg = lezpay::proto::encodeMultistreamMessage(text);
  if (msg.ok()) socket_->write(reinterpret_cast<const char*>(msg->data()), static_cast<qint64>(msg->size()));
}

void InboundStream::abortStream() {
  // A protocol violation: stop reading, flush what we already sent (our multistream header or
  // "na"), then close; abort if the peer does not let the close finish.
  phase_ = Phase::Closing;
  deadline_.start(kCloseGraceMs);
  socket_->disconnectFromHost();
  if (socket_->state() == QAbstractSocket::UnconnectedState) deleteLater();
}

void InboundStream::respond(const Bytes& response) {
  if (phase_ != Phase::Handling) return;
  phase_ = Phase::Closing;
  const auto framed = lezpay::proto::encodeFrame(response);
  socket_->write(reinterpret_cast<const char*>(framed.data()), static_cast<qint64>(framed.size()));
  deadline_.start(kFlushDeadlineMs);  // a peer that never reads cannot hold the stream
  socket_->disconnectFromHost();  // flushes what was written, then closes
  if (socket_->state() == QAbstractSocket::UnconnectedState) deleteLater();
}

void InboundStream::onReadyRead() {
  const QByteArray data = socket_->readAll();
  if (phase_ == Phase::Handling || phase_ == Phase::Closing) return;  // one request per stream
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
    QPointer<InboundStream> self(this);
    handler_->onRequest(std::move(t.frame), remote_, [self](Bytes response) {
      if (self) self->respond(response);
    });
    return;
  }
}

}  // namespace delivery::transport
