#pragma once
// One accepted TCP connection, owned by its file descriptor and driven by QSocketNotifier.
//
// Why not QTcpSocket: Qt treats the end of the peer's write side (a FIN, "half-close") as the end
// of the connection and closes the descriptor, so an answer computed after a client that
// half-closed right after its request (js-waku does) could never be written. Here a half-close is
// a state: reading stops (readFinished), writing goes on until finish() has flushed every byte.
//
// Delivery: after finish(), the channel waits until the peer's TCP has acknowledged every byte
// written (SIOCOUTQ reaches 0) and then emits delivered(); a reset, a write error or an
// acknowledgment that never comes (the owner's deadline) means the answer may not have arrived and
// is reported as failed(). Exactly one of delivered() / failed() is emitted, at most once.
//
// Linux (and other systems with SIOCOUTQ/TIOCOUTQ on TCP sockets). Not thread-safe: lives on the
// thread that created it.

#include <QByteArray>
#include <QObject>
#include <QSocketNotifier>
#include <QTimer>

#include <string>

namespace delivery::transport {

class SocketChannel : public QObject {
  Q_OBJECT
 public:
  // Takes ownership of the connected descriptor `fd` (made non-blocking, TCP_NODELAY).
  SocketChannel(int fd, QObject* parent);
  ~SocketChannel() override;
  SocketChannel(const SocketChannel&) = delete;
  SocketChannel& operator=(const SocketChannel&) = delete;

  // Bytes received since the last call.
  QByteArray takeReceived();
  // True once the peer has closed its write side (no more bytes will come).
  bool readFinished() const { return readFinished_; }
  // Queues bytes for sending; sends what the kernel accepts at once.
  void write(const char* data, qint64 size);
  // No more writes: once the queue is flushed, closes our write side and waits for the peer's
  // acknowledgment of every byte (delivered()) or a failure (failed()).
  void finish();
  // Closes the connection now (nothing more is sent or reported).
  void abort();
  // "/ip4/<ip>/tcp/<port>" or "/ip6/<ip>/tcp/<port>" of the peer ("" if unknown).
  const std::string& remote() const { return remote_; }

 signals:
  void readyRead();
  void readClosed();  // the peer half-closed (or fully closed) its write side
  void delivered();
  void failed();

 private:
  void onReadable();
  void flush();
  void checkAcknowledged();
  void fail();
  void closeFd();

  int fd_;
  QSocketNotifier readNotifier_;
  QSocketNotifier writeNotifier_;
  QTimer ackPoll_;
  QByteArray received_;
  QByteArray outgoing_;
  bool readFinished_ = false;
  bool finishing_ = false;
  bool writeShut_ = false;
  bool done_ = false;
  std::string remote_;
};

}  // namespace delivery::transport
