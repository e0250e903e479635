#pragma once
// One client connection of the daemon RPC, whichever listener accepted it: the Unix socket in the
// config dir, plain TCP or TLS over TCP (logos-core.md §15). RpcServer speaks the same NDJSON
// protocol, with the same limits, over every kind.
//
// Owns its socket (reparented). `disconnected` is emitted exactly once, when the peer goes away,
// when the server closes the connection, or when a TLS handshake fails or does not finish within
// kTlsHandshakeMs; after it, isConnected() is false and writes are dropped.

#include <QObject>

#include <string>
#include <string_view>

class QIODevice;
class QLocalSocket;
class QTcpSocket;

namespace logos::host {

// A TLS client that has not completed its handshake by then is dropped, so half-open handshakes
// cannot hold connection slots.
inline constexpr int kTlsHandshakeMs = 10000;

class RpcConnection : public QObject {
  Q_OBJECT
 public:
  explicit RpcConnection(QLocalSocket* socket, QObject* parent = nullptr);
  // Plain TCP, or TLS when `socket` is a QSslSocket in server mode.
  explicit RpcConnection(QTcpSocket* socket, QObject* parent = nullptr);

  // True for the Unix socket in the config dir: token authorization refuses local_only tokens on
  // any other connection (logos-core.md §14).
  const bool viaLocalSocket;

  // "local", "tcp" or "tcp_ssl", and the peer's address ("" on the local socket): who called is
  // stamped on the operations that ask for it (interfaces/logos/caller.h).
  std::string transportName() const;
  std::string peerAddress() const;

  bool isConnected() const;
  bool canReadLine() const;
  QByteArray readLine(qint64 maxSize);
  qint64 bytesAvailable() const;
  // Writes and flushes; dropped when the connection is closed.
  void write(std::string_view text);
  // Closes after the pending writes.
  void disconnectFromPeer();

 signals:
  void readyRead();
  void disconnected();

 private:
  void closed();

  QIODevice* io_;
  QLocalSocket* local_ = nullptr;
  QTcpSocket* tcp_ = nullptr;
  bool closed_ = false;
};

}  // namespace logos::host
