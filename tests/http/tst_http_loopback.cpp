// The Qt HTTP server and the blocking client over real loopback TCP.
#include <QtTest>

#include <QTcpSocket>
#include <future>

#include "lezpay/net/http_client.h"
#include "lezpay/net/http_server.h"

using namespace lezpay;
using namespace std::chrono_literals;

class TstHttpLoopback : public QObject {
  Q_OBJECT
 private slots:
  void serverAndClientRoundTrip() {
    net::HttpServerOptions o;
    o.limits.maxBodyBytes = 1000;
    net::HttpServer server(o, [](const http::HttpRequest& req, net::Responder respond) {
      http::HttpResponse r;
      r.status = req.path == "/later" ? 202 : 200;
      r.setHeader("x-echo", req.method + " " + req.path);
      r.body = req.body;
      if (req.path == "/later") {
        QTimer::singleShot(50, [respond, r] { respond(r); });
      } else {
        respond(r);
      }
    });
    QVERIFY(server.listen().ok());
    const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    // The blocking client runs on another thread, as it does inside a module.
    auto result = std::async(std::launch::async, [base] { return net::httpPostJson(base + "/rpc", "{\"a\":1}"); });
    QTRY_VERIFY_WITH_TIMEOUT(result.wait_for(std::chrono::seconds(0)) == std::future_status::ready, 5000);
    auto r = result.get();
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->status, 200);
    QCOMPARE(QString::fromStdString(r->body), QStringLiteral("{\"a\":1}"));
    QCOMPARE(QString::fromStdString(*r->header("x-echo")), QStringLiteral("POST /rpc"));
    auto later = std::async(std::launch::async, [base] { return net::httpRequest("GET", base + "/later", {}, ""); });
    QTRY_VERIFY_WITH_TIMEOUT(later.wait_for(std::chrono::seconds(0)) == std::future_status::ready, 5000);
    QCOMPARE(later.get()->status, 202);
  }
  void malformedInputGetsAnswerAndServerKeepsServing() {
    net::HttpServerOptions o;
    o.limits.maxBodyBytes = 10;
    net::HttpServer server(o, [](const http::HttpRequest&, net::Responder respond) { respond({200, {}, "ok"}); });
    QVERIFY(server.listen().ok());
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(raw.waitForConnected(2000));
    raw.write("POST / HTTP/1.1\r\nContent-Length: 999\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += raw.readAll()).contains("\r\n\r\n") || raw.state() != QAbstractSocket::ConnectedState, 3000);
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
    const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    auto ok = std::async(std::launch::async, [base] { return net::httpRequest("GET", base + "/", {}, ""); });
    QTRY_VERIFY_WITH_TIMEOUT(ok.wait_for(std::chrono::seconds(0)) == std::future_status::ready, 5000);
    QCOMPARE(ok.get()->status, 200);
  }
  void unreachableAndTimeout() {
    auto r = net::httpRequest("GET", "http://127.0.0.1:1/", {}, "", {500});
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("HTTP_UNREACHABLE"));
    net::HttpServer silent({}, [](const http::HttpRequest&, net::Responder) {});  // never answers
    QVERIFY(silent.listen().ok());
    const std::string url = "http://127.0.0.1:" + std::to_string(silent.port()) + "/";
    auto t = std::async(std::launch::async, [url] { return net::httpRequest("GET", url, {}, "", {300}); });
    QTRY_VERIFY_WITH_TIMEOUT(t.wait_for(std::chrono::seconds(0)) == std::future_status::ready, 5000);
    QCOMPARE(QString::fromStdString(t.get().error().code), QStringLiteral("HTTP_TIMEOUT"));
  }
};

QTEST_GUILESS_MAIN(TstHttpLoopback)
#include "tst_http_loopback.moc"
