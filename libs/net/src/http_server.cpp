#include "lezpay/net/http_server.h"

#include <QPointer>
#include <QTcpSocket>

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <vector>

namespace lezpay::net {
namespace {

// One turn of work (requests handled back to back before the event loop runs timers and other
// sockets again). A single handler may exceed it; the turn then ends after that handler.
constexpr qint64 kTurnMs = 5;
// Bytes taken from a socket at a time, and the most Qt buffers per socket before it stops
// reading from the kernel (so an unread client is held back by TCP, not by our memory).
constexpr qint64 kReadChunk = 16 * 1024;
constexpr qint64 kReadBuffer = 64 * 1024;
// A closing connection whose client takes none of our last bytes for this long is aborted.
constexpr std::int64_t kLingerMs = 2000;
constexpr int kSweepMs = 250;

}  // namespace

struct HttpServer::Connection {
  Connection(QTcpSocket* s, const http::ParseLimits& limits, ConnectionLimits cl, std::int64_t now, std::string peer, bool isLoopback)
      : socket(s), parser(limits), clock(cl, now), address(std::move(peer)), loopback(isLoopback) {}

  struct Slot {
    bool ready = false;
    bool keepAlive = true;
    bool streaming = false;  // bytes come in parts until `ended`
    bool ended = false;
    std::string bytes;
  };

  QTcpSocket* socket;
  http::RequestParser parser;
  ConnectionClock clock;
  std::string address;
  bool loopback;
  std::deque<std::shared_ptr<Slot>> pending;  // answers owed, in request order, not yet on the socket
  bool draining = false;  // no more requests are read (parse error or Connection: close)
  bool closing = false;
  bool queued = false;    // in the ready list
  std::int64_t closingSince = 0;
  std::weak_ptr<ResponseStream> stream;  // the streamed answer being written, if any

  bool handlerRunning() const {
    for (const auto& s : pending) {
      if (!s->ready) return true;
    }
    return false;
  }
};

bool ResponseStream::write(std::string_view bytes) { return open_ && write_ && write_(bytes); }

void ResponseStream::abort() {
  if (!open_) return;
  open_ = false;
  if (abort_) abort_();
}

void ResponseStream::end() {
  if (!open_) return;
  open_ = false;
  if (end_) end_();
}

HttpServer::HttpServer(HttpServerOptions options, Handler handler, QObject* parent)
    : HttpServer(std::move(options),
                 StreamingHandler([h = std::move(handler)](const http::HttpRequest& req, Responder respond, StreamOpener) {
                   h(req, std::move(respond));
                 }),
                 parent) {}

HttpServer::HttpServer(HttpServerOptions options, StreamingHandler handler, QObject* parent)
    : QObject(parent), options_(std::move(options)), handler_(std::move(handler)) {
  clock_.start();
  sweeper_.setInterval(kSweepMs);
  connect(&server_, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
  connect(&sweeper_, &QTimer::timeout, this, &HttpServer::sweep);
}

HttpServer::~HttpServer() {
  close();
  // The sockets die with server_ (their parent); they must not call back into a dying server.
  for (auto& [socket, c] : connections_) QObject::disconnect(socket, nullptr, this, nullptr);
  connections_.clear();
  ready_.clear();
}

util::Status HttpServer::listen() {
  // The kernel queue matches the connection cap, so a burst of connects up to the cap waits to
  // be accepted instead of being reset (Qt's default backlog is 50).
  server_.setListenBacklogSize(options_.maxConnections);
  server_.setMaxPendingConnections(options_.maxConnections);
  if (!server_.listen(options_.address, options_.port)) {
    return util::Error{"LISTEN_FAILED", "cannot listen on " + options_.address.toString().toStdString() + ":" +
                                            std::to_string(options_.port) + ": " + server_.errorString().toStdString()};
  }
  return util::okStatus();
}

void HttpServer::close() { server_.close(); }

http::HttpResponse HttpServer::selfAnswer(int status, std::string sentence) const {
  http::HttpResponse r = options_.selfAnswerShape ? options_.selfAnswerShape(status, sentence)
                                                  : http::HttpResponse{status, {{"content-type", "text/plain; charset=utf-8"}}, std::move(sentence) + "\n"};
  for (const auto& [k, v] : options_.selfAnswerHeaders) r.setHeader(k, v);
  if (status == 503) r.setHeader("retry-after", std::to_string(options_.retryAfterSeconds));
  return r;
}

std::size_t HttpServer::unreadOutput(const Connection& c) const {
  std::size_t n = static_cast<std::size_t>(c.socket->bytesToWrite());
  for (const auto& s : c.pending) n += s->bytes.size();
  return n;
}

void HttpServer::onNewConnection() {
  while (QTcpSocket* socket = server_.nextPendingConnection()) {
    const QHostAddress peer = socket->peerAddress();
    const std::string address = peer.toString().toStdString();
    const bool loopback = peer.isLoopback();
    std::vector<AdmissionCandidate> candidates;
    std::vector<std::shared_ptr<Connection>> open;
    for (const auto& [s, c] : connections_) {
      if (c->closing) continue;
      candidates.push_back({c->address, c->loopback, c->handlerRunning(), c->clock.lastProgressMs()});
      open.push_back(c);
    }
    const Admission admission = pickAdmission(candidates, address, loopback, static_cast<std::size_t>(options_.maxConnections),
                                              static_cast<std::size_t>(options_.maxConnectionsPerAddress));
    if (admission.kind == Admission::Kind::Refuse) {
      std::string bytes = http::serialize(
          selfAnswer(503, "the server is at its limit of " + std::to_string(options_.maxConnections) + " connections, all busy; retry shortly"),
          false);
      socket->write(bytes.data(), static_cast<qint64>(bytes.size()));
      connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
      QTimer::singleShot(static_cast<int>(kLingerMs), socket, [socket] { socket->abort(); });
      socket->disconnectFromHost();
      continue;
    }
    if (admission.kind == Admission::Kind::Evict) {
      auto victim = open[admission.victim];
      const bool unread = victim->socket->bytesToWrite() > 0;
      if (victim->clock.requestInProgress() && victim->pending.empty() && !unread) {
        const auto answer = selfAnswer(503, "the server needed this connection for another client; the request did not arrive in time");
        closeConnection(victim, &answer);
      } else {
        closeConnection(victim, nullptr);
      }
    }
    socket->setReadBufferSize(kReadBuffer);
    // Each answer leaves in one write; Nagle would hold the next one (a pipelined answer, a
    // stream's chunk) until the client's delayed ACK of the previous, up to 40 ms on Linux.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto c = std::make_shared<Connection>(socket, options_.limits, options_.connection, now(), address, loopback);
    connections_[socket] = c;
    ++open_;
    std::weak_ptr<Connection> weak = c;
    connect(socket, &QTcpSocket::readyRead, this, [this, weak] {
      if (auto c = weak.lock()) schedule(c);
    });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, weak](qint64) {
      auto c = weak.lock();
      if (!c) return;
      c->clock.onBytesWritten(now(), static_cast<std::size_t>(c->socket->bytesToWrite()));
      if (c->closing) c->closingSince = now();  // a slow reader of a last answer is not cut off
      if (auto s = c->stream.lock(); s && s->onDrained_ && !c->closing && unreadOutput(*c) <= options_.maxStreamBufferBytes / 2) {
        // Queued: the writer it wakes writes again, which must not happen inside this signal.
        std::weak_ptr<ResponseStream> ws = s;
        QMetaObject::invokeMethod(
            this,
            [ws] {
              auto st = ws.lock();
              if (st && st->open_ && st->onDrained_) st->onDrained_();
            },
            Qt::QueuedConnection);
      }
      schedule(c);  // reading may resume now that the client drained answers
    });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { forget(socket); });
    if (!sweeper_.isActive()) sweeper_.start();
    if (socket->bytesAvailable() > 0) schedule(c);
  }
}

void HttpServer::schedule(const std::shared_ptr<Connection>& c) {
  if (c->closing || c->draining) return;
  if (!c->queued) {
    c->queued = true;
    ready_.push_back(c);
  }
  if (!turnPosted_) {
    turnPosted_ = true;
    QMetaObject::invokeMethod(this, &HttpServer::runTurn, Qt::QueuedConnection);
  }
}

void HttpServer::runTurn() {
  turnPosted_ = false;
  QElapsedTimer turn;
  turn.start();
  while (!ready_.empty() && turn.elapsed() < kTurnMs) {
    auto c = ready_.front().lock();
    ready_.pop_front();
    if (!c) continue;
    c->queued = false;
    if (serveOne(c)) schedule(c);  // back of the line: one request per connection per round
  }
  if (!ready_.empty() && !turnPosted_) {
    turnPosted_ = true;
    QMetaObject::invokeMethod(this, &HttpServer::runTurn, Qt::QueuedConnection);
  }
}

bool HttpServer::serveOne(const std::shared_ptr<Connection>& c) {
  using State = http::RequestParser::State;
  if (c->closing || c->draining) return false;
  // Unread answers or too many requests in flight: stop here; bytesWritten or the last
  // answer of a handler schedules this connection again.
  if (!c->clock.mayRead(unreadOutput(*c), c->pending.size())) return false;
  while (c->parser.state() == State::NeedMore) {
    if (c->socket->bytesAvailable() <= 0) return false;  // readyRead schedules it again
    QByteArray data = c->socket->read(kReadChunk);
    if (data.isEmpty()) return false;
    c->clock.onBytesReceived(now());
    c->parser.feed(std::string_view(data.constData(), static_cast<std::size_t>(data.size())));
  }
  if (c->parser.state() == State::Error) {
    auto slot = std::make_shared<Connection::Slot>();
    slot->keepAlive = false;
    slot->bytes = http::serialize(selfAnswer(c->parser.errorStatus(), c->parser.errorMessage()), false);
    slot->ready = true;
    c->pending.push_back(slot);
    c->draining = true;
    flush(c);
    return false;
  }
  http::HttpRequest req = c->parser.take();
  req.remoteAddress = c->address;
  c->clock.onRequestTaken(now(), c->parser.hasBufferedBytes());
  auto slot = std::make_shared<Connection::Slot>();
  slot->keepAlive = req.keepAlive();
  if (!slot->keepAlive) c->draining = true;
  c->pending.push_back(slot);
  std::weak_ptr<Connection> weak = c;
  QPointer<HttpServer> self(this);
  auto once = std::make_shared<bool>(false);
  Responder respond = [self, weak, slot, once](http::HttpResponse resp) {
    if (*once) return;
    *once = true;
    slot->bytes = http::serialize(resp, slot->keepAlive);
    slot->ready = true;
    auto conn = weak.lock();
    if (self && conn && !conn->closing) self->flush(conn);
  };
  StreamOpener open = [self, weak, slot, once](http::HttpResponse head) -> std::shared_ptr<ResponseStream> {
    auto stream = std::make_shared<ResponseStream>();
    auto conn = weak.lock();
    if (*once || !self || !conn || conn->closing) {
      stream->open_ = false;
      return stream;
    }
    *once = true;
    // A stream ends the connection: what follows it on the wire is never read.
    slot->keepAlive = false;
    slot->streaming = true;
    conn->draining = true;
    head.headers.erase(std::remove_if(head.headers.begin(), head.headers.end(),
                                      [](const auto& h) { return h.first == "transfer-encoding"; }),
                       head.headers.end());
    head.body.clear();
    std::string bytes = http::serialize(head, false);
    const auto cl = bytes.find("content-length: 0\r\n");
    if (cl != std::string::npos) bytes.replace(cl, 19, "transfer-encoding: chunked\r\n");
    slot->bytes = std::move(bytes);
    slot->ready = true;
    conn->stream = stream;
    std::weak_ptr<ResponseStream> weakStream = stream;
    stream->write_ = [self, weak, slot](std::string_view part) {
      auto c = weak.lock();
      if (!self || !c || c->closing) return false;
      if (part.empty()) return true;
      char size[20];
      const int n = std::snprintf(size, sizeof size, "%zx\r\n", part.size());
      slot->bytes.append(size, static_cast<std::size_t>(n));
      slot->bytes.append(part);
      slot->bytes.append("\r\n");
      self->flush(c);
      if (!c->closing && self->unreadOutput(*c) > self->options_.maxStreamBufferBytes) {
        // The client reads slower than the stream writes: drop it rather than buffer without end.
        self->closeConnection(c, nullptr);
        c->socket->abort();
        return false;
      }
      return !c->closing;
    };
    stream->unsent_ = [self, weak]() -> std::size_t {
      auto c = weak.lock();
      return self && c && !c->closing ? self->unreadOutput(*c) : 0;
    };
    stream->abort_ = [self, weak] {
      auto c = weak.lock();
      if (!self || !c || c->closing) return;
      c->stream.reset();
      self->closeConnection(c, nullptr);  // the bytes written so far still go out, then FIN
    };
    stream->end_ = [self, weak, slot] {
      auto c = weak.lock();
      if (!self || !c || c->closing) return;
      slot->bytes.append("0\r\n\r\n");
      slot->ended = true;
      c->stream.reset();
      self->flush(c);
    };
    self->flush(conn);
    return stream;
  };
  handler_(req, std::move(respond), std::move(open));
  return !c->closing && !c->draining;
}

void HttpServer::flush(const std::shared_ptr<Connection>& c) {
  bool wrote = false;
  while (!c->pending.empty() && c->pending.front()->ready) {
    auto slot = c->pending.front();
    if (!slot->bytes.empty()) {
      writeAnswer(*c, slot->bytes);
      slot->bytes.clear();
      wrote = true;
    }
    if (slot->streaming && !slot->ended) return;  // more parts come through the stream
    c->pending.pop_front();
    if (!slot->keepAlive) {
      closeConnection(c, nullptr);
      return;
    }
  }
  if (wrote) schedule(c);  // pipelined requests may be waiting for this slot to free
}

void HttpServer::writeAnswer(Connection& c, std::string_view bytes) {
  std::size_t sent = 0;
#ifdef MSG_NOSIGNAL
  // Straight to the kernel when Qt holds nothing older for this socket (order is kept): a
  // buffered QTcpSocket write goes out only after a write notifier is armed, polled, fired and
  // disarmed again, which on a busy loop costs more than the answer and delays every answer of
  // the turn to its end. Whatever the kernel does not take now is left to Qt, after these bytes.
  if (c.socket->bytesToWrite() == 0 && c.socket->state() == QAbstractSocket::ConnectedState) {
    const auto fd = static_cast<int>(c.socket->socketDescriptor());
    while (fd >= 0 && sent < bytes.size()) {
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        break;  // full (EAGAIN) or failed: Qt's own write below meets the same state and reports it
      }
    }
    if (sent > 0) c.clock.onBytesWritten(now(), bytes.size() - sent);
  }
#endif
  if (sent < bytes.size()) c.socket->write(bytes.data() + sent, static_cast<qint64>(bytes.size() - sent));
  c.clock.onAnswerQueued(now(), static_cast<std::size_t>(c.socket->bytesToWrite()));
}

void HttpServer::closeConnection(const std::shared_ptr<Connection>& c, const http::HttpResponse* lastWord) {
  if (c->closing) return;
  c->closing = true;
  c->closingSince = now();
  --open_;
  c->pending.clear();
  closeStream(c);
  if (lastWord) {
    std::string bytes = http::serialize(*lastWord, false);
    c->socket->write(bytes.data(), static_cast<qint64>(bytes.size()));
  }
  c->socket->disconnectFromHost();  // may emit disconnected (and forget) right here; `c` is held
}

void HttpServer::forget(QTcpSocket* socket) {
  auto it = connections_.find(socket);
  if (it == connections_.end()) return;
  if (!it->second->closing) {
    it->second->closing = true;
    --open_;
  }
  closeStream(it->second);
  connections_.erase(it);
  socket->deleteLater();
  if (connections_.empty()) sweeper_.stop();
}

void HttpServer::closeStream(const std::shared_ptr<Connection>& c) {
  auto stream = c->stream.lock();
  c->stream.reset();
  if (!stream || !stream->open_) return;
  stream->open_ = false;
  // Told later, so an owner that writes from inside its own callbacks never re-enters here.
  QMetaObject::invokeMethod(
      this,
      [stream] {
        auto f = std::move(stream->onClosed_);
        stream->onClosed_ = nullptr;
        if (f) f();
      },
      Qt::QueuedConnection);
}

void HttpServer::sweep() {
  const std::int64_t t = now();
  std::vector<std::shared_ptr<Connection>> all;
  all.reserve(connections_.size());
  for (const auto& [s, c] : connections_) all.push_back(c);
  for (const auto& c : all) {
    if (c->closing) {
      if (t - c->closingSince >= kLingerMs) c->socket->abort();
      continue;
    }
    const auto unwritten = static_cast<std::size_t>(c->socket->bytesToWrite());
    switch (c->clock.due(t, c->pending.size(), unwritten)) {
      case ConnectionAction::None:
        break;
      case ConnectionAction::Answer408AndClose: {
        const auto answer = selfAnswer(408, "the request did not arrive within " + std::to_string(options_.connection.requestTimeoutMs) + " ms");
        closeConnection(c, &answer);
        break;
      }
      case ConnectionAction::Close:
        closeConnection(c, nullptr);
        if (unwritten > 0) c->socket->abort();  // the client reads nothing: do not wait for it
        break;
    }
  }
}

}  // namespace lezpay::net
