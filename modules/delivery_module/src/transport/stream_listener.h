#pragma once
// TCP listener of a delivery node: accepts connections, runs the listener side of
// multistream-select 1.0 on each and passes the stream to the negotiated protocol's handler
// (protocol_handler.h). Lives on the thread that created it (the module's thread); never blocks.
//
// Limits: at most kMaxOpenStreams concurrent streams (more are closed at once), a stream must
// deliver its request within kRequestDeadlineMs, and at most kMaxProposals protocol proposals
// are answered "na" before the stream is closed. The listen backlog equals kMaxOpenStreams, so a
// burst of connections up to the cap waits in the kernel's queue instead of being reset.

#include <QObject>
#include <QTcpServer>

#include <functional>
#include <map>
#include <string>

#include "lezpay/util/result.h"
#include "transport/protocol_handler.h"

namespace delivery::transport {

// Hands each accepted descriptor straight to the listener: the stream owns the descriptor itself
// (socket_channel.h) instead of a QTcpSocket.
class DescriptorServer : public QTcpServer {
  Q_OBJECT
 public:
  using QTcpServer::QTcpServer;
  std::function<void(qintptr)> onDescriptor;

 protected:
  void incomingConnection(qintptr descriptor) override;
};

class StreamListener : public QObject {
  Q_OBJECT
 public:
  static constexpr int kMaxOpenStreams = 512;
  static constexpr int kRequestDeadlineMs = 10000;
  static constexpr int kMaxProposals = 8;

  explicit StreamListener(QObject* parent = nullptr);
  ~StreamListener() override;

  // Registers a protocol id before listen().
  void addProtocol(const std::string& protocolId, ProtocolHandler handler);
  // Binds host:port (port 0 = any free port). LISTEN_FAILED with the system's reason.
  lezpay::util::Status listen(const std::string& host, std::uint16_t port);
  void close();
  std::uint16_t port() const;
  bool isListening() const { return server_.isListening(); }
  int openStreams() const { return open_; }
  int listenBacklog() const { return server_.listenBacklogSize(); }

  const ProtocolHandler* handlerFor(const std::string& protocolId) const;

 private:
  void onDescriptor(qintptr descriptor);

  DescriptorServer server_;
  std::map<std::string, ProtocolHandler> protocols_;
  int open_ = 0;
};

}  // namespace delivery::transport
