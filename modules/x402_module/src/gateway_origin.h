#pragma once
// One request of the x402 gateway to its origin, with the answer handed out as it arrives
// (head first, then body parts), on the event loop of the creating thread (the module's; it
// never spins one). One request per connection (`connection: close`).
//
// Flow control: pause() stops reading the origin's socket (TCP holds the origin back) and stops
// the silence timer; resume() reads again. The silence timer bounds the time to connect and
// every wait for the origin's next bytes by timeoutMs while not paused.
//
// Events run at most once each, in order head → body* → end, or failed instead at any point
// before end; nothing runs after failed or end, nor after the object is destroyed (destroying
// it aborts the exchange). An event may destroy the object. Error codes: origin_unreachable
// (connect or TLS failed), origin_timeout (silent for timeoutMs), origin_reset (the connection
// ended before a complete answer), origin_invalid_answer (malformed head or framing). The
// sentences never name the origin: they reach payers and logs.

#include <QObject>

#include <functional>
#include <memory>
#include <string>

#include "lezpay/http/http_message.h"
#include "lezpay/http/response_stream_parser.h"
#include "lezpay/http/url.h"
#include "lezpay/util/result.h"

class QTcpSocket;
class QTimer;

namespace x402mod {

class OriginExchange : public QObject {
 public:
  struct Events {
    std::function<void(const lezpay::http::HttpResponse& head)> head;
    std::function<void(std::string part)> body;
    std::function<void()> end;
    std::function<void(lezpay::util::Error)> failed;
  };

  // Connects to `origin` and sends the request (method, target, headers without Host and
  // Content-Length, body). Events run from the event loop, never inside start().
  static std::unique_ptr<OriginExchange> start(const lezpay::http::Url& origin, const std::string& method, const std::string& target,
                                               const lezpay::http::Headers& headers, const std::string& body, int timeoutMs, Events events);
  ~OriginExchange() override;

  void pause();
  void resume();

 private:
  OriginExchange(int timeoutMs, Events events);
  void onConnected();
  void onReadable();
  void onClosed();
  void fail(const char* code, std::string message);
  void dropSocket();

  int timeoutMs_;
  Events events_;
  std::string request_;
  lezpay::http::ResponseStreamParser parser_;
  QTcpSocket* socket_ = nullptr;
  QTimer* silence_ = nullptr;
  bool connected_ = false;
  bool paused_ = false;
  bool headSent_ = false;
  bool finished_ = false;
  std::shared_ptr<int> life_ = std::make_shared<int>(0);
};

}  // namespace x402mod
