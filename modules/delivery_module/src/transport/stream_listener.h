#pragma once
// TCP listener of a delivery node: accepts connections, runs the listener side of
// multistream-select 1.0 on each and passes the stream to the negotiated protocol's handler
// (protocol_handler.h). Lives on the thread that created it (the module's thread); never blocks.
//
// Limits: at most kMaxOpenStreams concurrent streams (more are closed at once), a stream must
// deliver its request within kRequestDeadlineMs, and at most kMaxProposals protocol proposals
// are answered "na" before the stream is closed.

#include <QObject>
#include <QTcpServer>

#include <map>
#include <string>

#include "lezpay/util/result.h"
#include "transport/protocol_handler.h"

namespace delivery::transport {

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

  const ProtocolHandler* handlerFor(const std::string& protocolId) const;

 private:
  void onNewConnection();

  QTcpServer server_;
  std::map<std::string, ProtocolHandler> protocols_;
  int open_ = 0;
};

}  // namespace delivery::transport
