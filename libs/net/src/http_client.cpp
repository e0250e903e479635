#include "lezpay/net/http_client.h"

#include <QDeadlineTimer>
#include <QSslSocket>
#include <QTcpSocket>

#include <memory>

#include "lezpay/http/response_parser.h"
#include "lezpay/http/url.h"

namespace lezpay::net {

util::Result<http::HttpResponse> httpRequest(const std::string& method, const std::string& urlText, const http::Headers& headers,
                                             const std::string& body, const HttpClientOptions& options) {
  auto url = http::parseUrl(urlText);
  if (!url.ok()) return url.error();
  QDeadlineTimer deadline(options.timeoutMs);
  std::unique_ptr<QTcpSocket> socket;
  if (url->tls) {
    if (!QSslSocket::supportsSsl()) return util::Error{"HTTP_UNREACHABLE", "TLS is not available for " + urlText};
    auto ssl = std::make_unique<QSslSocket>();
    ssl->connectToHostEncrypted(QString::fromStdString(url->host), url->port);
    if (!ssl->waitForEncrypted(static_cast<int>(deadline.remainingTime()))) {
      return util::Error{"HTTP_UNREACHABLE", "cannot reach " + urlText + ": " + ssl->errorString().toStdString()};
    }
    socket = std::move(ssl);
  } else {
    socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QString::fromStdString(url->host), url->port);
    if (!socket->waitForConnected(static_cast<int>(deadline.remainingTime()))) {
      return util::Error{"HTTP_UNREACHABLE", "cannot reach " + urlText + ": " + socket->errorString().toStdString()};
    }
  }
  http::Headers all = headers;
  all.emplace_back("connection", "close");
  std::string request = http::serializeRequest(method, url->target, url->hostHeader(), all, body);
  socket->write(request.data(), static_cast<qint64>(request.size()));
  http::ResponseParser parser(options.maxResponseBytes);
  if (method == "HEAD") parser.expectNoBody();
  while (parser.state() == http::ResponseParser::State::NeedMore) {
    if (deadline.hasExpired()) return util::Error{"HTTP_TIMEOUT", "no complete answer from " + urlText + " within " + std::to_string(options.timeoutMs) + " ms"};
    if (socket->bytesAvailable() == 0 && !socket->waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())))) {
      if (socket->state() != QAbstractSocket::ConnectedState) {
        parser.finishAtEof();
        break;
      }
      continue;
    }
    QByteArray chunk = socket->readAll();
    parser.feed(std::string_view(chunk.constData(), static_cast<std::size_t>(chunk.size())));
  }
  if (parser.state() == http::ResponseParser::State::Error) {
    return util::Error{"HTTP_PROTOCOL", "malformed answer from " + urlText + ": " + parser.errorMessage()};
  }
  return parser.response();
}

}  // namespace lezpay::net
