#pragma once
// Event-driven HTTP/1.1 client (one request per connection) for module handlers that must not
// block their thread. It runs on the event loop of the thread that creates it (a module's own
// loop; it never spins one), reports once through `done`, and the same URLs, TLS, limits and
// error codes as httpRequest (http_client.h): HTTP_UNREACHABLE (connect or TLS handshake failed
// or timed out), HTTP_TIMEOUT (no complete answer by the deadline), HTTP_PROTOCOL (malformed or
// oversized answer), BAD_URL.
//
// Cancellation: destroying the object or calling cancel() aborts the exchange; `done` never runs
// afterwards. `done` never runs inside start(): even a BAD_URL is reported from the event loop,
// so the caller holds the handle before any callback. `done` may destroy the object.

#include <QObject>

#include <functional>
#include <memory>
#include <string>

#include "lezpay/http/http_message.h"
#include "lezpay/http/response_parser.h"
#include "lezpay/http/url.h"
#include "lezpay/net/http_client.h"
#include "lezpay/util/result.h"

class QTcpSocket;
class QTimer;

namespace lezpay::net {

class AsyncHttpRequest : public QObject {
 public:
  using Done = std::function<void(util::Result<http::HttpResponse>)>;

  // Starts the exchange at once; the whole exchange (connect, send, answer) is bounded by
  // options.timeoutMs.
  static std::unique_ptr<AsyncHttpRequest> start(const std::string& method, const std::string& url, const http::Headers& headers,
                                                 const std::string& body, const HttpClientOptions& options, Done done);
  ~AsyncHttpRequest() override;

  // Aborts the exchange; `done` is not called. Idempotent.
  void cancel();
  bool finished() const { return !done_; }

 private:
  AsyncHttpRequest(std::string urlText, HttpClientOptions options, Done done);
  void begin(const std::string& method, const http::Headers& headers, const std::string& body);
  void onConnected();
  void onReadable();
  void onClosed();
  void onSocketError();
  void onDeadline();
  void finish(util::Result<http::HttpResponse> result);
  void dropSocket();

  std::string urlText_;
  HttpClientOptions options_;
  Done done_;
  http::Url url_;
  std::string request_;
  http::ResponseParser parser_;
  QTcpSocket* socket_ = nullptr;  // owned; released with deleteLater (it may be emitting)
  QTimer* deadline_ = nullptr;    // child
  bool connected_ = false;
};

}  // namespace lezpay::net
