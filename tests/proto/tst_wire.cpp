// Protobuf Writer, Reader and the checked field accessors (lezpay/proto).
#include <QtTest>

#include <cstdint>
#include <vector>

#include "lezpay/proto/error.h"
#include "lezpay/proto/fields.h"
#include "lezpay/proto/reader.h"
#include "lezpay/proto/writer.h"

using namespace lezpay::proto;

namespace {
std::vector<std::uint8_t> fromHex(const QByteArray& hex) {
  const QByteArray b = QByteArray::fromHex(hex);
  return {b.begin(), b.end()};
}
QByteArray toHex(const std::vector<std::uint8_t>& v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size())).toHex();
}
QString codeOf(const lezpay::util::Error& e) { return QString::fromStdString(e.code); }

// Reads every field of `bytes`; returns the fields or the first error.
lezpay::util::Result<std::vector<Field>> readAll(const std::vector<std::uint8_t>& bytes) {
  Reader r(bytes);
  std::vector<Field> out;
  while (!r.atEnd()) {
    auto f = r.next();
    if (!f) return f.error();
    out.push_back(*f);
  }
  return out;
}
}  // namespace

class TstWire : public QObject {
  Q_OBJECT
 private slots:
  void writerEncodesEachWireType_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("hex");
    QTest::newRow("varint 150") << 0 << QByteArray("089601");
    QTest::newRow("string testing") << 1 << QByteArray("120774657374696e67");
    QTest::newRow("sint64 -1") << 2 << QByteArray("1801");
    QTest::newRow("fixed64") << 3 << QByteArray("210102030405060708");
    QTest::newRow("fixed32") << 4 << QByteArray("2d01020304");
    QTest::newRow("bool true field 52") << 5 << QByteArray("a00301");
    QTest::newRow("empty bytes") << 6 << QByteArray("3200");
    QTest::newRow("nested message") << 7 << QByteArray("3a03089601");
    QTest::newRow("field 2^29-1") << 8 << QByteArray("f8ffffff0f01");
  }
  void writerEncodesEachWireType() {
    QFETCH(int, kind);
    QFETCH(QByteArray, hex);
    Writer w;
    switch (kind) {
      case 0: w.varintField(1, 150); break;
      case 1: w.stringField(2, "testing"); break;
      case 2: w.sint64Field(3, -1); break;
      case 3: w.fixed64Field(4, 0x0807060504030201ull); break;
      case 4: w.fixed32Field(5, 0x04030201u); break;
      case 5: w.boolField(52, true); break;
      case 6: w.bytesField(6, {}); break;
      case 7: {
        Writer inner;
        inner.varintField(1, 150);
        w.messageField(7, inner);
        break;
      }
      case 8: w.varintField(kMaxFieldNumber, 1); break;
    }
    QCOMPARE(toHex(w.bytes()), hex);
  }

  void readerReturnsEveryField() {
    Writer w;
    w.varintField(1, 150);
    w.stringField(2, "testing");
    w.fixed64Field(4, 0x0807060504030201ull);
    w.fixed32Field(5, 0x04030201u);
    w.sint64Field(53, -3);
    auto fields = readAll(w.bytes());
    QVERIFY2(fields.ok(), fields.ok() ? "" : fields.error().message.c_str());
    QCOMPARE(fields->size(), std::size_t{5});
    const auto& f = *fields;
    QCOMPARE(f[0].number, 1u);
    QCOMPARE(int(f[0].wire_type), int(WireType::VARINT));
    QCOMPARE(f[0].scalar, std::uint64_t{150});
    QCOMPARE(f[1].number, 2u);
    QCOMPARE(int(f[1].wire_type), int(WireType::LEN));
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(f[1].bytes.data()), static_cast<qsizetype>(f[1].bytes.size())), QByteArray("testing"));
    QCOMPARE(int(f[2].wire_type), int(WireType::I64));
    QCOMPARE(f[2].scalar, std::uint64_t{0x0807060504030201ull});
    QCOMPARE(int(f[3].wire_type), int(WireType::I32));
    QCOMPARE(f[3].scalar, std::uint64_t{0x04030201u});
    QCOMPARE(f[4].number, 53u);
    auto s = readSint64(f[4], "x");
    QVERIFY(s.ok());
    QCOMPARE(*s, std::int64_t{-3});
  }

  // Unknown fields of every supported wire type are consumed whole, so the field after them
  // is read correctly.
  void readerSkipsUnknownFields_data() {
    QTest::addColumn<QByteArray>("unknown");
    QTest::newRow("varint") << QByteArray("f8059601");            // field 95 varint 150
    QTest::newRow("varint 10 bytes") << QByteArray("f805ffffffffffffffffff01");
    QTest::newRow("i64") << QByteArray("f9050102030405060708");
    QTest::newRow("len") << QByteArray("fa0503616263");
    QTest::newRow("len empty") << QByteArray("fa0500");
    QTest::newRow("i32") << QByteArray("fd0501020304");
  }
  void readerSkipsUnknownFields() {
    QFETCH(QByteArray, unknown);
    auto fields = readAll(fromHex(unknown + "0807"));
    QVERIFY2(fields.ok(), fields.ok() ? "" : fields.error().message.c_str());
    QCOMPARE(fields->size(), std::size_t{2});
    QCOMPARE(fields->at(1).number, 1u);
    QCOMPARE(fields->at(1).scalar, std::uint64_t{7});
  }

  void readerRejectsMalformedInput_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QString>("code");
    QTest::newRow("start group") << QByteArray("0b") << "BAD_WIRE_TYPE";
    QTest::newRow("end group") << QByteArray("0c") << "BAD_WIRE_TYPE";
    QTest::newRow("wire type 6") << QByteArray("0e") << "BAD_WIRE_TYPE";
    QTest::newRow("wire type 7") << QByteArray("0f") << "BAD_WIRE_TYPE";
    QTest::newRow("field number 0") << QByteArray("0001") << "BAD_FIELD_NUMBER";
    QTest::newRow("field number 2^29") << QByteArray("8080808010") << "BAD_FIELD_NUMBER";
    QTest::newRow("tag above 32 bits") << QByteArray("808080808001") << "BAD_FIELD_NUMBER";
    QTest::newRow("truncated tag") << QByteArray("80") << "TRUNCATED";
    QTest::newRow("truncated varint value") << QByteArray("0880") << "TRUNCATED";
    QTest::newRow("missing varint value") << QByteArray("08") << "TRUNCATED";
    QTest::newRow("truncated fixed64") << QByteArray("0901020304050607") << "TRUNCATED";
    QTest::newRow("truncated fixed32") << QByteArray("0d010203") << "TRUNCATED";
    QTest::newRow("length past end") << QByteArray("0a0561") << "TRUNCATED";
    QTest::newRow("missing length") << QByteArray("0a") << "TRUNCATED";
    QTest::newRow("huge length") << QByteArray("0affffffffffffffff7f") << "TRUNCATED";
    QTest::newRow("overlong tag") << QByteArray("8800") << "VARINT_OVERLONG";
    QTest::newRow("overlong value") << QByteArray("088000") << "VARINT_OVERLONG";
    QTest::newRow("overflowing value") << QByteArray("08ffffffffffffffffff03") << "VARINT_OVERFLOW";
    QTest::newRow("good then bad") << QByteArray("08010b") << "BAD_WIRE_TYPE";
  }
  void readerRejectsMalformedInput() {
    QFETCH(QByteArray, hex);
    QFETCH(QString, code);
    auto fields = readAll(fromHex(hex));
    QVERIFY(!fields.ok());
    QCOMPARE(codeOf(fields.error()), code);
  }

  void fieldAccessorsCheckTypesAndRanges() {
    Field v;
    v.number = 1;
    v.wire_type = WireType::VARINT;
    v.scalar = 2;
    QCOMPARE(codeOf(readBool(v, "M.b").error()), QString("INVALID_VALUE"));
    v.scalar = 1;
    QVERIFY(readBool(v, "M.b").value());
    v.scalar = 0x100000000ull;
    QCOMPARE(codeOf(readUint32(v, "M.u").error()), QString("INVALID_VALUE"));
    QCOMPARE(readUint64(v, "M.u").value(), std::uint64_t{0x100000000ull});
    QCOMPARE(codeOf(readBytes(v, "M.b", 10).error()), QString("FIELD_WRONG_TYPE"));
    QVERIFY(QString::fromStdString(readString(v, "M.s", 10).error().message).startsWith("M.s:"));

    const std::vector<std::uint8_t> bad{0xC0, 0xAF};
    Field s;
    s.wire_type = WireType::LEN;
    s.bytes = bad;
    QCOMPARE(codeOf(readString(s, "M.s", 10).error()), QString("INVALID_UTF8"));
    QCOMPARE(codeOf(readBytes(s, "M.s", 1).error()), QString("TOO_LARGE"));
    QCOMPARE(codeOf(readUint64(s, "M.u").error()), QString("FIELD_WRONG_TYPE"));
    QCOMPARE(codeOf(readFixedBytes<32>(s, "M.h").error()), QString("WRONG_LENGTH"));
    QCOMPARE(codeOf(readU64LittleEndianBytes(s, "M.id").error()), QString("WRONG_LENGTH"));

    const std::vector<std::uint8_t> le{0x01, 0x02, 0, 0, 0, 0, 0, 0x80};
    s.bytes = le;
    QCOMPARE(readU64LittleEndianBytes(s, "M.id").value(), std::uint64_t{0x8000000000000201ull});
    QCOMPARE((readFixedBytes<8>(s, "M.h").value()[7]), std::uint8_t{0x80});
  }

  void fieldSetReportsDuplicatesAndMissing() {
    FieldSet seen;
    QVERIFY(seen.markSeen(1, "M.a").ok());
    auto dup = seen.markSeen(1, "M.a");
    QVERIFY(!dup.ok());
    QCOMPARE(codeOf(dup.error()), QString("DUPLICATE_FIELD"));
    QVERIFY(seen.require(1, "M.a").ok());
    auto missing = seen.require(2, "M.b");
    QVERIFY(!missing.ok());
    QCOMPARE(codeOf(missing.error()), QString("MISSING_REQUIRED_FIELD"));
    QCOMPARE(QString::fromStdString(missing.error().message), QString("M.b: missing required field"));
  }

  void inputSizeLimitIsInclusive() {
    const std::vector<std::uint8_t> four(4, 0);
    QVERIFY(checkInputSize(four, 4, "M").ok());
    QCOMPARE(codeOf(checkInputSize(four, 3, "M").error()), QString("TOO_LARGE"));
  }
};

QTEST_APPLESS_MAIN(TstWire)
#include "tst_wire.moc"
