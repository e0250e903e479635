// The transport layer over loopback TCP in one process: multistream-select negotiation, one
// framed request and response per stream, "na" for unknown protocols, oversized requests,
// dial failures and timeouts.
#include <QtTest>

#include <QTcpServer>

#include "transport/outbound_exchange.h"
#include "transport/stream_listener.h"

using namespace delivery::transport;

namespace {

struct Outcome {
  bool done = false;
  lezpay::util::Result<Bytes> result = lezpay::util::Error{"", ""};
};

Bytes bytesOf(const std::string& s) { return Bytes(s.begin(), s.end()); }

}  // namespace

class TstDeliveryTransport : public QObject {
  Q_OBJECT

  StreamListener* listener_ = nullptr;
  std::vector<Respond> held_;

  Outcome exchange(const std::string& protocol, Bytes request, int timeoutMs = 3000, std::uint16_t port = 0) {
    auto out = std::make_shared<Outcome>();
    startExchange(this, {"127.0.0.1", port ? port : listener_->port()}, protocol, std::move(request), 1 << 20, timeoutMs,
                  [out](lezpay::util::Result<Bytes> r) {
                    out->done = true;
                    out->result = std::move(r);
                  });
    QDeadlineTimer deadline(timeoutMs + 5000);
    while (!out->done && !deadline.hasExpired()) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!out->done) out->result = lezpay::util::Error{"TEST_NO_ANSWER", "the exchange never called back"};
    return *out;
  }

 private slots:
  void initTestCase() {
    listener_ = new StreamListener(this);
    listener_->addProtocol("/test/echo/1.0.0", {64,
                                                [](Bytes req, const std::string& remote, Respond respond) {
                                                  QVERIFY(remote.rfind("/ip4/127.0.0.1/tcp/", 0) == 0);
                                                  Bytes out = bytesOf("echo:");
                                                  out.insert(out.end(), req.begin(), req.end());
                                                  respond(out);
                                                },
                                                [](const lezpay::util::Error& e) { return bytesOf("too large: " + e.code); }});
    listener_->addProtocol("/test/hold/1.0.0", {64, [this](Bytes, const std::string&, Respond respond) { held_.push_back(respond); }, {}});
    QVERIFY(listener_->listen("127.0.0.1", 0).ok());
    QVERIFY(listener_->port() != 0);
  }
  void roundTrip() {
    auto o = exchange("/test/echo/1.0.0", bytesOf("hello"));
    QVERIFY2(o.result.ok(), o.result.ok() ? "" : o.result.error().message.c_str());
    QCOMPARE(o.result.value(), bytesOf("echo:hello"));
  }
  void emptyRequestAndManySequentialStreams() {
    for (int i = 0; i < 20; ++i) {
      auto o = exchange("/test/echo/1.0.0", {});
      QVERIFY(o.result.ok());
      QCOMPARE(o.result.value(), bytesOf("echo:"));
    }
    QTRY_COMPARE(listener_->openStreams(), 0);
  }
  void unknownProtocolIsNotSupported() {
    auto o = exchange("/test/other/1.0.0", bytesOf("x"));
    QVERIFY(!o.result.ok());
    QCOMPARE(o.result.error().code, std::string("PROTOCOL_NOT_SUPPORTED"));
  }
  void oversizedRequestGetsTheProtocolsAnswer() {
    auto o = exchange("/test/echo/1.0.0", Bytes(65, 'x'));
    QVERIFY(o.result.ok());
    QCOMPARE(o.result.value(), bytesOf("too large: TOO_LARGE"));
  }
  void slowHandlerTimesOutThenLateAnswerIsHarmless() {
    auto o = exchange("/test/hold/1.0.0", bytesOf("x"), 300);
    QVERIFY(!o.result.ok());
    QCOMPARE(o.result.error().code, std::string("TIMEOUT"));
    QCOMPARE(held_.size(), std::size_t{1});
    held_[0](bytesOf("late"));  // the dialer is gone: nothing happens
    QTRY_COMPARE(listener_->openStreams(), 0);
  }
  void dialFailure() {
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const auto port = probe.serverPort();
    probe.close();
    auto o = exchange("/test/echo/1.0.0", bytesOf("x"), 3000, port);
    QVERIFY(!o.result.ok());
    QCOMPARE(o.result.error().code, std::string("DIAL_FAILED"));
  }
  void listenFailureIsReported() {
    StreamListener other;
    auto st = other.listen("127.0.0.1", listener_->port());
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, std::string("LISTEN_FAILED"));
    QVERIFY(!other.listen("not-an-ip", 0).ok());
  }
};

QTEST_GUILESS_MAIN(TstDeliveryTransport)
#include "tst_delivery_transport.moc"
