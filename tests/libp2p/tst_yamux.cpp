// Yamux frames and sessions (spec libp2p.md §5): every frame type, both roles, window accounting,
// half-close, reset, ping, go-away, limits and malformed frames.
#include <QtTest>

#include "libp2p_test_bytes.h"
#include "lezpay/libp2p/yamux_session.h"

using namespace lezpay::libp2p;

namespace {

std::vector<std::uint8_t> frame(YamuxType type, std::uint16_t flags, std::uint32_t id, std::uint32_t length,
                                std::vector<std::uint8_t> payload = {}) {
  const auto h = encodeYamuxHeader({type, flags, id, length});
  std::vector<std::uint8_t> out(h.size() + payload.size());
  std::copy(h.begin(), h.end(), out.begin());
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<long>(h.size()));
  return out;
}

std::vector<YamuxEvent> events(YamuxSession& s) {
  std::vector<YamuxEvent> out;
  while (auto e = s.nextEvent()) out.push_back(*e);
  return out;
}

// Parses a session's output into headers (payload lengths skipped).
std::vector<YamuxHeader> headers(const std::vector<std::uint8_t>& bytes) {
  std::vector<YamuxHeader> out;
  std::size_t pos = 0;
  while (pos + kYamuxHeaderBytes <= bytes.size()) {
    auto h = decodeYamuxHeader(std::span<const std::uint8_t>(bytes).subspan(pos, kYamuxHeaderBytes));
    if (!h.ok()) qFatal("bad header in output");
    out.push_back(*h);
    pos += kYamuxHeaderBytes + (h->type == YamuxType::DATA ? h->length : 0);
  }
  return out;
}

std::size_t dataBytes(const std::vector<YamuxHeader>& hs, std::uint32_t id) {
  std::size_t n = 0;
  for (const auto& h : hs) {
    if (h.type == YamuxType::DATA && h.streamId == id) n += h.length;
  }
  return n;
}

// Delivers each side's output to the other until both are quiet.
void pump(YamuxSession& a, YamuxSession& b) {
  for (int i = 0; i < 1000 && (a.hasOutput() || b.hasOutput()); ++i) {
    if (a.hasOutput()) QVERIFY(b.feed(a.takeOutput()).ok());
    if (b.hasOutput()) QVERIFY(a.feed(b.takeOutput()).ok());
  }
}

YamuxSession server() { return YamuxSession(YamuxConfig{false}); }
YamuxSession client() { return YamuxSession(YamuxConfig{true}); }

}  // namespace

class TstYamux : public QObject {
  Q_OBJECT
 private slots:
  void headersMatchTheSpecVectors_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("flags");
    QTest::addColumn<int>("id");
    QTest::addColumn<int>("length");
    QTest::addColumn<QByteArray>("hex");
    QTest::newRow("open 1") << 1 << 1 << 1 << 0 << QByteArray("000100010000000100000000");
    QTest::newRow("data 5 on 1") << 0 << 0 << 1 << 5 << QByteArray("000000000000000100000005");
    QTest::newRow("ack 2") << 1 << 2 << 2 << 0 << QByteArray("000100020000000200000000");
    QTest::newRow("fin 1") << 1 << 4 << 1 << 0 << QByteArray("000100040000000100000000");
    QTest::newRow("ping") << 2 << 1 << 0 << 7 << QByteArray("000200010000000000000007");
    QTest::newRow("ping ack") << 2 << 2 << 0 << 7 << QByteArray("000200020000000000000007");
    QTest::newRow("go away") << 3 << 0 << 0 << 0 << QByteArray("000300000000000000000000");
    QTest::newRow("rst") << 1 << 8 << 3 << 0 << QByteArray("000100080000000300000000");
  }
  void headersMatchTheSpecVectors() {
    QFETCH(int, type);
    QFETCH(int, flags);
    QFETCH(int, id);
    QFETCH(int, length);
    QFETCH(QByteArray, hex);
    const YamuxHeader h{static_cast<YamuxType>(type), static_cast<std::uint16_t>(flags), static_cast<std::uint32_t>(id),
                        static_cast<std::uint32_t>(length)};
    QCOMPARE(hexOf(encodeYamuxHeader(h)), hex);
    auto back = decodeYamuxHeader(hexBytes(hex.constData()));
    QVERIFY(back.ok() && *back == h);
  }

  void headerDecoderRejectsMalformedHeaders_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::newRow("version 1") << QByteArray("010100010000000100000000") << "YAMUX_BAD_VERSION";
    QTest::newRow("type 4") << QByteArray("000400010000000100000000") << "YAMUX_BAD_TYPE";
    QTest::newRow("flag 16") << QByteArray("000100100000000100000000") << "YAMUX_BAD_FLAGS";
    QTest::newRow("short") << QByteArray("0001000100000001000000") << "TRUNCATED";
    QTest::newRow("long") << QByteArray("00010001000000010000000000") << "TRAILING_BYTES";
  }
  void headerDecoderRejectsMalformedHeaders() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    QCOMPARE(codeOf(decodeYamuxHeader(hexBytes(hex.constData()))), code);
  }

  void clientOpensOddAndServerEvenStreams() {
    auto c = client();
    auto s = server();
    QCOMPARE(*c.openStream(), 1u);
    QCOMPARE(*c.openStream(), 3u);
    QCOMPARE(*s.openStream(), 2u);
    QCOMPARE(hexOf(c.takeOutput()), QByteArray("000100010000000100000000000100010000000300000000"));
  }

  void streamOpenAckDataFinRoundTrip() {
    auto c = client();
    auto s = server();
    const auto id = *c.openStream();
    QVERIFY(c.write(id, textBytes("request")).ok());
    QVERIFY(c.closeWrite(id).ok());
    QVERIFY(s.feed(c.takeOutput()).ok());
    auto ev = events(s);
    QCOMPARE(ev.size(), std::size_t{3});
    QVERIFY(ev[0] == (YamuxEvent{YamuxEventType::STREAM_OPENED, id, 0}));
    QVERIFY(ev[1] == (YamuxEvent{YamuxEventType::STREAM_DATA, id, 7}));
    QVERIFY(ev[2] == (YamuxEvent{YamuxEventType::STREAM_REMOTE_CLOSED, id, 0}));
    // The server ACKs at once with WindowUpdate{ACK, 0}.
    const auto ack = s.takeOutput();
    QCOMPARE(hexOf(ack), QByteArray("000100020000000100000000"));
    QCOMPARE(hexOf(s.read(id)), hexOf(textBytes("request")));
    // Half-close: the answer still flows after the client's FIN.
    QVERIFY(s.write(id, textBytes("answer")).ok());
    QVERIFY(s.closeWrite(id).ok());
    QVERIFY(!s.hasStream(id));  // both FINs and nothing left to read: forgotten
    QVERIFY(c.feed(concat(ack, s.takeOutput())).ok());
    ev = events(c);
    QCOMPARE(ev.size(), std::size_t{2});
    QVERIFY(ev[0] == (YamuxEvent{YamuxEventType::STREAM_DATA, id, 6}));
    QVERIFY(ev[1] == (YamuxEvent{YamuxEventType::STREAM_REMOTE_CLOSED, id, 0}));
    QCOMPARE(hexOf(c.read(id)), hexOf(textBytes("answer")));
    QVERIFY(!c.hasStream(id));
    QCOMPARE(c.streamCount(), std::size_t{0});
  }

  void senderKeepsAtMost256000BytesInFlight() {
    auto c = client();
    const auto id = *c.openStream();
    (void)c.takeOutput();
    std::vector<std::uint8_t> big(600000, 0x5a);
    QVERIFY(c.write(id, big).ok());
    auto hs = headers(c.takeOutput());
    QCOMPARE(dataBytes(hs, id), std::size_t{kYamuxMaxInFlight});
    for (const auto& h : hs) QVERIFY(h.length <= kYamuxMaxDataFrame);
    QCOMPARE(c.sendCredit(id), std::uint64_t{0});
    QCOMPARE(c.queuedForSend(id), big.size() - kYamuxMaxInFlight);
    // A window update of 100000 lets exactly 100000 more out.
    QVERIFY(c.feed(frame(YamuxType::WINDOW_UPDATE, yamux_flag::ACK, id, 100000)).ok());
    QCOMPARE(dataBytes(headers(c.takeOutput()), id), std::size_t{100000});
  }

  void receiverGrantsCreditAsDataIsRead() {
    auto c = client();
    auto s = server();
    const auto id = *c.openStream();
    std::vector<std::uint8_t> big(1000000, 0x11);
    QVERIFY(c.write(id, big).ok());
    QVERIFY(c.closeWrite(id).ok());
    std::size_t received = 0;
    for (int round = 0; round < 200 && received < big.size(); ++round) {
      pump(c, s);
      while (s.readable(id) > 0) received += s.read(id, 10000).size();
    }
    QCOMPARE(received, big.size());
    QVERIFY(s.remoteClosed(id));
  }

  void dataBeyondTheWindowIsAProtocolError() {
    auto s = server();
    QVERIFY(s.feed(frame(YamuxType::WINDOW_UPDATE, yamux_flag::SYN, 1, 0)).ok());
    (void)s.takeOutput();
    QVERIFY(s.feed(frame(YamuxType::DATA, 0, 1, 200000, std::vector<std::uint8_t>(200000))).ok());
    // 62144 left; 62145 is one byte too many, refused as soon as the header arrives.
    auto r = s.feed(frame(YamuxType::DATA, 0, 1, 62145));
    QCOMPARE(codeOf(r), QString("YAMUX_WINDOW_EXCEEDED"));
    QCOMPARE(hexOf(s.takeOutput()), QByteArray("000300000000000000000001"));  // GoAway protocol error
    QCOMPARE(codeOf(s.feed(frame(YamuxType::PING, yamux_flag::SYN, 0, 1))), QString("YAMUX_SESSION_FAILED"));
  }

  void synWithOurParityOrInUseIsAProtocolError() {
    auto s = server();
    QCOMPARE(codeOf(s.feed(frame(YamuxType::WINDOW_UPDATE, yamux_flag::SYN, 2, 0))), QString("YAMUX_BAD_STREAM_ID"));
    auto s2 = server();
    QVERIFY(s2.feed(frame(YamuxType::WINDOW_UPDATE, yamux_flag::SYN, 1, 0)).ok());
    QCOMPARE(codeOf(s2.feed(frame(YamuxType::WINDOW_UPDATE, yamux_flag::SYN, 1, 0))), QString("YAMUX_BAD_STREAM_ID"));
    auto s3 = server();
    QCOMPARE(codeOf(s3.feed(frame(YamuxType::DATA, 0, 0, 0))), QString("YAMUX_BAD_STREAM_ID"));
  }

  void malformedFramesFailTheSession_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::newRow("version") << QByteArray("010200010000000000000001") << "YAMUX_BAD_VERSION";
    QTest::newRow("type") << QByteArray("000900000000000000000000") << "YAMUX_BAD_TYPE";
    QTest::newRow("ping syn+ack") << QByteArray("000200030000000000000001") << "YAMUX_BAD_FLAGS";
    QTest::newRow("ping no flag") << QByteArray("000200000000000000000001") << "YAMUX_BAD_FLAGS";
    QTest::newRow("ping on a stream") << QByteArray("000200010000000100000001") << "YAMUX_BAD_STREAM_ID";
    QTest::newRow("go away on a stream") << QByteArray("000300000000000100000000") << "YAMUX_BAD_STREAM_ID";
  }
  void malformedFramesFailTheSession() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    auto s = server();
    auto r = s.feed(hexBytes(hex.constData()));
    QCOMPARE(codeOf(r), code);
    QVERIFY(!r.error().message.empty());
    QVERIFY(s.failed());
  }

  void pingIsAnsweredAndOursIsMatched() {
    auto s = server();
    QVERIFY(s.feed(hexBytes("000200010000000000000007")).ok());
    QCOMPARE(hexOf(s.takeOutput()), QByteArray("000200020000000000000007"));
    QVERIFY(s.ping(42).ok());
    QCOMPARE(hexOf(s.takeOutput()), QByteArray("00020001000000000000002a"));
    QVERIFY(s.feed(frame(YamuxType::PING, yamux_flag::ACK, 0, 41)).ok());  // not ours: ignored
    QVERIFY(events(s).empty());
    QVERIFY(s.feed(frame(YamuxType::PING, yamux_flag::ACK, 0, 42)).ok());
    auto ev = events(s);
    QVERIFY(ev.size() == 1 && ev[0] == (YamuxEvent{YamuxEventType::PING_ACK, 0, 42}));
  }

  void goAwayStopsNewStreams() {
    auto c = client();
    QVERIFY(c.feed(frame(YamuxType::GO_AWAY, 0, 0, 0)).ok());
    auto ev = events(c);
    QVERIFY(ev.size() == 1 && ev[0] == (YamuxEvent{YamuxEventType::GO_AWAY, 0, 0}));
    QCOMPARE(codeOf(c.openStream()), QString("YAMUX_GOING_AWAY"));
    auto s = server();
    s.goAway(YamuxGoAwayCode::NORMAL);
    QCOMPARE(hexOf(s.takeOutput()), QByteArray("000300000000000000000000"));
    // After our GoAway an inbound SYN is refused with RST.
    QVERIFY(s.feed(frame(YamuxType::WINDOW_UPDATE, yamux_flag::SYN, 1, 0)).ok());
    QCOMPARE(hexOf(s.takeOutput()), QByteArray("000100080000000100000000"));
  }

  void resetForgetsTheStreamAndStragglersAreIgnored() {
    auto c = client();
    auto s = server();
    const auto id = *c.openStream();
    QVERIFY(c.write(id, textBytes("x")).ok());
    pump(c, s);
    (void)events(s);
    QVERIFY(c.reset(id).ok());
    QVERIFY(!c.hasStream(id));
    QCOMPARE(codeOf(c.write(id, textBytes("y"))), QString("YAMUX_UNKNOWN_STREAM"));
    QVERIFY(s.feed(c.takeOutput()).ok());
    auto ev = events(s);
    QVERIFY(ev.size() == 1 && ev[0] == (YamuxEvent{YamuxEventType::STREAM_RESET, id, 0}));
    QVERIFY(!s.hasStream(id));
    // Window updates and data for the forgotten stream are skipped without error.
    QVERIFY(s.feed(frame(YamuxType::WINDOW_UPDATE, 0, id, 1000)).ok());
    QVERIFY(s.feed(frame(YamuxType::DATA, 0, id, 3, {1, 2, 3})).ok());
    QVERIFY(s.feed(frame(YamuxType::DATA, 0, 99, 300000)).ok());  // skipped unbuffered, even above a window
    QVERIFY(s.feed(std::vector<std::uint8_t>(300000, 0)).ok());
    QVERIFY(s.feed(hexBytes("000200010000000000000009")).ok());
    QCOMPARE(hexOf(s.takeOutput()), QByteArray("000200020000000000000009"));
  }

  void windowUpdateAfterFinIsAccepted() {
    // js sends WindowUpdates after its FIN; our side keeps the stream for its answer.
    auto s = server();
    QVERIFY(s.feed(concat(frame(YamuxType::WINDOW_UPDATE, yamux_flag::SYN, 1, 0), frame(YamuxType::WINDOW_UPDATE, yamux_flag::FIN, 1, 0))).ok());
    QVERIFY(s.feed(frame(YamuxType::WINDOW_UPDATE, 0, 1, 5000)).ok());
    QCOMPARE(s.sendCredit(1), std::uint64_t{kYamuxMaxInFlight + 5000});
    QVERIFY(s.write(1, textBytes("late answer")).ok());
  }

  void writesAfterCloseAreRefused() {
    auto c = client();
    const auto id = *c.openStream();
    QVERIFY(c.closeWrite(id).ok());
    QCOMPARE(codeOf(c.write(id, textBytes("z"))), QString("YAMUX_STREAM_CLOSED"));
    QCOMPARE(codeOf(c.closeWrite(77)), QString("YAMUX_UNKNOWN_STREAM"));
    QCOMPARE(codeOf(c.reset(77)), QString("YAMUX_UNKNOWN_STREAM"));
  }

  void streamLimitsAreEnforced() {
    YamuxSession s(YamuxConfig{false, kYamuxMaxInFlight, 3, 256});
    for (std::uint32_t id : {1u, 3u, 5u}) QVERIFY(s.feed(frame(YamuxType::WINDOW_UPDATE, yamux_flag::SYN, id, 0)).ok());
    (void)s.takeOutput();
    QVERIFY(s.feed(frame(YamuxType::WINDOW_UPDATE, yamux_flag::SYN, 7, 0)).ok());
    QCOMPARE(hexOf(s.takeOutput()), QByteArray("000100080000000700000000"));  // refused with RST
    QCOMPARE(codeOf(s.openStream()), QString("YAMUX_TOO_MANY_STREAMS"));
    YamuxSession c(YamuxConfig{true, kYamuxMaxInFlight, 1000, 2});
    QVERIFY(c.openStream().ok());
    QVERIFY(c.openStream().ok());
    QCOMPARE(codeOf(c.openStream()), QString("YAMUX_TOO_MANY_STREAMS"));  // two unacknowledged
    QVERIFY(c.feed(frame(YamuxType::WINDOW_UPDATE, yamux_flag::ACK, 1, 0)).ok());
    QVERIFY(c.openStream().ok());
  }

  void byteByByteInputGivesTheSameResult() {
    auto c = client();
    const auto id = *c.openStream();
    QVERIFY(c.write(id, std::vector<std::uint8_t>(100000, 0x33)).ok());
    QVERIFY(c.closeWrite(id).ok());
    QVERIFY(c.ping(5).ok());
    const auto bytes = c.takeOutput();
    auto s = server();
    for (auto b : bytes) QVERIFY(s.feed(std::vector<std::uint8_t>{b}).ok());
    QCOMPARE(s.readable(id), std::size_t{100000});
    QVERIFY(s.remoteClosed(id));
  }

  void manyConcurrentStreamsStayIndependent() {
    auto c = client();
    auto s = server();
    std::vector<std::uint32_t> ids;
    for (int i = 0; i < 100; ++i) {
      ids.push_back(*c.openStream());
      QVERIFY(c.write(ids.back(), std::vector<std::uint8_t>(3000 + i, static_cast<std::uint8_t>(i))).ok());
      QVERIFY(c.closeWrite(ids.back()).ok());
    }
    pump(c, s);
    for (int i = 0; i < 100; ++i) {
      auto got = s.read(ids[i]);
      QCOMPARE(got.size(), std::size_t(3000 + i));
      QVERIFY(std::all_of(got.begin(), got.end(), [i](std::uint8_t b) { return b == i; }));
    }
  }
};

QTEST_GUILESS_MAIN(TstYamux)
#include "tst_yamux.moc"
