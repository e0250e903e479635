// The streaming response parser (libs/http/response_stream_parser.h) the x402 gateway reads its
// origin with: the head first, then the body in parts, for every framing, fed a byte at a time
// as well as at once; interim 1xx answers skipped; malformed framing and early ends refused.
#include <QtTest>

#include "lezpay/http/response_stream_parser.h"

using lezpay::http::ResponseStreamParser;
using State = ResponseStreamParser::State;

namespace {

struct Run {
  State state;
  int status = 0;
  std::string body;
  std::string error;
};

Run feedAll(const std::string& text, std::size_t piece, bool eof) {
  ResponseStreamParser p(1024);
  std::string body;
  for (std::size_t i = 0; i < text.size(); i += piece) p.feed(std::string_view(text).substr(i, piece), body);
  if (eof) p.finishAtEof();
  return Run{p.state(), p.headReady() ? p.head().status : 0, body, p.errorMessage()};
}

}  // namespace

class TstResponseStreamParser : public QObject {
  Q_OBJECT
 private slots:
  void framings_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("eof");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("length") << QByteArray("HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nhelloIGNORED") << false << 201 << QByteArray("hello");
    QTest::newRow("chunked with extensions and trailers")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n") << false << 200
        << QByteArray("abc0123456789");
    QTest::newRow("until close") << QByteArray("HTTP/1.0 200 OK\r\n\r\nstream") << true << 200 << QByteArray("stream");
    QTest::newRow("interim 100 skipped") << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") << false
                                         << 200 << QByteArray("ok");
    QTest::newRow("204 has no body") << QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n") << false << 204 << QByteArray();
  }
  void framings() {
    QFETCH(QByteArray, input);
    QFETCH(bool, eof);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
      const Run r = feedAll(input.toStdString(), piece, eof);
      QVERIFY2(r.state == State::Complete, qPrintable(QString::fromStdString("piece " + std::to_string(piece) + ": " + r.error)));
      QCOMPARE(r.status, status);
      QCOMPARE(QByteArray::fromStdString(r.body), body);
    }
  }

  void headIsReadyBeforeTheBodyArrives() {
    ResponseStreamParser p;
    std::string body;
    QCOMPARE(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nX-A: b\r\n\r\nabc", body), State::Body);
    QVERIFY(p.headReady());
    QCOMPARE(QString::fromStdString(*p.head().header("x-a")), QStringLiteral("b"));
    QVERIFY(p.lengthKnown());
    QCOMPARE(p.declaredLength(), std::size_t{6});
    QCOMPARE(QString::fromStdString(body), QStringLiteral("abc"));
    body.clear();
    QCOMPARE(p.feed("def", body), State::Complete);
    QCOMPARE(QString::fromStdString(body), QStringLiteral("def"));
  }

  void aLargeBodyIsNeverHeld() {
    // 8 MiB in 64 KiB chunks: the parser hands every part out; nothing accumulates inside.
    ResponseStreamParser p(1024);
    std::string body;
    QCOMPARE(p.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", body), State::Body);
    const std::string chunk(64 * 1024, 'x');
    std::size_t total = 0;
    for (int i = 0; i < 128; ++i) {
      body.clear();
      p.feed("10000\r\n" + chunk + "\r\n", body);
      total += body.size();
    }
    body.clear();
    QCOMPARE(p.feed("0\r\n\r\n", body), State::Complete);
    QCOMPARE(total, std::size_t{8 * 1024 * 1024});
  }

  void rejects_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("bad status") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n");
    QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n");
    QTest::newRow("head too large") << QByteArray("HTTP/1.1 200 OK\r\nX: " + QByteArray(2000, 'a') + "\r\n\r\n");
    QTest::newRow("bad chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::newRow("chunk without crlf") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY\r\n");
    QTest::newRow("gzip coding") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
    QTest::newRow("bad length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n");
    QTest::newRow("chunk line too long") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + QByteArray(5000, 'e'));
  }
  void rejects() {
    QFETCH(QByteArray, input);
    const Run r = feedAll(input.toStdString(), 3, false);
    QCOMPARE(r.state, State::Error);
    QVERIFY(!r.error.empty());
  }

  void anEarlyEndIsAnError() {
    QCOMPARE(feedAll("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 4, true).state, State::Error);
    QCOMPARE(feedAll("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", 4, true).state, State::Error);
    QCOMPARE(feedAll("HTTP/1.1 200 OK\r\nContent", 4, true).state, State::Error);
  }
};

QTEST_APPLESS_MAIN(TstResponseStreamParser)
#include "tst_response_stream_parser.moc"
