#pragma once
// One accepted stream: listener-side multistream-select, one framed request, one framed
// response, close. Deletes itself when the connection ends.

#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <functional>

#include "transport/frame_buffer.h"
#include "transport/protocol_handler.h"

namespace delivery::transport {

class StreamListener;

class InboundStream : public QObject {
  Q_OBJECT
 public:
  InboundStream(QTcpSocket* socket, StreamListener* listener, std::function<void()> onFinished);
  ~InboundStream() override;

  // Writes `response` framed and closes (used through the Respond callback).
  void respond(const Bytes& response);

 private:
  static constexpr int kCloseGraceMs = 2000;
  static constexpr int kFlushDeadlineMs = 30000;
  enum class Phase { Header, Proposal, Request, Handling, Closing };
  void onReadyRead();
  void sendMultistream(std::string_view text);
  void abortStream();

  QTcpSocket* socket_;
  QPointer<StreamListener> listener_;
  std::function<void()> onFinished_;
  QTimer deadline_;
  FrameBuffer buffer_;
  Phase phase_ = Phase::Header;
  int proposals_ = 0;
  const ProtocolHandler* handler_ = nullptr;
  std::string remote_;
};

}  // namespace delivery::transport
