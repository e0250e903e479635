#include "lezpay/net/http_server.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <deque>

namespace lezpay::net {
namespace {

// Per-connection state: a parser, and the queue of responses owed in request order.
struct Connection {
  explicit Connection(const http::ParseLimits& limits) : parser(limits) {}
  http::RequestParser parser;
  struct Slot {
    bool ready = false;
    bool keepAlive = true;
    std::string bytes;
  };
  std::deque<std::shared_ptr<Slot>> pending;
  bool closing = false;
};

void flush(QTcpSocket* socket, Connection& c) {
  while (!c.pending.empty() && c.pending.front()->ready) {
    auto slot = c.pending.front();
    c.pending.pop_front();
    socket->write(slot->bytes.data(), static_cast<qint64>(slot->bytes.size()));
    if (!slot->keepAlive) {
      c.closing = true;
      c.pending.clear();
      socket->disconnectFromHost();
      return;
    }
  }
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, Handler handler, QObject* parent)
    : QObject(parent), options_(std::move(options)), handler_(std::move(handler)) {
  connect(&server_, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
}

HttpServer::~HttpServer() { close(); }

util::Status HttpServer::listen() {
  if (!server_.listen(options_.address, options_.port)) {
    return util::Error{"LISTEN_FAILED", "cannot listen on " + options_.address.toString().toStdString() + ":" +
                                            std::to_string(options_.port) + ": " + server_.errorString().toStdString()};
  }
  return util::okStatus();
}

void HttpServer::close() { server_.close(); }

void HttpServer::onNewConnection() {
  while (QTcpSocket* socket = server_.nextPendingConnection()) {
    if (connections_ >= options_.maxConnections) {
      http::HttpResponse busy{503, {{"content-type", "text/plain"}}, "too many connections\n"};
      std::string bytes = http::serialize(busy, false);
      socket->write(bytes.data(), static_cast<qint64>(bytes.size()));
      socket->disconnectFromHost();
      connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
      continue;
    }
    ++connections_;
    auto conn = std::make_shared<Connection>(options_.limits);
    auto* idle = new QTimer(socket);
    idle->setSingleShot(true);
    idle->setInterval(options_.idleTimeoutMs);
    connect(idle, &QTimer::timeout, socket, [socket] { socket->abort(); });
    idle->start();
    QPointer<QTcpSocket> guard(socket);
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
      --connections_;
      socket->deleteLater();
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, conn, idle, guard] {
      idle->start();
      QByteArray data = socket->readAll();
      if (conn->closing) return;
      auto state = conn->parser.feed(std::string_view(data.constData(), static_cast<std::size_t>(data.size())));
      while (state == http::RequestParser::State::Complete) {
        http::HttpRequest req = conn->parser.take();
        auto slot = std::make_shared<Connection::Slot>();
        slot->keepAlive = req.keepAlive();
        conn->pending.push_back(slot);
        auto once = std::make_shared<bool>(false);
        Responder respond = [guard, conn, slot, once](http::HttpResponse resp) {
          if (*once) return;
          *once = true;
          slot->bytes = http::serialize(resp, slot->keepAlive);
          slot->ready = true;
          if (guard) flush(guard, *conn);
        };
        handler_(req, respond);
        if (!guard || conn->closing) return;
        state = conn->parser.state();
      }
      if (state == http::RequestParser::State::Error) {
        auto slot = std::make_shared<Connection::Slot>();
        slot->keepAlive = false;
        http::HttpResponse err{conn->parser.errorStatus(), {{"content-type", "text/plain; charset=utf-8"}},
                               conn->parser.errorMessage() + "\n"};
        slot->bytes = http::serialize(err, false);
        slot->ready = true;
        conn->pending.push_back(slot);
        flush(socket, *conn);
      }
    });
  }
}

}  // namespace lezpay::net
