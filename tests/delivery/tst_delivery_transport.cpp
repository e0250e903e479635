// The transport layer over loopback TCP in one process: multistream-select negotiation, one
// framed request and response per stream, "na" for unknown protocols, oversized requests,
// dial failures and timeouts, a dialer that half-closes after its request, an answer the dialer
// never took (handed back through onUndelivered) and the listen backlog.
#include <QtTest>

#include <QTcpServer>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lezpay/proto/frame.h"
#include "lezpay/proto/multistream.h"

#include "transport/outbound_exchange.h"
#include "transport/stream_listener.h"

using namespace delivery::transport;

namespace {

struct Outcome {
  bool done = false;
  lezpay::util::Result<Bytes> result = lezpay::util::Error{"", ""};
};

Bytes bytesOf(const std::string& s) { return Bytes(s.begin(), s.end()); }

std::string multistream(const std::string& text) {
  auto m = lezpay::proto::encodeMultistreamMessage(text).value();
  return std::string(m.begin(), m.end());
}

// A blocking POSIX client (QTcpSocket cannot half-close): connects to 127.0.0.1:port and sends
// the multistream header, the proposal and one framed request at once.
int rawRequest(std::uint16_t port, const std::string& protocol, const Bytes& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) return -1;
  const auto frame = lezpay::proto::encodeFrame(request);
  std::string out = multistream("/multistream/1.0.0") + multistream(protocol) + std::string(frame.begin(), frame.end());
  if (::send(fd, out.data(), out.size(), 0) != static_cast<ssize_t>(out.size())) return -1;
  return fd;
}

// Reads without blocking the event loop until `want` bytes arrived or the peer closed.
std::string receive(int fd, std::size_t want, int timeoutMs) {
  std::string got;
  QDeadlineTimer deadline(timeoutMs);
  while (got.size() < want && !deadline.hasExpired()) {
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
    if (n == 0) break;
    if (n > 0) {
      got.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
  }
  return got;
}

}  // namespace

class TstDeliveryTransport : public QObject {
  Q_OBJECT

  StreamListener* listener_ = nullptr;
  std::vector<Respond> held_;
  std::vector<std::pair<Bytes, Bytes>> undelivered_;

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
                                                [](Bytes req, const Remote& remote, Respond respond) {
                                                  QVERIFY(remote.address.rfind("/ip4/127.0.0.1/tcp/", 0) == 0);
                                                  QCOMPARE(remote.peerId, std::string());  // plain TCP authenticates nobody
                                                  Bytes out = bytesOf("echo:");
                                                  out.insert(out.end(), req.begin(), req.end());
                                                  respond(out);
                                                },
                                                [](const lezpay::util::Error& e) { return bytesOf("too large: " + e.code); },
                                                {}});
    listener_->addProtocol("/test/hold/1.0.0", {64, [this](Bytes, const Remote&, Respond respond) { held_.push_back(respond); }, {},
                                                [this](const Remote&, const Bytes& request, Bytes response) {
                                                  undelivered_.emplace_back(request, std::move(response));
                                                }});
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
  void halfClosedDialerStillGetsTheLateAnswer() {
    held_.clear();
    undelivered_.clear();
    const int fd = rawRequest(listener_->port(), "/test/hold/1.0.0", bytesOf("question"));
    QVERIFY(fd >= 0);
    QVERIFY(::shutdown(fd, SHUT_WR) == 0);  // js-waku's way: nothing more to say, waiting for the answer
    QTRY_COMPARE(held_.size(), std::size_t{1});
    QTest::qWait(100);  // the listener has seen the end of the dialer's bytes by now
    held_[0](bytesOf("late answer"));
    const auto frame = lezpay::proto::encodeFrame(bytesOf("late answer"));
    const std::string expected = multistream("/multistream/1.0.0") + multistream("/test/hold/1.0.0") + std::string(frame.begin(), frame.end());
    const std::string got = receive(fd, expected.size() + 1, 3000);
    ::close(fd);
    QCOMPARE(QByteArray::fromStdString(got), QByteArray::fromStdString(expected));
    QVERIFY(undelivered_.empty());
    QTRY_COMPARE(listener_->openStreams(), 0);
  }
  void answerTheDialerNeverTookIsHandedBack() {
    held_.clear();
    undelivered_.clear();
    const int fd = rawRequest(listener_->port(), "/test/hold/1.0.0", bytesOf("paid question"));
    QVERIFY(fd >= 0);
    const std::size_t negotiation = multistream("/multistream/1.0.0").size() + multistream("/test/hold/1.0.0").size();
    QCOMPARE(receive(fd, negotiation, 3000).size(), negotiation);
    QTRY_COMPARE(held_.size(), std::size_t{1});
    ::close(fd);  // gone before the answer
    QTest::qWait(100);
    held_[0](bytesOf("paid answer"));
    QTRY_COMPARE(undelivered_.size(), std::size_t{1});
    QCOMPARE(undelivered_[0].first, bytesOf("paid question"));
    QCOMPARE(undelivered_[0].second, bytesOf("paid answer"));
    QTRY_COMPARE(listener_->openStreams(), 0);
  }
  void listenBacklogIsTheStreamCap() {
    // Qt's default backlog is 50: a burst of connections beyond it was reset before being accepted.
    QCOMPARE(StreamListener::kMaxOpenStreams, 512);
    QCOMPARE(listener_->listenBacklog(), StreamListener::kMaxOpenStreams);
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
