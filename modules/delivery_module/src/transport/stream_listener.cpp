#include "transport/stream_listener.h"

#include <QHostAddress>
#include <QTcpSocket>

#include "transport/inbound_stream.h"

namespace delivery::transport {

StreamListener::StreamListener(QObject* parent) : QObject(parent) {
  connect(&server_, &QTcpServer::newConnection, this, &StreamListener::onNewConnection);
}

StreamListener::~StreamListener() { close(); }

void StreamListener::addProtocol(const std::string& protocolId, ProtocolHandler handler) {
  protocols_[protocolId] = std::move(handler);
}

lezpay::util::Status StreamListener::listen(const std::string& host, std::uint16_t port) {
  QHostAddress address;
  if (host == "localhost") {
    address = QHostAddress::LocalHost;
  } else if (!address.setAddress(QString::fromStdString(host))) {
    return lezpay::util::Error{"LISTEN_FAILED", "listen host '" + host + "' is not an IP address"};
  }
  if (!server_.listen(address, port)) {
    return lezpay::util::Error{"LISTEN_FAILED", "cannot listen on " + host + ":" + std::to_string(port) + ": " +
                                                    server_.errorString().toStdString()};
  }
  return lezpay::util::okStatus();
}

void StreamListener::close() { server_.close(); }

std::uint16_t StreamListener::port() const { return server_.serverPort(); }

const ProtocolHandler* StreamListener::handlerFor(const std::string& protocolId) const {
  auto it = protocols_.find(protocolId);
  return it == protocols_.end() ? nullptr : &it->second;
}

void StreamListener::onNewConnection() {
  while (QTcpSocket* socket = server_.nextPendingConnection()) {
    if (open_ >= kMaxOpenStreams) {
      socket->abort();
      socket->deleteLater();
      continue;
    }
    ++open_;
    QPointer<StreamListener> self(this);
    new InboundStream(socket, this, [self] {
      if (self) --self->open_;
    });
  }
}

}  // namespace delivery::transport
