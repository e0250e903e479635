// Unsigned LEB128 varints, zigzag and the stable error strings (lezpay/proto); UTF-8 is tests/util/tst_utf8.
#include <QtTest>

#include <cstdint>
#include <limits>
#include <vector>

#include "lezpay/proto/error.h"
#include "lezpay/proto/varint.h"

using namespace lezpay::proto;

namespace {
std::vector<std::uint8_t> fromHex(const QByteArray& hex) {
  const QByteArray b = QByteArray::fromHex(hex);
  return {b.begin(), b.end()};
}
QByteArray toHex(const std::vector<std::uint8_t>& v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size())).toHex();
}
}  // namespace

class TstVarint : public QObject {
  Q_OBJECT
 private slots:
  void encodesKnownValues_data() {
    QTest::addColumn<quint64>("value");
    QTest::addColumn<QByteArray>("hex");
    QTest::newRow("0") << quint64{0} << QByteArray("00");
    QTest::newRow("1") << quint64{1} << QByteArray("01");
    QTest::newRow("127") << quint64{127} << QByteArray("7f");
    QTest::newRow("128") << quint64{128} << QByteArray("8001");
    QTest::newRow("150") << quint64{150} << QByteArray("9601");
    QTest::newRow("300") << quint64{300} << QByteArray("ac02");
    QTest::newRow("16383") << quint64{16383} << QByteArray("ff7f");
    QTest::newRow("16384") << quint64{16384} << QByteArray("808001");
    QTest::newRow("2^32-1") << quint64{0xFFFFFFFFu} << QByteArray("ffffffff0f");
    QTest::newRow("2^63") << (quint64{1} << 63) << QByteArray("80808080808080808001");
    QTest::newRow("2^64-1") << std::numeric_limits<quint64>::max() << QByteArray("ffffffffffffffffff01");
  }
  void encodesKnownValues() {
    QFETCH(quint64, value);
    QFETCH(QByteArray, hex);
    QCOMPARE(toHex(encodeVarint(value)), hex);
    QCOMPARE(varintSize(value), static_cast<std::size_t>(hex.size() / 2));
  }

  void decodesKnownValues_data() { encodesKnownValues_data(); }
  void decodesKnownValues() {
    QFETCH(quint64, value);
    QFETCH(QByteArray, hex);
    const auto bytes = fromHex(hex);
    auto r = decodeVarint(bytes);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(quint64{r->value}, value);
    QCOMPARE(r->length, bytes.size());
  }

  void decodeLeavesTrailingBytesToCaller() {
    const auto bytes = fromHex("ac02ff");
    auto r = decodeVarint(bytes);
    QVERIFY(r.ok());
    QCOMPARE(r->value, std::uint64_t{300});
    QCOMPARE(r->length, std::size_t{2});
  }

  void decodeRejectsMalformed_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty") << QByteArray("") << "TRUNCATED";
    QTest::newRow("lone continuation") << QByteArray("80") << "TRUNCATED";
    QTest::newRow("two continuations") << QByteArray("ffff") << "TRUNCATED";
    QTest::newRow("nine continuations") << QByteArray("ffffffffffffffffff") << "TRUNCATED";
    QTest::newRow("overlong zero") << QByteArray("8000") << "VARINT_OVERLONG";
    QTest::newRow("overlong 127") << QByteArray("ff00") << "VARINT_OVERLONG";
    QTest::newRow("overlong ten bytes") << QByteArray("80808080808080808000") << "VARINT_OVERLONG";
    QTest::newRow("2^64") << QByteArray("80808080808080808002") << "VARINT_OVERFLOW";
    QTest::newRow("tenth byte 7f") << QByteArray("ffffffffffffffffff7f") << "VARINT_OVERFLOW";
    QTest::newRow("eleven bytes") << QByteArray("8080808080808080808001") << "VARINT_OVERFLOW";
  }
  void decodeRejectsMalformed() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    auto r = decodeVarint(fromHex(hex));
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), code);
  }

  void zigzagMapsSignedValues_data() {
    QTest::addColumn<qint64>("value");
    QTest::addColumn<quint64>("zigzag");
    QTest::newRow("0") << qint64{0} << quint64{0};
    QTest::newRow("-1") << qint64{-1} << quint64{1};
    QTest::newRow("1") << qint64{1} << quint64{2};
    QTest::newRow("-2") << qint64{-2} << quint64{3};
    QTest::newRow("2147483647") << qint64{2147483647} << quint64{4294967294u};
    QTest::newRow("-2147483648") << qint64{-2147483648LL} << quint64{4294967295u};
    QTest::newRow("max") << std::numeric_limits<qint64>::max() << std::numeric_limits<quint64>::max() - 1;
    QTest::newRow("min") << std::numeric_limits<qint64>::min() << std::numeric_limits<quint64>::max();
  }
  void zigzagMapsSignedValues() {
    QFETCH(qint64, value);
    QFETCH(quint64, zigzag);
    QCOMPARE(quint64{zigzagEncode(value)}, zigzag);
    QCOMPARE(qint64{zigzagDecode(zigzag)}, value);
  }

  void errorCodesHaveStableStrings() {
    const ErrorCode all[] = {ErrorCode::TRUNCATED,       ErrorCode::VARINT_OVERFLOW,  ErrorCode::VARINT_OVERLONG,
                             ErrorCode::BAD_WIRE_TYPE,   ErrorCode::BAD_FIELD_NUMBER, ErrorCode::FIELD_WRONG_TYPE,
                             ErrorCode::DUPLICATE_FIELD, ErrorCode::MISSING_REQUIRED_FIELD, ErrorCode::WRONG_LENGTH,
                             ErrorCode::TOO_LARGE,       ErrorCode::INVALID_UTF8,     ErrorCode::INVALID_VALUE,
                             ErrorCode::ONEOF_CONFLICT,  ErrorCode::TRAILING_BYTES,   ErrorCode::MISSING_NEWLINE};
    for (ErrorCode c : all) {
      auto back = errorCodeFromString(toString(c));
      QVERIFY(back.has_value());
      QCOMPARE(int(*back), int(c));
    }
    QCOMPARE(QString::fromUtf8(toString(ErrorCode::MISSING_REQUIRED_FIELD).data()), QString("MISSING_REQUIRED_FIELD"));
    QVERIFY(!errorCodeFromString("NOT_A_CODE").has_value());
    QCOMPARE(QString::fromStdString(makeError(ErrorCode::TOO_LARGE, "x").code), QString("TOO_LARGE"));
  }
};

QTEST_APPLESS_MAIN(TstVarint)
#include "tst_varint.moc"
