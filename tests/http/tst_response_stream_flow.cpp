// Flow control of a streamed answer (libs/net ResponseStream::unsentBytes, onDrained, abort) over
// real loopback TCP: a writer that stops at half the stream bound and resumes from onDrained is
// never dropped however slowly its client reads, and every byte arrives in order; abort() ends the
// body without its last chunk after the bytes written so far went out.
#include <QtTest>

#include <QElapsedTimer>
#include <QTcpSocket>

#include <functional>

#include "lezpay/net/http_server.h"

using namespace lezpay;

class TstResponseStreamFlow : public QObject {
  Q_OBJECT
 private slots:
  void aWriterFollowingOnDrainedOutlastsASlowReader() {
    net::HttpServerOptions o;
    o.maxStreamBufferBytes = 64 * 1024;
    constexpr std::size_t kTotal = 4 * 1024 * 1024;
    constexpr std::size_t kPart = 8 * 1024;
    std::shared_ptr<net::ResponseStream> stream;
    std::size_t sent = 0;
    bool closed = false;
    std::size_t mostUnsent = 0;
    std::function<void()> pump = [&] {
      while (stream->isOpen() && sent < kTotal && stream->unsentBytes() < o.maxStreamBufferBytes / 2) {
        std::string part(kPart, static_cast<char>('a' + (sent / kPart) % 26));
        QVERIFY(stream->write(part));
        sent += kPart;
        mostUnsent = std::max(mostUnsent, stream->unsentBytes());
      }
      if (sent == kTotal && stream->isOpen()) stream->end();
    };
    net::HttpServer server(o, [&](const http::HttpRequest&, net::Responder, net::StreamOpener open) {
      stream = open({200, {}, ""});
      stream->onClosed([&closed] { closed = true; });
      stream->onDrained([&pump] { pump(); });
      pump();
    });
    QVERIFY(server.listen().ok());
    QTcpSocket raw;
    raw.setReadBufferSize(4096);
    raw.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(raw.waitForConnected(2000));
    raw.write("GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
    QByteArray got;
    QElapsedTimer t;
    t.start();
    // A slow reader: 4 KiB at a time with pauses, far slower than the writer could write.
    while (!got.endsWith("\r\n0\r\n\r\n") && t.elapsed() < 20000) {
      QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
      got += raw.read(4096);
      QTest::qWait(1);
    }
    QVERIFY2(got.endsWith("\r\n0\r\n\r\n"), qPrintable(QString("got %1 bytes").arg(got.size())));
    QVERIFY(!closed);  // ended by its writer, never dropped
    QCOMPARE(sent, kTotal);
    QVERIFY2(mostUnsent <= o.maxStreamBufferBytes, qPrintable(QString::number(mostUnsent)));
    // De-chunk and check every byte in order.
    const int headEnd = got.indexOf("\r\n\r\n");
    QVERIFY(headEnd > 0);
    QByteArray body;
    int at = headEnd + 4;
    for (;;) {
      const int eol = got.indexOf("\r\n", at);
      const int size = got.mid(at, eol - at).toInt(nullptr, 16);
      if (size == 0) break;
      body += got.mid(eol + 2, size);
      at = eol + 2 + size + 2;
    }
    QCOMPARE(static_cast<std::size_t>(body.size()), kTotal);
    for (std::size_t i = 0; i < kTotal; i += kPart) QCOMPARE(body.at(static_cast<int>(i)), static_cast<char>('a' + (i / kPart) % 26));
  }

  void abortEndsTheBodyWithoutItsLastChunk() {
    std::shared_ptr<net::ResponseStream> stream;
    bool closed = false;
    net::HttpServer server(net::HttpServerOptions{}, [&](const http::HttpRequest&, net::Responder, net::StreamOpener open) {
      stream = open({200, {}, ""});
      stream->onClosed([&closed] { closed = true; });
      QVERIFY(stream->write("partial"));
      stream->abort();
      QVERIFY(!stream->isOpen());
      QVERIFY(!stream->write("more"));
    });
    QVERIFY(server.listen().ok());
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(raw.waitForConnected(2000));
    raw.write("GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
    QByteArray got;
    QTRY_VERIFY_WITH_TIMEOUT((got += raw.readAll(), raw.state() != QAbstractSocket::ConnectedState), 3000);
    got += raw.readAll();
    QVERIFY2(got.endsWith("7\r\npartial\r\n"), got.constData());  // the bytes written, no "0\r\n\r\n"
    QTest::qWait(50);
    QVERIFY(!closed);  // the owner aborted: it is not told again
  }
};

QTEST_GUILESS_MAIN(TstResponseStreamFlow)
#include "tst_response_stream_flow.moc"
