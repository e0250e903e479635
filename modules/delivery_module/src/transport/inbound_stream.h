#pragma once
// One accepted stream: listener-side multistream-select, one framed request, one framed
// response, close. Deletes itself when the exchange ends.
//
// A peer that half-closes its write side after the request still gets the answer: the end of the
// peer's bytes only matters while a request is incomplete (then the stream closes, as no more
// bytes can come). An answer the peer did not acknowledge (reset, write error, no acknowledgment
// within kFlushDeadlineMs) is handed to the protocol's onUndelivered with its request.

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

#include "transport/frame_buffer.h"
#include "transport/protocol_handler.h"
#include "transport/socket_channel.h"

namespace delivery::transport {

class StreamListener;

class InboundStream : public QObject {
  Q_OBJECT
 public:
  // Takes ownership of the connected descriptor `fd`.
  InboundStream(int fd, StreamListener* listener, std::function<void()> onFinished);
  ~InboundStream() override;

  // Writes `response` framed and closes (used through the Respond callback).
  void respond(const Bytes& response);

 private:
  static constexpr int kCloseGraceMs = 2000;
  static constexpr int kFlushDeadlineMs = 30000;
  enum class Phase { Header, Proposal, Request, Handling, Closing, Answering };
  void onReadyRead();
  void onReadClosed();
  void sendMultistream(std::string_view text);
  void abortStream();
  void undelivered();

  SocketChannel* channel_;
  QPointer<StreamListener> listener_;
  std::function<void()> onFinished_;
  QTimer deadline_;
  FrameBuffer buffer_;
  Phase phase_ = Phase::Header;
  int proposals_ = 0;
  const ProtocolHandler* handler_ = nullptr;
  Bytes request_;   // kept while Handling/Answering for onUndelivered
  Bytes response_;  // the framed-answer payload while Answering
  bool peerGone_ = false;
};

}  // namespace delivery::transport
