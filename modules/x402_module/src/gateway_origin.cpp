#include "gateway_origin.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace x402mod {

namespace {

// Bytes taken from the origin's socket at a time; also the most Qt buffers for it, so a paused
// exchange holds the origin back through TCP rather than in our memory.
constexpr qint64 kReadChunk = 64 * 1024;

}  // namespace

std::unique_ptr<OriginExchange> OriginExchange::start(const lezpay::http::Url& origin, const std::string& method, const std::string& target,
                                                      const lezpay::http::Headers& headers, const std::string& body, int timeoutMs,
                                                      Events events) {
  std::unique_ptr<OriginExchange> x(new OriginExchange(timeoutMs, std::move(events)));
  lezpay::http::Headers all = headers;
  all.emplace_back("connection", "close");
  x->request_ = lezpay::http::serializeRequest(method, target, origin.hostHeader(), all, body);
  if (method == "HEAD") x->parser_.expectNoBody();
  OriginExchange* self = x.get();
  x->silence_ = new QTimer(self);
  x->silence_->setSingleShot(true);
  QObject::connect(x->silence_, &QTimer::timeout, self, [self]() {
    self->fail(self->connected_ ? "origin_timeout" : "origin_unreachable",
               self->connected_ ? "the origin did not answer within " + std::to_string(self->timeoutMs_) + " ms"
                                : "the origin accepted no connection within " + std::to_string(self->timeoutMs_) + " ms");
  });
  x->silence_->start(std::max(1, timeoutMs));
  if (origin.tls) {
    if (!QSslSocket::supportsSsl()) {
      QTimer::singleShot(0, self, [self]() { self->fail("origin_unreachable", "TLS is not available to reach the origin"); });
      return x;
    }
    auto* ssl = new QSslSocket();
    x->socket_ = ssl;
    QObject::connect(ssl, &QSslSocket::encrypted, self, [self]() { self->onConnected(); });
  } else {
    x->socket_ = new QTcpSocket();
    QObject::connect(x->socket_, &QTcpSocket::connected, self, [self]() { self->onConnected(); });
  }
  x->socket_->setReadBufferSize(kReadChunk);
  QObject::connect(x->socket_, &QTcpSocket::readyRead, self, [self]() { self->onReadable(); });
  QObject::connect(x->socket_, &QTcpSocket::disconnected, self, [self]() { self->onClosed(); });
  QObject::connect(x->socket_, &QTcpSocket::errorOccurred, self, [self](QAbstractSocket::SocketError e) {
    if (!self->connected_) return self->fail("origin_unreachable", "the origin refused or dropped the connection");
    if (e == QAbstractSocket::RemoteHostClosedError) return self->onClosed();
    self->fail("origin_reset", "the connection to the origin was reset before its answer was complete");
  });
  if (origin.tls) {
    static_cast<QSslSocket*>(x->socket_)->connectToHostEncrypted(QString::fromStdString(origin.host), origin.port);
  } else {
    x->socket_->connectToHost(QString::fromStdString(origin.host), origin.port);
  }
  return x;
}

OriginExchange::OriginExchange(int timeoutMs, Events events) : timeoutMs_(timeoutMs), events_(std::move(events)) {}

OriginExchange::~OriginExchange() {
  finished_ = true;
  dropSocket();
}

void OriginExchange::pause() {
  if (finished_ || paused_) return;
  paused_ = true;
  silence_->stop();
}

void OriginExchange::resume() {
  if (finished_ || !paused_) return;
  paused_ = false;
  silence_->start(std::max(1, timeoutMs_));
  // Bytes that arrived while paused are waiting; readyRead will not repeat for them.
  QTimer::singleShot(0, this, [this]() { onReadable(); });
}

void OriginExchange::onConnected() {
  if (!socket_ || connected_ || finished_) return;
  connected_ = true;
  silence_->start(std::max(1, timeoutMs_));
  socket_->write(request_.data(), static_cast<qint64>(request_.size()));
  request_.clear();
  request_.shrink_to_fit();
}

void OriginExchange::onReadable() {
  std::weak_ptr<int> life = life_;
  while (!finished_ && !paused_ && socket_ && socket_->bytesAvailable() > 0) {
    QByteArray data = socket_->read(kReadChunk);
    if (data.isEmpty()) break;
    silence_->start(std::max(1, timeoutMs_));
    std::string part;
    const auto state = parser_.feed(std::string_view(data.constData(), static_cast<std::size_t>(data.size())), part);
    if (state == lezpay::http::ResponseStreamParser::State::Error) {
      return fail("origin_invalid_answer", "the origin's answer is malformed: " + parser_.errorMessage());
    }
    if (parser_.headReady() && !headSent_) {
      headSent_ = true;
      // A copy runs: the event may destroy this object, and the function with it.
      if (auto f = events_.head) f(lezpay::http::HttpResponse(parser_.head()));
      if (!life.lock() || finished_) return;
    }
    if (!part.empty()) {
      if (auto f = events_.body) f(std::move(part));
      if (!life.lock() || finished_) return;
    }
    if (state == lezpay::http::ResponseStreamParser::State::Complete) {
      finished_ = true;
      silence_->stop();
      dropSocket();
      auto end = std::move(events_.end);
      events_ = {};
      if (end) end();
      return;
    }
  }
  // The peer may have closed while we were paused; its end is judged once its bytes are read.
  if (!finished_ && !paused_ && socket_ && socket_->state() != QAbstractSocket::ConnectedState && socket_->bytesAvailable() == 0) onClosed();
}

void OriginExchange::onClosed() {
  if (finished_ || !socket_) return;
  if (!connected_) return fail("origin_unreachable", "the origin refused or dropped the connection");
  if (paused_ || socket_->bytesAvailable() > 0) {
    if (!paused_) onReadable();
    return;  // judged when the remaining bytes are read (resume)
  }
  const auto state = parser_.finishAtEof();
  if (state == lezpay::http::ResponseStreamParser::State::Complete) {
    std::weak_ptr<int> life = life_;
    if (parser_.headReady() && !headSent_) {
      headSent_ = true;
      if (auto f = events_.head) f(lezpay::http::HttpResponse(parser_.head()));
      if (!life.lock() || finished_) return;
    }
    finished_ = true;
    silence_->stop();
    dropSocket();
    auto end = std::move(events_.end);
    events_ = {};
    if (end) end();
    return;
  }
  fail("origin_reset", "the origin closed the connection before its answer was complete");
}

void OriginExchange::fail(const char* code, std::string message) {
  if (finished_) return;
  finished_ = true;
  if (silence_) silence_->stop();
  dropSocket();
  auto failed = std::move(events_.failed);
  events_ = {};
  if (failed) failed(lezpay::util::Error{code, std::move(message)});
}

void OriginExchange::dropSocket() {
  if (!socket_) return;
  QTcpSocket* s = socket_;
  socket_ = nullptr;
  QObject::disconnect(s, nullptr, this, nullptr);
  s->abort();
  s->deleteLater();
}

}  // namespace x402mod
