#include "lezpay/net/async_http_client.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace lezpay::net {

std::unique_ptr<AsyncHttpRequest> AsyncHttpRequest::start(const std::string& method, const std::string& url,
                                                          const http::Headers& headers, const std::string& body,
                                                          const HttpClientOptions& options, Done done) {
  std::unique_ptr<AsyncHttpRequest> r(new AsyncHttpRequest(url, options, std::move(done)));
  r->begin(method, headers, body);
  return r;
}

AsyncHttpRequest::AsyncHttpRequest(std::string urlText, HttpClientOptions options, Done done)
    : urlText_(std::move(urlText)), options_(options), done_(std::move(done)), parser_(options_.maxResponseBytes) {}

AsyncHttpRequest::~AsyncHttpRequest() {
  done_ = nullptr;
  dropSocket();
}

void AsyncHttpRequest::cancel() {
  done_ = nullptr;
  if (deadline_) deadline_->stop();
  dropSocket();
}

void AsyncHttpRequest::begin(const std::string& method, const http::Headers& headers, const std::string& body) {
  // Failures found before any I/O are reported from the event loop too (see the header).
  const auto later = [this](util::Error e) {
    QTimer::singleShot(0, this, [this, e = std::move(e)]() { finish(e); });
  };
  auto url = http::parseUrl(urlText_);
  if (!url.ok()) return later(url.error());
  url_ = url.value();
  http::Headers all = headers;
  all.emplace_back("connection", "close");
  request_ = http::serializeRequest(method, url_.target, url_.hostHeader(), all, body);
  if (method == "HEAD") parser_.expectNoBody();

  deadline_ = new QTimer(this);
  deadline_->setSingleShot(true);
  QObject::connect(deadline_, &QTimer::timeout, this, [this]() { onDeadline(); });
  deadline_->start(std::max(1, options_.timeoutMs));

  if (url_.tls) {
    if (!QSslSocket::supportsSsl()) return later(util::Error{"HTTP_UNREACHABLE", "TLS is not available for " + urlText_});
    auto* ssl = new QSslSocket();
    socket_ = ssl;
    QObject::connect(ssl, &QSslSocket::encrypted, this, [this]() { onConnected(); });
  } else {
    socket_ = new QTcpSocket();
    QObject::connect(socket_, &QTcpSocket::connected, this, [this]() { onConnected(); });
  }
  QObject::connect(socket_, &QTcpSocket::readyRead, this, [this]() { onReadable(); });
  QObject::connect(socket_, &QTcpSocket::disconnected, this, [this]() { onClosed(); });
  QObject::connect(socket_, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) { onSocketError(); });
  if (url_.tls) {
    static_cast<QSslSocket*>(socket_)->connectToHostEncrypted(QString::fromStdString(url_.host), url_.port);
  } else {
    socket_->connectToHost(QString::fromStdString(url_.host), url_.port);
  }
}

void AsyncHttpRequest::onConnected() {
  if (!socket_ || connected_) return;
  connected_ = true;
  socket_->write(request_.data(), static_cast<qint64>(request_.size()));
  onReadable();
}

void AsyncHttpRequest::onReadable() {
  if (!socket_ || !connected_ || !done_) return;
  while (socket_ && socket_->bytesAvailable() > 0 && parser_.state() == http::ResponseParser::State::NeedMore) {
    QByteArray chunk = socket_->readAll();
    parser_.feed(std::string_view(chunk.constData(), static_cast<std::size_t>(chunk.size())));
  }
  if (parser_.state() == http::ResponseParser::State::Complete) return finish(parser_.response());
  if (parser_.state() == http::ResponseParser::State::Error) {
    return finish(util::Error{"HTTP_PROTOCOL", "malformed answer from " + urlText_ + ": " + parser_.errorMessage()});
  }
}

void AsyncHttpRequest::onClosed() {
  if (!socket_ || !done_) return;
  if (!connected_) return onSocketError();
  onReadable();
  if (!done_) return;
  parser_.finishAtEof();
  if (parser_.state() == http::ResponseParser::State::Complete) return finish(parser_.response());
  finish(util::Error{"HTTP_PROTOCOL", "malformed answer from " + urlText_ + ": " +
                                          (parser_.errorMessage().empty() ? std::string("the connection closed early") : parser_.errorMessage())});
}

void AsyncHttpRequest::onSocketError() {
  if (!socket_ || !done_) return;
  if (!connected_) {
    return finish(util::Error{"HTTP_UNREACHABLE", "cannot reach " + urlText_ + ": " + socket_->errorString().toStdString()});
  }
  // After the request went out, the peer closing is the end of the answer (RemoteHostClosed);
  // anything else is judged by what arrived so far, as the blocking client does.
  onClosed();
}

void AsyncHttpRequest::onDeadline() {
  if (!done_) return;
  if (!connected_) {
    return finish(util::Error{"HTTP_UNREACHABLE", "cannot reach " + urlText_ + ": no connection within " +
                                                      std::to_string(options_.timeoutMs) + " ms"});
  }
  finish(util::Error{"HTTP_TIMEOUT", "no complete answer from " + urlText_ + " within " + std::to_string(options_.timeoutMs) + " ms"});
}

void AsyncHttpRequest::finish(util::Result<http::HttpResponse> result) {
  if (!done_) return;
  Done done = std::move(done_);
  done_ = nullptr;
  if (deadline_) deadline_->stop();
  dropSocket();
  // Last: `done` may destroy this object.
  done(std::move(result));
}

void AsyncHttpRequest::dropSocket() {
  if (!socket_) return;
  QTcpSocket* s = socket_;
  socket_ = nullptr;
  QObject::disconnect(s, nullptr, this, nullptr);
  s->abort();
  s->deleteLater();
}

}  // namespace lezpay::net
