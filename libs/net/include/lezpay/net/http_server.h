#pragma once
// HTTP/1.1 server on QTcpServer around the strict parser of libs/http. Listens on 127.0.0.1
// unless told otherwise. Handlers are asynchronous: they receive a Responder that may be
// called later (after a settlement, a chain read, ...) exactly once, on the server's thread;
// requests on one connection are answered in order. Malformed or oversized requests get their
// 4xx/5xx answer and the connection is closed; the server keeps serving everyone else.
//
// Hostile clients (connection_policy.h holds the rules): a request must arrive whole within a
// deadline that further bytes do not extend (408), a connection whose answers are unread stops
// being read, and at the connection cap the connection waiting on its client with the least
// progress is evicted for the new one (503 with Retry-After only when every connection waits on
// the server). Work is done in short turns, one request per ready connection per round, so a
// greedy client never holds the thread (and a timer sharing it) for more than a turn.
// Answers the server makes itself (408, 413, 431, 400, 503, ...) carry selfAnswerHeaders.
//
// Streaming: a StreamingHandler may answer with a ResponseStream instead (Server-Sent Events and
// other long answers): the head goes out at once with `transfer-encoding: chunked` and
// `connection: close`, each write() is one chunk on the wire, end() sends the last chunk and the
// connection closes once it is written. The per-connection bounds hold for a stream too: a
// client that reads slower than the stream writes is dropped as soon as more than
// maxStreamBufferBytes wait for it (the server's memory per stream stays bounded), and one that
// reads nothing for writeStallTimeoutMs is closed.

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "lezpay/http/http_message.h"
#include "lezpay/http/request_parser.h"
#include "lezpay/net/connection_policy.h"
#include "lezpay/util/result.h"

class QTcpSocket;

namespace lezpay::net {

using Responder = std::function<void(http::HttpResponse)>;
using Handler = std::function<void(const http::HttpRequest&, Responder)>;

class HttpServer;

// The body of one streamed answer, written in parts on the server's thread. Owned by whoever
// writes to it; the server holds it weakly, so a dropped stream costs nothing once let go.
class ResponseStream {
 public:
  // Queues `bytes` as one chunk (empty bytes are ignored). False once the stream is closed:
  // ended, the client went away, or it was dropped for reading too slowly.
  bool write(std::string_view bytes);
  // Ends the body; the connection closes after the last chunk is written. Idempotent.
  void end();
  bool isOpen() const { return open_; }
  // Runs once, later (never inside write), when the stream closes other than by end().
  void onClosed(std::function<void()> f) { onClosed_ = std::move(f); }
  // Flow control for a writer that relays another source (a proxy): the bytes written but not
  // yet taken by the client, and a callback that runs (later, never inside write) each time the
  // client took bytes and at most half of maxStreamBufferBytes still wait. A writer that stops at
  // half the bound and resumes from onDrained is never dropped for outpacing its client.
  std::size_t unsentBytes() const { return open_ && unsent_ ? unsent_() : 0; }
  void onDrained(std::function<void()> f) { onDrained_ = std::move(f); }
  // Closes the connection without the last chunk once the bytes written so far went out, so the
  // client sees the body cut short rather than complete (the source failed midway). onClosed does
  // not run. Idempotent.
  void abort();

 private:
  friend class HttpServer;
  std::function<bool(std::string_view)> write_;
  std::function<void()> end_;
  std::function<void()> onClosed_;
  std::function<std::size_t()> unsent_;
  std::function<void()> onDrained_;
  std::function<void()> abort_;
  bool open_ = true;
};

// Answers the request with a stream whose head is `head` (its body is ignored). Shares the
// Responder's exactly-once rule: whichever of the two is called first answers.
using StreamOpener = std::function<std::shared_ptr<ResponseStream>(http::HttpResponse head)>;
using StreamingHandler = std::function<void(const http::HttpRequest&, Responder, StreamOpener)>;

struct HttpServerOptions {
  QHostAddress address = QHostAddress::LocalHost;
  quint16 port = 0;  // 0 = any free port (see port())
  http::ParseLimits limits;
  ConnectionLimits connection;
  int maxConnections = 256;          // also the listen backlog
  int maxConnectionsPerAddress = 64; // non-loopback peers only (loopback shares maxConnections)
  int retryAfterSeconds = 1;         // Retry-After on 503 answers
  // Added to every answer the server makes itself rather than the handler: CORS headers a
  // browser needs to read a 503 or 408, for instance.
  http::Headers selfAnswerHeaders;
  // Most bytes a stream may have waiting for its client before it is dropped.
  std::size_t maxStreamBufferBytes = 256 * 1024;
  // Shapes the answers the server makes itself (status, sentence) when set: a server whose
  // clients expect a JSON error body with a stable code; selfAnswerHeaders are added after it.
  std::function<http::HttpResponse(int status, const std::string& sentence)> selfAnswerShape;
};

class HttpServer : public QObject {
  Q_OBJECT
 public:
  HttpServer(HttpServerOptions options, Handler handler, QObject* parent = nullptr);
  HttpServer(HttpServerOptions options, StreamingHandler handler, QObject* parent = nullptr);
  ~HttpServer() override;

  // Error code LISTEN_FAILED with the address and the reason.
  util::Status listen();
  void close();
  quint16 port() const { return server_.serverPort(); }
  // Open connections (not closing), for tests and diagnostics.
  int connectionCount() const { return open_; }

 private:
  struct Connection;
  void onNewConnection();
  void schedule(const std::shared_ptr<Connection>& c);
  void runTurn();
  bool serveOne(const std::shared_ptr<Connection>& c);
  void flush(const std::shared_ptr<Connection>& c);
  // Hands answer bytes to the client's socket, in order after anything still queued for it.
  void writeAnswer(Connection& c, std::string_view bytes);
  void sweep();
  void closeConnection(const std::shared_ptr<Connection>& c, const http::HttpResponse* lastWord);
  void forget(QTcpSocket* socket);
  // The stream of `c`, if one is open, is closed and its owner told (onClosed, queued).
  void closeStream(const std::shared_ptr<Connection>& c);
  http::HttpResponse selfAnswer(int status, std::string sentence) const;
  std::size_t unreadOutput(const Connection& c) const;
  std::int64_t now() const { return clock_.elapsed(); }

  HttpServerOptions options_;
  StreamingHandler handler_;
  QTcpServer server_;
  QTimer sweeper_;
  QElapsedTimer clock_;
  std::unordered_map<QTcpSocket*, std::shared_ptr<Connection>> connections_;
  std::deque<std::weak_ptr<Connection>> ready_;
  bool turnPosted_ = false;
  int open_ = 0;
};

}  // namespace lezpay::net
