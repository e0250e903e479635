#include "logos/host/rpc_connection.h"

#include <QLocalSocket>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace logos::host {

RpcConnection::RpcConnection(QLocalSocket* socket, QObject* parent)
    : QObject(parent), viaLocalSocket(true), io_(socket), local_(socket) {
  socket->setParent(this);
  connect(socket, &QLocalSocket::readyRead, this, &RpcConnection::readyRead);
  connect(socket, &QLocalSocket::disconnected, this, &RpcConnection::closed);
  connect(socket, &QLocalSocket::errorOccurred, this, [this] {
    if (local_->state() == QLocalSocket::UnconnectedState) closed();
  });
}

RpcConnection::RpcConnection(QTcpSocket* socket, QObject* parent)
    : QObject(parent), viaLocalSocket(false), io_(socket), tcp_(socket) {
  socket->setParent(this);
  connect(socket, &QTcpSocket::readyRead, this, &RpcConnection::readyRead);
  connect(socket, &QTcpSocket::disconnected, this, &RpcConnection::closed);
  connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
    // A failed TLS handshake may leave the TCP connection open: nothing useful can follow on it.
    if (error == QAbstractSocket::SslHandshakeFailedError && tcp_->state() != QAbstractSocket::UnconnectedState) tcp_->abort();
    if (tcp_->state() == QAbstractSocket::UnconnectedState) closed();
  });
  if (auto* ssl = qobject_cast<QSslSocket*>(socket)) {
    QTimer::singleShot(kTlsHandshakeMs, this, [this, ssl] {
      if (!ssl->isEncrypted() && !closed_) {
        ssl->abort();
        closed();
      }
    });
  }
}

std::string RpcConnection::transportName() const {
  if (tcp_ == nullptr) return "local";
  return qobject_cast<QSslSocket*>(tcp_) != nullptr ? "tcp_ssl" : "tcp";
}

std::string RpcConnection::peerAddress() const {
  if (tcp_ == nullptr) return {};
  return tcp_->peerAddress().toString().toStdString() + ":" + std::to_string(tcp_->peerPort());
}

void RpcConnection::closed() {
  if (closed_) return;
  closed_ = true;
  emit disconnected();
}

bool RpcConnection::isConnected() const {
  if (closed_) return false;
  if (local_ != nullptr) return local_->state() == QLocalSocket::ConnectedState;
  return tcp_->state() == QAbstractSocket::ConnectedState;
}

bool RpcConnection::canReadLine() const { return io_->canReadLine(); }

QByteArray RpcConnection::readLine(qint64 maxSize) { return io_->readLine(maxSize); }

qint64 RpcConnection::bytesAvailable() const { return io_->bytesAvailable(); }

void RpcConnection::write(std::string_view text) {
  if (!isConnected()) return;
  io_->write(text.data(), static_cast<qint64>(text.size()));
  if (local_ != nullptr) local_->flush();
  else tcp_->flush();
}

void RpcConnection::disconnectFromPeer() {
  if (local_ != nullptr) local_->disconnectFromServer();
  else tcp_->disconnectFromHost();
}

}  // namespace logos::host
