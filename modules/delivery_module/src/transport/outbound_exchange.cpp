#include "transport/outbound_exchange.h"

#include <QTcpSocket>
#include <QTimer>

#include "lezpay/proto/multistream.h"
#include "transport/frame_buffer.h"

namespace delivery::transport {
namespace {

using lezpay::util::Error;

class OutboundExchange : public QObject {
 public:
  OutboundExchange(QObject* owner, const ExchangeTarget& target, std::string protocolId, Bytes request,
                   std::size_t maxResponseBytes, int timeoutMs, ExchangeDone done)
      : QObject(owner), protocolId_(std::move(protocolId)), request_(std::move(request)), maxResponse_(maxResponseBytes),
        done_(std::move(done)) {
    socket_ = new QTcpSocket(this);
    connect(socket_, &QTcpSocket::connected, this, [this] {
      connected_ = true;
      socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
      write(*lezpay::proto::encodeMultistreamMessage(lezpay::proto::kMultistreamProtocolId));
      auto proposal = lezpay::proto::encodeMultistreamMessage(protocolId_);
      if (!proposal.ok()) return finish(Error{"MALFORMED_REQUEST", proposal.error().message});
      write(proposal.value());
    });
    connect(socket_, &QTcpSocket::readyRead, this, &OutboundExchange::onReadyRead);
    connect(socket_, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
      if (e == QAbstractSocket::RemoteHostClosedError && connected_) {
        onReadyRead();
        return finish(Error{"CONNECTION_CLOSED", "the peer closed the stream before a complete answer"});
      }
      finish(Error{connected_ ? "CONNECTION_CLOSED" : "DIAL_FAILED",
                   (connected_ ? "connection to " : "cannot connect to ") + target_ + ": " + socket_->errorString().toStdString()});
    });
    connect(socket_, &QTcpSocket::disconnected, this, [this] {
      onReadyRead();
      finish(Error{"CONNECTION_CLOSED", "the peer closed the stream before a complete answer"});
    });
    timer_.setSingleShot(true);
    connect(&timer_, &QTimer::timeout, this, [this, timeoutMs] {
      finish(Error{"TIMEOUT", "no answer from " + target_ + " within " + std::to_string(timeoutMs) + " ms"});
    });
    target_ = target.host + ":" + std::to_string(target.port);
    timer_.start(timeoutMs);
    socket_->connectToHost(QString::fromStdString(target.host), target.port);
  }

 private:
  enum class Phase { Header, Echo, Response, Done };

  void write(const Bytes& b) { socket_->write(reinterpret_cast<const char*>(b.data()), static_cast<qint64>(b.size())); }

  void onReadyRead() {
    if (phase_ == Phase::Done) return;
    const QByteArray data = socket_->readAll();
    buffer_.append(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.constData()), static_cast<std::size_t>(data.size())));
    for (;;) {
      if (phase_ == Phase::Done) return;
      const std::size_t limit = phase_ == Phase::Response ? maxResponse_ : lezpay::proto::kMaxMultistreamMessageBytes;
      auto t = buffer_.take(limit);
      if (t.state == FrameBuffer::State::NEED_MORE) return;
      if (t.state == FrameBuffer::State::ERROR) {
        return finish(Error{"MALFORMED_RESPONSE", "answer from " + target_ + ": " + t.error.message});
      }
      if (phase_ == Phase::Response) return finish(std::move(t.frame));
      auto text = lezpay::proto::parseMultistreamPayload(t.frame);
      if (!text.ok()) return finish(Error{"MALFORMED_RESPONSE", "multistream-select from " + target_ + ": " + text.error().message});
      if (phase_ == Phase::Header) {
        if (text.value() != lezpay::proto::kMultistreamProtocolId) {
          return finish(Error{"MALFORMED_RESPONSE", target_ + " does not speak " + std::string(lezpay::proto::kMultistreamProtocolId)});
        }
        phase_ = Phase::Echo;
      } else if (text.value() == protocolId_) {
        phase_ = Phase::Response;
        write(lezpay::proto::encodeFrame(request_));
      } else if (text.value() == lezpay::proto::kMultistreamNotAvailable) {
        return finish(Error{"PROTOCOL_NOT_SUPPORTED", target_ + " does not serve " + protocolId_});
      } else {
        return finish(Error{"MALFORMED_RESPONSE", target_ + " answered '" + text.value() + "' to the proposal " + protocolId_});
      }
    }
  }

  void finish(lezpay::util::Result<Bytes> result) {
    if (phase_ == Phase::Done) return;
    phase_ = Phase::Done;
    timer_.stop();
    socket_->disconnect(this);
    socket_->abort();
    auto done = std::move(done_);
    deleteLater();
    if (done) done(std::move(result));
  }

  QTcpSocket* socket_ = nullptr;
  QTimer timer_;
  std::string protocolId_;
  Bytes request_;
  std::size_t maxResponse_;
  ExchangeDone done_;
  FrameBuffer buffer_;
  Phase phase_ = Phase::Header;
  bool connected_ = false;
  std::string target_;
};

}  // namespace

void startExchange(QObject* owner, const ExchangeTarget& target, const std::string& protocolId, Bytes request,
                   std::size_t maxResponseBytes, int timeoutMs, ExchangeDone done) {
  new OutboundExchange(owner, target, protocolId, std::move(request), maxResponseBytes, timeoutMs, std::move(done));
}

}  // namespace delivery::transport
