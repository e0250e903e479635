// Strict incremental HTTP/1.1 request parsing (libs/http/request_parser.h).
#include <QtTest>

#include "lezpay/http/request_parser.h"

using lezpay::http::RequestParser;

class TstRequestParser : public QObject {
  Q_OBJECT
 private slots:
  void parsesPostWithBody() {
    RequestParser p;
    QCOMPARE(p.feed("POST /rpc?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"),
             RequestParser::State::Complete);
    auto r = p.take();
    QCOMPARE(QString::fromStdString(r.method), QStringLiteral("POST"));
    QCOMPARE(QString::fromStdString(r.path), QStringLiteral("/rpc"));
    QCOMPARE(QString::fromStdString(r.query), QStringLiteral("x=1"));
    QCOMPARE(QString::fromStdString(r.body), QStringLiteral("{}"));
    QCOMPARE(QString::fromStdString(*r.header("CONTENT-TYPE")), QStringLiteral("application/json"));
    QVERIFY(r.keepAlive());
  }
  void parsesByteByByte() {
    const std::string text = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    RequestParser p;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) QCOMPARE(p.feed(text.substr(i, 1)), RequestParser::State::NeedMore);
    QCOMPARE(p.feed(text.substr(text.size() - 1)), RequestParser::State::Complete);
    auto r = p.take();
    QCOMPARE(r.versionMinor, 0);
    QVERIFY(r.keepAlive());
  }
  void keepsPipelinedRequests() {
    RequestParser p;
    p.feed("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\n\r\n");
    QCOMPARE(QString::fromStdString(p.take().path), QStringLiteral("/a"));
    QCOMPARE(p.state(), RequestParser::State::Complete);
    auto b = p.take();
    QCOMPARE(QString::fromStdString(b.path), QStringLiteral("/b"));
    QVERIFY(!b.keepAlive());
    QCOMPARE(p.state(), RequestParser::State::NeedMore);
  }
  void rejects_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");
    QTest::newRow("no version") << QByteArray("GET /\r\n\r\n") << 400;
    QTest::newRow("bad version") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
    QTest::newRow("junk version") << QByteArray("GET / FTP/1.1\r\n\r\n") << 400;
    QTest::newRow("relative target") << QByteArray("GET x HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("bad method char") << QByteArray("G(T / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nHost\r\n\r\n") << 400;
    QTest::newRow("folded header") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << 400;
    QTest::newRow("bad content length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("conflicting lengths") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
    QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") << 501;
    QTest::newRow("body too large") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n") << 413;
    QTest::newRow("header too large") << (QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(20000, 'a')) << 431;
    QTest::newRow("control char") << QByteArray("GET / HTTP/1.1\r\nX: a\x01\r\n\r\n") << 400;
  }
  void rejects() {
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    RequestParser p;
    QCOMPARE(p.feed(std::string_view(input.constData(), static_cast<std::size_t>(input.size()))), RequestParser::State::Error);
    QCOMPARE(p.errorStatus(), status);
    QVERIFY(!p.errorMessage().empty());
    QCOMPARE(p.feed("GET / HTTP/1.1\r\n\r\n"), RequestParser::State::Error);  // stays failed
  }
  void tooManyHeaders() {
    std::string text = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 101; ++i) text += "h" + std::to_string(i) + ": v\r\n";
    RequestParser p;
    QCOMPARE(p.feed(text + "\r\n"), RequestParser::State::Error);
    QCOMPARE(p.errorStatus(), 431);
  }
  void queryDecoding() {
    auto q = lezpay::http::parseQuery("a=1&b=hello+world&c=%2F%41&&d");
    QVERIFY(q.has_value());
    QCOMPARE(q->size(), std::size_t(4));
    QCOMPARE(QString::fromStdString((*q)[1].value), QStringLiteral("hello world"));
    QCOMPARE(QString::fromStdString((*q)[2].value), QStringLiteral("/A"));
    QVERIFY(!lezpay::http::parseQuery("a=%zz").has_value());
    QVERIFY(!lezpay::http::parseQuery("a=%4").has_value());
  }
};

QTEST_APPLESS_MAIN(TstRequestParser)
#include "tst_request_parser.moc"
