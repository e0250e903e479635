#include "logos/host/rpc_client.h"

#include <algorithm>

#include <QElapsedTimer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>

#include "lezpay/util/json_parse.h"
#include "logos/error_codes.h"

namespace logos::host {
namespace {

lezpay::util::Error noDaemon(const std::string& message) {
  return lezpay::util::Error{std::string(toString(ErrorCode::NoDaemon)), message};
}

}  // namespace

void RpcClient::close() {
  if (local_) local_->abort();
  if (tcp_) tcp_->abort();
  io_ = nullptr;
}

bool RpcClient::connected() const {
  if (local_ && io_ == local_.get()) return local_->state() == QLocalSocket::ConnectedState;
  if (tcp_ && io_ == tcp_.get()) return tcp_->state() == QAbstractSocket::ConnectedState;
  return false;
}

lezpay::util::Status RpcClient::connect(const std::string& socketPath, int timeoutMs) {
  close();
  local_ = std::make_unique<QLocalSocket>();
  io_ = local_.get();
  local_->connectToServer(QString::fromStdString(socketPath));
  if (!local_->waitForConnected(timeoutMs)) {
    return noDaemon("no daemon answers on " + socketPath + " (start one with logoscore -D)");
  }
  return lezpay::util::okStatus();
}

lezpay::util::Status RpcClient::dial(const ClientEndpoint& endpoint, const std::string& socketPath, int timeoutMs) {
  if (endpoint.transport == "local") return connect(socketPath, timeoutMs);
  const std::string where = describeEndpoint(endpoint);
  if (endpoint.host.empty() || endpoint.port <= 0) {
    return noDaemon("no daemon to dial on " + where + ": the client config gives no host or port (--client-tcp-host, --client-tcp-port)");
  }
  if (endpoint.codec != "json") {
    return noDaemon("cannot talk to " + where + " with codec " + endpoint.codec + ": this client speaks json only");
  }
  close();
  const QString host = QString::fromStdString(endpoint.host);
  const auto port = static_cast<quint16>(endpoint.port);
  QElapsedTimer timer;
  timer.start();
  if (endpoint.transport == "tcp") {
    tcp_ = std::make_unique<QTcpSocket>();
    io_ = tcp_.get();
    tcp_->connectToHost(host, port);
    if (!tcp_->waitForConnected(timeoutMs)) {
      return noDaemon("no daemon answers on " + where + " (" + tcp_->errorString().toStdString() + ")");
    }
    return lezpay::util::okStatus();
  }
  auto ssl = std::make_unique<QSslSocket>();
  QSslConfiguration config = QSslConfiguration::defaultConfiguration();
  config.setProtocol(QSsl::TlsV1_2OrLater);
  if (!endpoint.ca.empty()) {
    const auto cas = QSslCertificate::fromPath(QString::fromStdString(endpoint.ca), QSsl::Pem, QSslCertificate::PatternSyntax::FixedString);
    if (cas.isEmpty()) return noDaemon("cannot verify " + where + ": the CA file '" + endpoint.ca + "' holds no PEM certificate");
    config.setCaCertificates(cas);
  }
  config.setPeerVerifyMode(endpoint.verifyPeer ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
  ssl->setSslConfiguration(config);
  QSslSocket* s = ssl.get();
  tcp_ = std::move(ssl);
  io_ = tcp_.get();
  s->connectToHostEncrypted(host, port);
  const int left = timeoutMs - static_cast<int>(timer.elapsed());
  if (!s->waitForEncrypted(std::max(1, left))) {
    std::string why = s->errorString().toStdString();
    const auto errors = s->sslHandshakeErrors();
    if (!errors.isEmpty()) why = errors.first().errorString().toStdString();
    std::string hint;
    if (endpoint.verifyPeer && !errors.isEmpty()) hint = "; give the daemon's CA with --ssl-ca, or turn verification off with --no-verify-peer";
    return noDaemon("no TLS connection to a daemon on " + where + " (" + why + ")" + hint);
  }
  return lezpay::util::okStatus();
}

lezpay::util::Result<Json> RpcClient::readLine(int timeoutMs) {
  const std::string code(toString(ErrorCode::RpcFailed));
  if (io_ == nullptr) return lezpay::util::Error{code, "not connected to a daemon"};
  QElapsedTimer timer;
  timer.start();
  while (!io_->canReadLine()) {
    if (!connected()) return lezpay::util::Error{code, "the daemon closed the connection"};
    int left = timeoutMs <= 0 ? 1000 : timeoutMs - static_cast<int>(timer.elapsed());
    if (timeoutMs > 0 && left <= 0) return lezpay::util::Error{code, "no answer from the daemon within " + std::to_string(timeoutMs) + " ms"};
    if (!io_->waitForReadyRead(std::min(left, 1000)) && !connected()) {
      if (io_->canReadLine()) break;
      return lezpay::util::Error{code, "the daemon closed the connection"};
    }
  }
  QByteArray line = io_->readLine();
  // An answer wraps the request's values in an envelope, so it may be a few levels deeper than
  // any request the daemon accepts.
  lezpay::util::JsonLimits limits;
  limits.maxDepth = 2 * lezpay::util::kJsonDefaultMaxDepth;
  auto parsed = lezpay::util::parseJson(std::string_view(line.constData(), static_cast<std::size_t>(line.size())), limits);
  if (!parsed.ok()) return lezpay::util::Error{code, "the daemon sent a line that is " + parsed.error().message};
  return parsed;
}

lezpay::util::Result<Json> RpcClient::request(const std::string& token, const std::string& method, const Json& params,
                                              int timeoutMs) {
  if (io_ == nullptr) return lezpay::util::Error{std::string(toString(ErrorCode::RpcFailed)), "not connected to a daemon"};
  const std::int64_t id = nextId_++;
  std::string line = Json{{"id", id}, {"token", token}, {"method", method}, {"params", params}}.dump() + "\n";
  io_->write(line.data(), static_cast<qint64>(line.size()));
  while (io_->bytesToWrite() > 0) {
    if (!io_->waitForBytesWritten(5000) && io_->bytesToWrite() > 0) {
      return lezpay::util::Error{std::string(toString(ErrorCode::RpcFailed)), "cannot write to the daemon connection"};
    }
  }
  for (;;) {
    auto answer = readLine(timeoutMs);
    if (!answer.ok()) return answer;
    Json j = answer.value();
    if (j.is_object() && j.value("id", Json()) == Json(id)) {
      j.erase("id");
      return j;
    }
  }
}

}  // namespace logos::host
