// The event-driven HTTP client against real loopback servers: answers, a server that never
// answers (HTTP_TIMEOUT), an oversized and a malformed answer (HTTP_PROTOCOL), a closed port
// (HTTP_UNREACHABLE), a bad URL, and cancellation by cancel() and by destruction.
#include <QtTest>

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <list>
#include <optional>

#include "lezpay/net/async_http_client.h"
#include "lezpay/net/http_server.h"

using namespace lezpay;

namespace {

using Outcome = std::optional<util::Result<http::HttpResponse>>;

// A raw TCP server that answers every connection with `answer` once the request head arrived
// (never, when `answer` is empty), then closes when `close` is set.
class RawServer {
 public:
  RawServer(QByteArray answer, bool close) {
    QObject::connect(&server_, &QTcpServer::newConnection, [this, answer, close]() {
      while (QTcpSocket* s = server_.nextPendingConnection()) {
        QObject::connect(s, &QTcpSocket::readyRead, s, [s, answer, close]() {
          if (!s->readAll().isEmpty() && !answer.isEmpty()) {
            s->write(answer);
            if (close) s->disconnectFromHost();
          }
        });
      }
    });
    server_.listen(QHostAddress::LocalHost);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.serverPort()) + "/x"; }

 private:
  QTcpServer server_;
};

std::unique_ptr<net::AsyncHttpRequest> get(const std::string& url, Outcome* out, int timeoutMs = 3000, std::size_t maxBytes = 1 << 20) {
  net::HttpClientOptions o;
  o.timeoutMs = timeoutMs;
  o.maxResponseBytes = maxBytes;
  return net::AsyncHttpRequest::start("GET", url, {{"x-test", "1"}}, "", o, [out](util::Result<http::HttpResponse> r) { *out = std::move(r); });
}

}  // namespace

class TstAsyncHttpClient : public QObject {
  Q_OBJECT
 private slots:
  void answersOnTheCallingThreadsLoop() {
    net::HttpServer server({}, [](const http::HttpRequest& req, net::Responder respond) {
      http::HttpResponse r{200, {}, "hello"};
      r.setHeader("x-echo", req.header("x-test").value_or(""));
      QTimer::singleShot(50, [respond, r] { respond(r); });
    });
    QVERIFY(server.listen().ok());
    Outcome out;
    auto req = get("http://127.0.0.1:" + std::to_string(server.port()) + "/a", &out);
    QVERIFY(!out);  // never inside start()
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 5000);
    QVERIFY2(out->ok(), out->ok() ? "" : out->error().message.c_str());
    QCOMPARE(out->value().status, 200);
    QCOMPARE(QString::fromStdString(out->value().body), QStringLiteral("hello"));
    QCOMPARE(QString::fromStdString(*out->value().header("x-echo")), QStringLiteral("1"));
    QVERIFY(req->finished());
  }
  void bodyUntilCloseCompletes() {
    RawServer raw("HTTP/1.1 200 OK\r\n\r\nuntil close", true);
    Outcome out;
    auto req = get(raw.url(), &out);
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 5000);
    QVERIFY2(out->ok(), out->ok() ? "" : out->error().message.c_str());
    QCOMPARE(QString::fromStdString(out->value().body), QStringLiteral("until close"));
  }
  void silentServerTimesOut() {
    RawServer raw("", false);
    Outcome out;
    QElapsedTimer t;
    t.start();
    auto req = get(raw.url(), &out, 300);
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 5000);
    QVERIFY(!out->ok());
    QCOMPARE(QString::fromStdString(out->error().code), QStringLiteral("HTTP_TIMEOUT"));
    QVERIFY(t.elapsed() >= 250 && t.elapsed() < 3000);
  }
  void oversizedAnswerIsAProtocolError() {
    RawServer raw("HTTP/1.1 200 OK\r\ncontent-length: 5000\r\n\r\n" + QByteArray(5000, 'a'), true);
    Outcome out;
    auto req = get(raw.url(), &out, 3000, 1000);
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 5000);
    QVERIFY(!out->ok());
    QCOMPARE(QString::fromStdString(out->error().code), QStringLiteral("HTTP_PROTOCOL"));
  }
  void malformedAnswerIsAProtocolError() {
    RawServer raw("NOT HTTP AT ALL\r\n\r\n", true);
    Outcome out;
    auto req = get(raw.url(), &out);
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 5000);
    QVERIFY(!out->ok());
    QCOMPARE(QString::fromStdString(out->error().code), QStringLiteral("HTTP_PROTOCOL"));
  }
  void truncatedAnswerIsAProtocolError() {
    RawServer raw("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort", true);
    Outcome out;
    auto req = get(raw.url(), &out);
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 5000);
    QVERIFY(!out->ok());
    QCOMPARE(QString::fromStdString(out->error().code), QStringLiteral("HTTP_PROTOCOL"));
  }
  void closedPortIsUnreachable() {
    quint16 port = 0;
    {
      QTcpServer probe;
      QVERIFY(probe.listen(QHostAddress::LocalHost));
      port = probe.serverPort();
    }
    Outcome out;
    auto req = get("http://127.0.0.1:" + std::to_string(port) + "/", &out);
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 5000);
    QVERIFY(!out->ok());
    QCOMPARE(QString::fromStdString(out->error().code), QStringLiteral("HTTP_UNREACHABLE"));
  }
  void badUrlIsReportedLater() {
    Outcome out;
    auto req = get("ftp://example/", &out);
    QVERIFY(!out);
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 5000);
    QCOMPARE(QString::fromStdString(out->error().code), QStringLiteral("BAD_URL"));
  }
  void cancelAndDestructionNeverCallBack() {
    int calls = 0;
    bool serverSawRequest = false;
    net::HttpServer server({}, [&](const http::HttpRequest&, net::Responder respond) {
      serverSawRequest = true;
      QTimer::singleShot(200, [respond] { respond({200, {}, "late"}); });
    });
    QVERIFY(server.listen().ok());
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/slow";
    const auto count = [&calls](util::Result<http::HttpResponse>) { ++calls; };
    auto a = net::AsyncHttpRequest::start("GET", url, {}, "", {}, count);
    auto b = net::AsyncHttpRequest::start("GET", url, {}, "", {}, count);
    QTRY_VERIFY_WITH_TIMEOUT(serverSawRequest, 5000);
    a->cancel();
    a->cancel();
    b.reset();
    auto bad = net::AsyncHttpRequest::start("GET", "nope", {}, "", {}, count);
    bad->cancel();
    QTest::qWait(500);
    QCOMPARE(calls, 0);
    QVERIFY(a->finished());
  }
  void doneMayDestroyTheRequest() {
    RawServer raw("HTTP/1.1 204 No Content\r\n\r\n", false);
    std::unique_ptr<net::AsyncHttpRequest> req;
    int status = 0;
    req = net::AsyncHttpRequest::start("GET", raw.url(), {}, "", {}, [&](util::Result<http::HttpResponse> r) {
      status = r.ok() ? r->status : -1;
      req.reset();
    });
    QTRY_VERIFY_WITH_TIMEOUT(status != 0, 5000);
    QCOMPARE(status, 204);
    QVERIFY(!req);
    QTest::qWait(50);  // the socket's deferred deletion runs without a callback
  }
};

QTEST_MAIN(TstAsyncHttpClient)
#include "tst_async_http_client.moc"
