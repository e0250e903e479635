// multistream-select 1.0 messages (waku-store.md §1).
#include <QtTest>

#include <string>
#include <vector>

#include "lezpay/proto/frame.h"
#include "lezpay/proto/multistream.h"

using namespace lezpay::proto;

namespace {
std::vector<std::uint8_t> fromHex(const QByteArray& hex) {
  const QByteArray b = QByteArray::fromHex(hex);
  return {b.begin(), b.end()};
}
QByteArray toHex(const std::vector<std::uint8_t>& v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size())).toHex();
}
std::vector<std::uint8_t> bytesOf(const std::string& s) { return {s.begin(), s.end()}; }
}  // namespace

class TstMultistream : public QObject {
  Q_OBJECT
 private slots:
  void encodesTheHandshakeMessage() {
    auto m = encodeMultistreamMessage(kMultistreamProtocolId);
    QVERIFY(m.ok());
    // len 19 = 18 characters + newline
    QCOMPARE(toHex(*m), QByteArray("13") + QByteArray("/multistream/1.0.0\n").toHex());
    auto na = encodeMultistreamMessage(kMultistreamNotAvailable);
    QCOMPARE(toHex(*na), QByteArray("036e610a"));
  }

  void roundTripsProtocolIds_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("multistream") << "/multistream/1.0.0";
    QTest::newRow("store") << "/vac/waku/store-query/3.0.0";
    QTest::newRow("lightpush") << "/vac/waku/lightpush/3.0.0";
    QTest::newRow("na") << "na";
    QTest::newRow("utf8") << QString::fromUtf8("/caf\xc3\xa9/1");
  }
  void roundTripsProtocolIds() {
    QFETCH(QString, text);
    const std::string t = text.toStdString();
    auto m = encodeMultistreamMessage(t);
    QVERIFY(m.ok());
    auto back = decodeMultistreamMessage(*m);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QCOMPARE(QString::fromStdString(*back), text);
  }

  void encodeEnforcesTheLimitAndNewlineRule() {
    QVERIFY(encodeMultistreamMessage(std::string(1023, 'a')).ok());  // 1024 with the newline
    QCOMPARE(QString::fromStdString(encodeMultistreamMessage(std::string(1024, 'a')).error().code), QString("TOO_LARGE"));
    QCOMPARE(QString::fromStdString(encodeMultistreamMessage("a\nb").error().code), QString("INVALID_VALUE"));
    QCOMPARE(QString::fromStdString(encodeMultistreamMessage("").error().code), QString("INVALID_VALUE"));
    QCOMPARE(QString::fromStdString(encodeMultistreamMessage("\xff").error().code), QString("INVALID_UTF8"));
  }

  void decodeRejectsMalformedMessages_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::newRow("missing newline") << QByteArray("026e61") << "MISSING_NEWLINE";
    QTest::newRow("empty payload") << QByteArray("00") << "MISSING_NEWLINE";
    QTest::newRow("only newline") << QByteArray("010a") << "INVALID_VALUE";
    QTest::newRow("inner newline") << QByteArray("046e0a610a") << "INVALID_VALUE";
    QTest::newRow("invalid utf8") << QByteArray("02ff0a") << "INVALID_UTF8";
    QTest::newRow("truncated") << QByteArray("056e610a") << "TRUNCATED";
    QTest::newRow("trailing bytes") << QByteArray("036e610a00") << "TRAILING_BYTES";
    QTest::newRow("length 1025") << QByteArray("8108") << "TOO_LARGE";
    QTest::newRow("overlong prefix") << QByteArray("83006e610a") << "VARINT_OVERLONG";
  }
  void decodeRejectsMalformedMessages() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    auto r = decodeMultistreamMessage(fromHex(hex));
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), code);
  }

  void parsesANegotiationArrivingInPieces() {
    // Listener's view: the dialer's handshake and proposal, delivered in three arbitrary chunks.
    std::vector<std::uint8_t> stream = encodeMultistreamMessage(kMultistreamProtocolId).value();
    const auto proposal = encodeMultistreamMessage("/vac/waku/store-query/3.0.0").value();
    stream.insert(stream.end(), proposal.begin(), proposal.end());
    FrameReader reader(kMaxMultistreamMessageBytes);
    std::vector<std::string> got;
    const std::size_t cuts[] = {5, 22, stream.size()};
    std::size_t from = 0;
    for (std::size_t to : cuts) {
      reader.append(std::span(stream).subspan(from, to - from));
      from = to;
      for (;;) {
        auto out = reader.poll();
        QVERIFY(out.state != FrameReader::State::ERROR);
        if (out.state == FrameReader::State::NEED_MORE) break;
        auto text = parseMultistreamPayload(out.frame);
        QVERIFY(text.ok());
        got.push_back(*text);
      }
    }
    QCOMPARE(got.size(), std::size_t{2});
    QCOMPARE(QString::fromStdString(got[0]), QString("/multistream/1.0.0"));
    QCOMPARE(QString::fromStdString(got[1]), QString("/vac/waku/store-query/3.0.0"));
    QVERIFY(!reader.hasPartialFrame());
  }

  void payloadParserChecksLimit() {
    std::vector<std::uint8_t> big(1025, 'a');
    big.back() = '\n';
    QCOMPARE(QString::fromStdString(parseMultistreamPayload(big).error().code), QString("TOO_LARGE"));
    QCOMPARE(QString::fromStdString(parseMultistreamPayload(bytesOf("na\n")).value()), QString("na"));
  }
};

QTEST_APPLESS_MAIN(TstMultistream)
#include "tst_multistream.moc"
