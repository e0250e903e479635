#pragma once
// HTTP/1.1 server on QTcpServer around the strict parser of libs/http. Listens on 127.0.0.1
// unless told otherwise. Handlers are asynchronous: they receive a Responder that may be
// called later (after a settlement, a chain read, ...) exactly once; requests on one
// connection are answered in order. Malformed or oversized requests get their 4xx/5xx answer
// and the connection is closed; the server keeps serving everyone else.

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include <functional>
#include <memory>

#include "lezpay/http/http_message.h"
#include "lezpay/http/request_parser.h"
#include "lezpay/util/result.h"

namespace lezpay::net {

using Responder = std::function<void(http::HttpResponse)>;
using Handler = std::function<void(const http::HttpRequest&, Responder)>;

struct HttpServerOptions {
  QHostAddress address = QHostAddress::LocalHost;
  quint16 port = 0;  // 0 = any free port (see port())
  http::ParseLimits limits;
  int idleTimeoutMs = 30000;  // a connection idle this long is closed
  int maxConnections = 256;
};

class HttpServer : public QObject {
  Q_OBJECT
 public:
  HttpServer(HttpServerOptions options, Handler handler, QObject* parent = nullptr);
  ~HttpServer() override;

  // Error code LISTEN_FAILED with the address and the reason.
  util::Status listen();
  void close();
  quint16 port() const { return server_.serverPort(); }

 private:
  void onNewConnection();

  HttpServerOptions options_;
  Handler handler_;
  QTcpServer server_;
  int connections_ = 0;
};

}  // namespace lezpay::net
