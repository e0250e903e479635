// uvarint length-prefixed frames: one-shot decodeFrame and the incremental FrameReader.
#include <QtTest>

#include <cstdint>
#include <vector>

#include "lezpay/proto/frame.h"

using namespace lezpay::proto;
using State = FrameReader::State;

namespace {
std::vector<std::uint8_t> fromHex(const QByteArray& hex) {
  const QByteArray b = QByteArray::fromHex(hex);
  return {b.begin(), b.end()};
}
QByteArray toHex(const std::vector<std::uint8_t>& v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size())).toHex();
}
}  // namespace

class TstFrameReader : public QObject {
  Q_OBJECT
 private slots:
  void encodePrefixesTheLength() {
    QCOMPARE(toHex(encodeFrame(fromHex("0a0161"))), QByteArray("030a0161"));
    QCOMPARE(toHex(encodeFrame({})), QByteArray("00"));
    const std::vector<std::uint8_t> big(300, 0xAB);
    const auto framed = encodeFrame(big);
    QCOMPARE(framed.size(), std::size_t{302});
    QCOMPARE(framed[0], std::uint8_t{0xAC});
    QCOMPARE(framed[1], std::uint8_t{0x02});
  }

  void decodeFrame_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<int>("max");
    QTest::addColumn<QString>("code");  // empty = success
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("one frame") << QByteArray("03616263") << 16 << "" << QByteArray("616263");
    QTest::newRow("empty frame") << QByteArray("00") << 16 << "" << QByteArray("");
    QTest::newRow("exactly at limit") << QByteArray("03616263") << 3 << "" << QByteArray("616263");
    QTest::newRow("above limit") << QByteArray("03616263") << 2 << "TOO_LARGE" << QByteArray();
    QTest::newRow("no input") << QByteArray("") << 16 << "TRUNCATED" << QByteArray();
    QTest::newRow("prefix cut") << QByteArray("80") << 1000 << "TRUNCATED" << QByteArray();
    QTest::newRow("payload cut") << QByteArray("036162") << 16 << "TRUNCATED" << QByteArray();
    QTest::newRow("trailing bytes") << QByteArray("0161ff") << 16 << "TRAILING_BYTES" << QByteArray();
    QTest::newRow("overlong prefix") << QByteArray("830061") << 1000 << "VARINT_OVERLONG" << QByteArray();
    QTest::newRow("continuation beyond limit") << QByteArray("830061") << 16 << "TOO_LARGE" << QByteArray();
    QTest::newRow("ten-byte prefix") << QByteArray("ffffffffffffffffff01") << -1 << "VARINT_OVERFLOW" << QByteArray();
  }
  void decodeFrame() {
    QFETCH(QByteArray, hex);
    QFETCH(int, max);
    QFETCH(QString, code);
    QFETCH(QByteArray, payload);
    const std::size_t limit = max < 0 ? SIZE_MAX : static_cast<std::size_t>(max);
    auto r = lezpay::proto::decodeFrame(fromHex(hex), limit);
    if (code.isEmpty()) {
      QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
      QCOMPARE(toHex(*r), payload);
    } else {
      QVERIFY(!r.ok());
      QCOMPARE(QString::fromStdString(r.error().code), code);
    }
  }

  void readerNeedsMoreUntilFrameCompleteByteByByte() {
    const auto stream = encodeFrame(fromHex("08011201"));
    FrameReader reader(64);
    for (std::size_t i = 0; i + 1 < stream.size(); ++i) {
      reader.append(std::span(stream).subspan(i, 1));
      QCOMPARE(int(reader.poll().state), int(State::NEED_MORE));
    }
    reader.append(std::span(stream).subspan(stream.size() - 1));
    auto out = reader.poll();
    QCOMPARE(int(out.state), int(State::FRAME));
    QCOMPARE(toHex(out.frame), QByteArray("08011201"));
    QVERIFY(!reader.hasPartialFrame());
    QCOMPARE(int(reader.poll().state), int(State::NEED_MORE));
  }

  void readerSplitsSeveralFramesFromOneChunk() {
    std::vector<std::uint8_t> stream = encodeFrame(fromHex("aa"));
    const auto second = encodeFrame({});
    const auto third = encodeFrame(fromHex("bbcc"));
    stream.insert(stream.end(), second.begin(), second.end());
    stream.insert(stream.end(), third.begin(), third.end());
    stream.push_back(0x05);  // start of a fourth frame
    FrameReader reader(16);
    reader.append(stream);
    auto a = reader.poll();
    auto b = reader.poll();
    auto c = reader.poll();
    QCOMPARE(int(a.state), int(State::FRAME));
    QCOMPARE(toHex(a.frame), QByteArray("aa"));
    QCOMPARE(int(b.state), int(State::FRAME));
    QVERIFY(b.frame.empty());
    QCOMPARE(int(c.state), int(State::FRAME));
    QCOMPARE(toHex(c.frame), QByteArray("bbcc"));
    QCOMPARE(int(reader.poll().state), int(State::NEED_MORE));
    QVERIFY(reader.hasPartialFrame());
    QCOMPARE(reader.bufferedBytes(), std::size_t{1});
  }

  void readerRejectsTooLargeOnceThePrefixIsKnown() {
    FrameReader reader(100);
    reader.append(fromHex("e807"));  // 1000, no payload yet
    auto out = reader.poll();
    QCOMPARE(int(out.state), int(State::ERROR));
    QCOMPARE(QString::fromStdString(out.error.code), QString("TOO_LARGE"));
  }

  void readerRejectsAPartialPrefixThatAlreadyExceedsTheLimit() {
    FrameReader reader(100);
    reader.append(fromHex("80"));  // any minimal continuation implies at least 128
    auto out = reader.poll();
    QCOMPARE(int(out.state), int(State::ERROR));
    QCOMPARE(QString::fromStdString(out.error.code), QString("TOO_LARGE"));

    FrameReader roomy(1u << 20);
    roomy.append(fromHex("8080"));  // at least 2^14: still possible under 1 MiB
    QCOMPARE(int(roomy.poll().state), int(State::NEED_MORE));
  }

  void readerRejectsOverlongAndOverflowingPrefixes() {
    FrameReader overlong(1000);
    overlong.append(fromHex("8100"));
    QCOMPARE(QString::fromStdString(overlong.poll().error.code), QString("VARINT_OVERLONG"));

    FrameReader overflow(SIZE_MAX);
    overflow.append(fromHex("ffffffffffffffffff"));  // nine continuation bytes
    QCOMPARE(int(overflow.poll().state), int(State::NEED_MORE));
    overflow.append(fromHex("01"));
    QCOMPARE(QString::fromStdString(overflow.poll().error.code), QString("VARINT_OVERFLOW"));
  }

  void readerStaysFailedAfterAnError() {
    FrameReader reader(4);
    reader.append(fromHex("05"));
    QCOMPARE(int(reader.poll().state), int(State::ERROR));
    reader.append(fromHex("00"));
    auto again = reader.poll();
    QCOMPARE(int(again.state), int(State::ERROR));
    QCOMPARE(QString::fromStdString(again.error.code), QString("TOO_LARGE"));
    QVERIFY(reader.failed());
    QCOMPARE(reader.bufferedBytes(), std::size_t{0});
  }

  void readerAcceptsAFrameExactlyAtTheLimit() {
    const std::vector<std::uint8_t> payload(200, 0x11);
    FrameReader reader(200);
    reader.append(encodeFrame(payload));
    auto out = reader.poll();
    QCOMPARE(int(out.state), int(State::FRAME));
    QCOMPARE(out.frame, payload);
  }
};

QTEST_APPLESS_MAIN(TstFrameReader)
#include "tst_frame_reader.moc"
