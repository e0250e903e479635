// The Qt HTTP server and the blocking client over real loopback TCP, including clients that
// send slowly, stay idle or never read their answers.
#include <QtTest>

#include <QElapsedTimer>
#include <QTcpSocket>
#include <future>
#include <list>
#include <thread>

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
    o.selfAnswerHeaders = {{"access-control-allow-origin", "*"}};
    net::HttpServer server(o, [](const http::HttpRequest&, net::Responder respond) { respond({200, {}, "ok"}); });
    QVERIFY(server.listen().ok());
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(raw.waitForConnected(2000));
    raw.write("POST / HTTP/1.1\r\nContent-Length: 999\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += raw.readAll()).contains("\r\n\r\n") || raw.state() != QAbstractSocket::ConnectedState, 3000);
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
    QVERIFY(answer.contains("access-control-allow-origin: *\r\n"));
    const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    auto ok = std::async(std::launch::async, [base] { return net::httpRequest("GET", base + "/", {}, ""); });
    QTRY_VERIFY_WITH_TIMEOUT(ok.wait_for(std::chrono::seconds(0)) == std::future_status::ready, 5000);
    QCOMPARE(ok.get()->status, 200);
  }
  void slowRequestGets408AtItsDeadlineWhateverBytesArrive() {
    net::HttpServerOptions o;
    o.connection.requestTimeoutMs = 600;
    o.selfAnswerHeaders = {{"access-control-allow-origin", "*"}};
    net::HttpServer server(o, [](const http::HttpRequest&, net::Responder respond) { respond({200, {}, "ok"}); });
    QVERIFY(server.listen().ok());
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(raw.waitForConnected(2000));
    const QByteArray request = "GET / HTTP/1.1\r\nhost: 127.0.0.1\r\nx-pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    QElapsedTimer t;
    t.start();
    QByteArray answer;
    int sent = 0;
    // A byte every 50 ms: the request would take 4 s to arrive; its deadline is 600 ms.
    while (t.elapsed() < 3000 && !answer.contains("\r\n\r\n")) {
      if (sent < request.size() - 1 && t.elapsed() >= sent * 50 && raw.state() == QAbstractSocket::ConnectedState) {
        raw.write(request.mid(sent++, 1));
      }
      QTest::qWait(10);
      answer += raw.readAll();
    }
    QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.constData());
    QVERIFY2(t.elapsed() < 1500, qPrintable(QString::number(t.elapsed())));
    QVERIFY(answer.contains("access-control-allow-origin: *"));
  }
  void idleAndSlowConnectionsDoNotStarveANewClient() {
    net::HttpServerOptions o;
    o.maxConnections = 8;
    net::HttpServer server(o, [](const http::HttpRequest&, net::Responder respond) { respond({200, {}, "ok"}); });
    QVERIFY(server.listen().ok());
    std::list<QTcpSocket> hogs;
    for (int i = 0; i < 12; ++i) {
      auto& s = hogs.emplace_back();
      // No waitForConnected: the server shares this thread and must run to accept.
      s.connectToHost(QHostAddress::LocalHost, server.port());
      if (i % 2) s.write("GET / HTTP/1.1\r\nhost: x\r\n");  // a head that never ends
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 8, 3000);
    const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    QElapsedTimer t;
    t.start();
    auto ok = std::async(std::launch::async, [base] { return net::httpRequest("GET", base + "/", {}, "", {3000}); });
    QTRY_VERIFY_WITH_TIMEOUT(ok.wait_for(std::chrono::seconds(0)) == std::future_status::ready, 5000);
    auto r = ok.get();
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->status, 200);
    QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
    QVERIFY(server.connectionCount() <= 8);
  }
  void unreadPipelinedAnswersStopTheReading() {
    constexpr int kRequests = 2000;
    net::HttpServerOptions o;
    o.connection.maxUnreadOutputBytes = 256 * 1024;
    const http::HttpResponse answer{200, {}, std::string(32 * 1024, 'x')};
    int calls = 0;
    net::HttpServer server(o, [&](const http::HttpRequest&, net::Responder respond) {
      ++calls;
      respond(answer);
    });
    QVERIFY(server.listen().ok());
    QTcpSocket raw;
    raw.setReadBufferSize(1024);  // this client reads nothing: the kernel buffers fill up
    raw.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(raw.waitForConnected(2000));
    raw.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 16 * 1024);
    QByteArray pipeline;
    for (int i = 0; i < kRequests; ++i) pipeline += "GET /x HTTP/1.1\r\nhost: a\r\n\r\n";
    raw.write(pipeline);
    QTest::qWait(1500);
    // Kernel socket buffers on loopback absorb a few MiB of answers; the rest must wait.
    QVERIFY2(calls < kRequests / 2, qPrintable(QString::number(calls)));
    const int whileUnread = calls;
    qInfo("handler calls while the client read nothing: %d of %d", calls, kRequests);
    QTest::qWait(500);
    QCOMPARE(calls, whileUnread);
    // Once the client reads, every answer arrives, in order and whole.
    raw.setReadBufferSize(0);
    const qint64 expected = static_cast<qint64>(http::serialize(answer, true).size()) * kRequests;
    qint64 got = 0;
    QElapsedTimer t;
    t.start();
    while (got < expected && t.elapsed() < 20000) {
      QTest::qWait(2);  // the server runs on this thread too
      got += raw.readAll().size();
    }
    QCOMPARE(got, expected);
    QCOMPARE(calls, kRequests);
  }
  void refusalWhenAllBusyCarries503RetryAfterAndServerHeaders() {
    net::HttpServerOptions o;
    o.maxConnections = 1;
    o.retryAfterSeconds = 2;
    o.selfAnswerHeaders = {{"access-control-allow-origin", "*"}, {"access-control-expose-headers", "PAYMENT-REQUIRED"}};
    std::vector<net::Responder> held;  // the handler answers later: its connection waits on the server
    net::HttpServer server(o, [&](const http::HttpRequest&, net::Responder respond) { held.push_back(std::move(respond)); });
    QVERIFY(server.listen().ok());
    QTcpSocket busy;
    busy.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(busy.waitForConnected(2000));
    busy.write("GET / HTTP/1.1\r\nhost: a\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(held.size(), std::size_t(1), 3000);
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(late.waitForConnected(2000));
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += late.readAll()).contains("\r\n\r\n"), 3000);
    QVERIFY2(answer.startsWith("HTTP/1.1 503"), answer.constData());
    QVERIFY(answer.contains("retry-after: 2\r\n"));
    QVERIFY(answer.contains("access-control-allow-origin: *\r\n"));
    QVERIFY(answer.contains("access-control-expose-headers: PAYMENT-REQUIRED\r\n"));
    held.front()({200, {}, "late"});
    QByteArray first;
    QTRY_VERIFY_WITH_TIMEOUT((first += busy.readAll()).contains("late"), 3000);
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
  void streamedAnswerArrivesInPartsAsTheyAreWritten() {
    std::shared_ptr<net::ResponseStream> stream;
    net::HttpServer server(net::HttpServerOptions{}, [&stream](const http::HttpRequest&, net::Responder, net::StreamOpener open) {
      stream = open({200, {{"content-type", "text/event-stream"}}, "ignored"});
      QVERIFY(stream->write("data: one\n\n"));
    });
    QVERIFY(server.listen().ok());
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(raw.waitForConnected(2000));
    raw.write("GET /events HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
    QByteArray got;
    // The first part is on the wire while the answer is still open.
    QTRY_VERIFY_WITH_TIMEOUT((got += raw.readAll()).contains("data: one\n\n\r\n"), 3000);
    QVERIFY2(got.startsWith("HTTP/1.1 200"), got.constData());
    QVERIFY(got.contains("transfer-encoding: chunked\r\n"));
    QVERIFY(got.contains("connection: close\r\n"));
    QVERIFY(!got.contains("content-length"));
    QVERIFY(got.endsWith("\r\n\r\nb\r\ndata: one\n\n\r\n"));
    QVERIFY(!got.contains("ignored"));
    QCOMPARE(raw.state(), QAbstractSocket::ConnectedState);
    QVERIFY(stream->write("data: two\n\n"));
    QTRY_VERIFY_WITH_TIMEOUT((got += raw.readAll()).contains("b\r\ndata: two\n\n\r\n"), 3000);
    stream->end();
    QVERIFY(!stream->write("late"));
    QTRY_VERIFY_WITH_TIMEOUT((got += raw.readAll()).endsWith("\r\n0\r\n\r\n") && raw.state() != QAbstractSocket::ConnectedState, 3000);
    QVERIFY(!got.contains("late"));
  }
  void streamOwnerIsToldWhenTheClientGoes() {
    std::shared_ptr<net::ResponseStream> stream;
    bool closed = false;
    net::HttpServer server(net::HttpServerOptions{}, [&](const http::HttpRequest&, net::Responder respond, net::StreamOpener open) {
      stream = open({200, {}, ""});
      stream->onClosed([&closed] { closed = true; });
      respond({500, {}, "too late: the stream answered"});
    });
    QVERIFY(server.listen().ok());
    {
      QTcpSocket raw;
      raw.connectToHost(QHostAddress::LocalHost, server.port());
      QVERIFY(raw.waitForConnected(2000));
      raw.write("GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
      QByteArray got;
      QTRY_VERIFY_WITH_TIMEOUT((got += raw.readAll()).contains("\r\n\r\n"), 3000);
      QVERIFY2(got.startsWith("HTTP/1.1 200"), got.constData());
      raw.abort();
    }
    QTRY_VERIFY_WITH_TIMEOUT(closed, 3000);
    QVERIFY(!stream->isOpen());
    QVERIFY(!stream->write("x"));
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 0, 3000);
  }
  void slowStreamReaderIsDroppedWithBoundedBuffer() {
    net::HttpServerOptions o;
    o.maxStreamBufferBytes = 64 * 1024;
    std::shared_ptr<net::ResponseStream> stream;
    bool closed = false;
    net::HttpServer server(o, [&](const http::HttpRequest&, net::Responder, net::StreamOpener open) {
      stream = open({200, {}, ""});
      stream->onClosed([&closed] { closed = true; });
    });
    QVERIFY(server.listen().ok());
    QTcpSocket raw;
    raw.setReadBufferSize(1024);  // Qt stops taking bytes from the kernel: the client reads nothing
    raw.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(raw.waitForConnected(2000));
    raw.write("GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(stream != nullptr, 3000);
    const std::string part(16 * 1024, 'x');
    std::size_t written = 0;
    QElapsedTimer t;
    t.start();
    // The kernel's buffers take the first megabytes; then the server's own queue passes its cap.
    while (stream->write(part) && t.elapsed() < 10000) {
      written += part.size();
      QCoreApplication::processEvents();
    }
    qInfo("bytes the stream took before it was dropped (kernel buffers + 64 KiB cap): %zu", written);
    QVERIFY2(!stream->isOpen(), "the stream was never dropped");
    QVERIFY2(written < 64u * 1024 * 1024, qPrintable(QString::number(written)));
    QTRY_VERIFY_WITH_TIMEOUT(closed, 3000);
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 0, 3000);
  }
  void answerLeavesWhenTheHandlerRespondsNotWhenTheLoopNextRuns() {
    // The handler answers, then keeps the server's thread busy: the client has its answer long
    // before the thread is free again (an answer waits on no later work of the same turn).
    constexpr auto kBusy = 1500ms;
    net::HttpServer server(net::HttpServerOptions{}, [&](const http::HttpRequest&, net::Responder respond) {
      respond({200, {}, "early"});
      std::this_thread::sleep_for(kBusy);
    });
    QVERIFY(server.listen().ok());
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
    auto answered = std::async(std::launch::async, [url] {
      QElapsedTimer t;
      t.start();
      auto r = net::httpRequest("GET", url, {}, "", {5000});
      return std::make_pair(std::move(r), t.elapsed());
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered.wait_for(0s) == std::future_status::ready, 10000);
    auto [r, ms] = answered.get();
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(QString::fromStdString(r->body), QStringLiteral("early"));
    QVERIFY2(ms < 750, qPrintable(QString::number(ms)));
  }
};

QTEST_GUILESS_MAIN(TstHttpLoopback)
#include "tst_http_loopback.moc"
