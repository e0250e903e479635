// HTTP/1.1 response parsing and URLs for our clients.
#include <QtTest>

#include "lezpay/http/response_parser.h"
#include "lezpay/http/url.h"

using lezpay::http::ResponseParser;

class TstResponseParser : public QObject {
  Q_OBJECT
 private slots:
  void contentLength() {
    ResponseParser p;
    QCOMPARE(p.feed("HTTP/1.1 402 Payment Required\r\nPAYMENT-REQUIRED: abc\r\nContent-Length: 3\r\n\r\nab"), ResponseParser::State::NeedMore);
    QCOMPARE(p.feed("c"), ResponseParser::State::Complete);
    QCOMPARE(p.response().status, 402);
    QCOMPARE(QString::fromStdString(*p.response().header("payment-required")), QStringLiteral("abc"));
    QCOMPARE(QString::fromStdString(p.response().body), QStringLiteral("abc"));
  }
  void chunked() {
    ResponseParser p;
    QCOMPARE(p.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"),
             ResponseParser::State::Complete);
    QCOMPARE(QString::fromStdString(p.response().body), QStringLiteral("abcde"));
  }
  void untilClose() {
    ResponseParser p;
    QCOMPARE(p.feed("HTTP/1.0 200 OK\r\n\r\nhello"), ResponseParser::State::NeedMore);
    QCOMPARE(p.finishAtEof(), ResponseParser::State::Complete);
    QCOMPARE(QString::fromStdString(p.response().body), QStringLiteral("hello"));
  }
  void truncatedIsAnError() {
    ResponseParser p;
    p.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    QCOMPARE(p.finishAtEof(), ResponseParser::State::Error);
  }
  void rejects_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("bad status line") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n");
    QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n");
    QTest::newRow("bad chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::newRow("gzip coding") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
    QTest::newRow("too large") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n");
  }
  void rejects() {
    QFETCH(QByteArray, input);
    ResponseParser p(1024);
    QCOMPARE(p.feed(std::string_view(input.constData(), static_cast<std::size_t>(input.size()))), ResponseParser::State::Error);
  }
  void urls() {
    auto u = lezpay::http::parseUrl("http://127.0.0.1:3040");
    QVERIFY(u.ok());
    QCOMPARE(u->port, quint16(3040));
    QCOMPARE(QString::fromStdString(u->target), QStringLiteral("/"));
    u = lezpay::http::parseUrl("https://[::1]/x?y=1");
    QVERIFY(u.ok());
    QVERIFY(u->tls);
    QCOMPARE(QString::fromStdString(u->host), QStringLiteral("::1"));
    QCOMPARE(u->port, quint16(443));
    QCOMPARE(QString::fromStdString(u->hostHeader()), QStringLiteral("[::1]:443"));
    for (const char* bad : {"ftp://x", "http://", "http://a:99999", "http://u@h/", "http://h/#f", "http://h:x/"}) {
      auto r = lezpay::http::parseUrl(bad);
      QVERIFY2(!r.ok(), bad);
      QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("BAD_URL"));
    }
  }
};

QTEST_APPLESS_MAIN(TstResponseParser)
#include "tst_response_parser.moc"
