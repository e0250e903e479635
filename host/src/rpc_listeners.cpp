#include "logos/host/rpc_listeners.h"

#include <QFile>
#include <QHostInfo>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>

#include "logos/error_codes.h"
#include "logos/host/rpc_connection.h"

namespace logos::host {
namespace {

// A TCP server whose connections speak TLS from their first byte. The handshake starts as the
// connection is accepted and the socket is handed out at once, so it counts against the
// connection limit while it handshakes (RpcConnection drops it after kTlsHandshakeMs).
class TlsServer : public QTcpServer {
 public:
  explicit TlsServer(QSslConfiguration config) : config_(std::move(config)) {}

 protected:
  void incomingConnection(qintptr descriptor) override {
    auto* socket = new QSslSocket(this);
    socket->setSslConfiguration(config_);
    if (!socket->setSocketDescriptor(descriptor)) {
      delete socket;
      return;
    }
    addPendingConnection(socket);
    socket->startServerEncryption();
  }

 private:
  QSslConfiguration config_;
};

lezpay::util::Error invalidArgs(const std::string& message) {
  return lezpay::util::Error{std::string(toString(ErrorCode::InvalidArgs)), message};
}

}  // namespace

lezpay::util::Result<QSslConfiguration> loadTlsServerConfig(const ListenerSpec& spec) {
  const QString certPath = QString::fromStdString(spec.cert);
  const auto chain = QSslCertificate::fromPath(certPath, QSsl::Pem, QSslCertificate::PatternSyntax::FixedString);
  if (chain.isEmpty() || chain.first().isNull()) {
    return invalidArgs("--module-transport " + spec.module + ": cert '" + spec.cert + "' holds no PEM certificate");
  }
  QFile keyFile(QString::fromStdString(spec.key));
  if (!keyFile.open(QIODevice::ReadOnly)) {
    return invalidArgs("--module-transport " + spec.module + ": key '" + spec.key + "' cannot be read: " +
                       keyFile.errorString().toStdString());
  }
  const QByteArray keyPem = keyFile.readAll();
  QSslKey key;
  for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
    key = QSslKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (!key.isNull()) break;
  }
  if (key.isNull()) {
    return invalidArgs("--module-transport " + spec.module + ": key '" + spec.key +
                       "' holds no unencrypted PEM private key (RSA, EC or DSA)");
  }
  QSslConfiguration config = QSslConfiguration::defaultConfiguration();
  config.setProtocol(QSsl::TlsV1_2OrLater);
  config.setLocalCertificateChain(chain);
  config.setPrivateKey(key);
  config.setPeerVerifyMode(QSslSocket::VerifyNone);
  return config;
}

NetworkListener::NetworkListener(ListenerSpec spec) : spec_(std::move(spec)) {}

NetworkListener::~NetworkListener() { close(); }

lezpay::util::Result<std::unique_ptr<NetworkListener>> NetworkListener::bind(const ListenerSpec& spec, const QSslConfiguration& tls,
                                                                             int maxPending) {
  const std::string code(toString(ErrorCode::RpcFailed));
  const std::string where = spec.module + " (" + spec.protocol + ") on " + spec.host + ":" + std::to_string(spec.port);
  QHostAddress address;
  if (spec.host == "localhost") {
    address = QHostAddress(QHostAddress::LocalHost);
  } else if (!address.setAddress(QString::fromStdString(spec.host))) {
    const QHostInfo info = QHostInfo::fromName(QString::fromStdString(spec.host));
    if (info.addresses().isEmpty()) return lezpay::util::Error{code, "cannot listen for " + where + ": the host name does not resolve"};
    address = info.addresses().first();
  }
  std::unique_ptr<NetworkListener> listener(new NetworkListener(spec));
  if (spec.protocol == "tcp_ssl") listener->server_ = std::make_unique<TlsServer>(tls);
  else listener->server_ = std::make_unique<QTcpServer>();
  listener->server_->setMaxPendingConnections(maxPending);
  listener->server_->setListenBacklogSize(maxPending);
  if (!listener->server_->listen(address, static_cast<quint16>(spec.port))) {
    return lezpay::util::Error{code, "cannot listen for " + where + ": " + listener->server_->errorString().toStdString()};
  }
  QObject::connect(listener->server_.get(), &QTcpServer::newConnection, listener.get(), &NetworkListener::onNewConnection);
  return listener;
}

int NetworkListener::port() const { return server_ ? server_->serverPort() : 0; }

void NetworkListener::close() {
  if (server_ && server_->isListening()) server_->close();
}

void NetworkListener::onNewConnection() {
  while (QTcpSocket* socket = server_->nextPendingConnection()) {
    emit newConnection(new RpcConnection(socket));
  }
}

}  // namespace logos::host
