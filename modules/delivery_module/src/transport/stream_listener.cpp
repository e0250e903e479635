#include "transport/stream_listener.h"

#include <QHostAddress>

#include <unistd.h>

#include "transport/inbound_stream.h"
#include "transport/listen_on.h"

namespace delivery::transport {

void DescriptorServer::incomingConnection(qintptr descriptor) {
  if (onDescriptor) {
    onDescriptor(descriptor);
  } else {
    ::close(static_cast<int>(descriptor));
  }
}

StreamListener::StreamListener(QObject* parent) : QObject(parent) {
  server_.onDescriptor = [this](qintptr descriptor) { onDescriptor(descriptor); };
  server_.setListenBacklogSize(kMaxOpenStreams);
}

StreamListener::~StreamListener() { close(); }

void StreamListener::addProtocol(const std::string& protocolId, ProtocolHandler handler) {
  protocols_[protocolId] = std::move(handler);
}

lezpay::util::Status StreamListener::listen(const std::string& host, std::uint16_t port) {
  return listenOn(server_, host, port);
}

void StreamListener::close() { server_.close(); }

std::uint16_t StreamListener::port() const { return server_.serverPort(); }

const ProtocolHandler* StreamListener::handlerFor(const std::string& protocolId) const {
  auto it = protocols_.find(protocolId);
  return it == protocols_.end() ? nullptr : &it->second;
}

void StreamListener::onDescriptor(qintptr descriptor) {
  if (open_ >= kMaxOpenStreams) {
    ::close(static_cast<int>(descriptor));
    return;
  }
  ++open_;
  QPointer<StreamListener> self(this);
  new InboundStream(static_cast<int>(descriptor), this, [self] {
    if (self) --self->open_;
  });
}

}  // namespace delivery::transport
