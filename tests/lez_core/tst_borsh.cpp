// lez::core Borsh writer and bounds-checked reader (borsh.h; spec §1).
#include <QtTest>

#include "lez/core/borsh.h"
#include "test_support.h"

using namespace lez::core;
using lez_test::hexBytes;
using lez_test::qhex;

namespace {
QString codeOf(const lezpay::util::Error& e) { return QString::fromStdString(e.code); }
}  // namespace

class TstBorsh : public QObject {
  Q_OBJECT
 private slots:
  void writerLaysOutLittleEndian() {
    BorshWriter w;
    w.writeU8(0xab);
    w.writeU16(0x0102);
    w.writeU32(0x01020304);
    w.writeU64(0x0102030405060708ULL);
    w.writeU128(U128::fromParts(0x1112131415161718ULL, 0x0102030405060708ULL));
    w.writeBool(true);
    w.writeBool(false);
    QCOMPARE(qhex(w.bytes()),
             QStringLiteral("ab" "0201" "04030201" "0807060504030201"
                            "08070605040302011817161514131211" "01" "00"));
  }

  void writerLengthPrefixes() {
    BorshWriter w;
    const std::vector<std::uint8_t> fixed{1, 2};
    w.writeFixed(fixed);
    w.writeBytes(fixed);
    w.writeString("hé");
    w.writeOption(std::optional<std::uint32_t>{}, [](BorshWriter& o, std::uint32_t v) { o.writeU32(v); });
    w.writeOption(std::optional<std::uint32_t>{7}, [](BorshWriter& o, std::uint32_t v) { o.writeU32(v); });
    w.writeVec(std::vector<std::uint64_t>{1, 2}, [](BorshWriter& o, std::uint64_t v) { o.writeU64(v); });
    QCOMPARE(qhex(w.bytes()), QStringLiteral("0102" "020000000102" "0300000068c3a9" "00" "0107000000"
                                             "02000000" "0100000000000000" "0200000000000000"));
  }

  void readerRoundTripsPrimitives() {
    BorshWriter w;
    w.writeU8(1);
    w.writeU16(2);
    w.writeU32(3);
    w.writeU64(4);
    w.writeU128(U128::max());
    w.writeBool(true);
    w.writeBytes(std::vector<std::uint8_t>{9, 8});
    w.writeString("ok");
    const auto bytes = std::move(w).take();
    BorshReader r(bytes);
    QCOMPARE(r.readU8().value(), std::uint8_t{1});
    QCOMPARE(r.readU16().value(), std::uint16_t{2});
    QCOMPARE(r.readU32().value(), std::uint32_t{3});
    QCOMPARE(r.readU64().value(), std::uint64_t{4});
    QVERIFY(r.readU128().value() == U128::max());
    QCOMPARE(r.readBool().value(), true);
    QVERIFY((r.readBytes(10).value() == std::vector<std::uint8_t>{9, 8}));
    QCOMPARE(QString::fromStdString(r.readString(10).value()), QStringLiteral("ok"));
    auto done = r.finish();
    QVERIFY2(done.ok(), lez_test::why(done).constData());
  }

  void readsFailWithTruncatedAtEveryWidth_data() {
    QTest::addColumn<QString>("hex");
    QTest::addColumn<int>("width");
    QTest::newRow("u8 of 0") << "" << 1;
    QTest::newRow("u16 of 1") << "01" << 2;
    QTest::newRow("u32 of 3") << "010203" << 4;
    QTest::newRow("u64 of 7") << "01020304050607" << 8;
    QTest::newRow("u128 of 15") << "0102030405060708090a0b0c0d0e0f" << 16;
  }
  void readsFailWithTruncatedAtEveryWidth() {
    QFETCH(QString, hex);
    QFETCH(int, width);
    const auto bytes = hexBytes(hex.toStdString());
    BorshReader r(bytes);
    lezpay::util::Error err;
    switch (width) {
      case 1: err = r.readU8().error(); break;
      case 2: err = r.readU16().error(); break;
      case 4: err = r.readU32().error(); break;
      case 8: err = r.readU64().error(); break;
      default: err = r.readU128().error(); break;
    }
    QCOMPARE(codeOf(err), QStringLiteral("TRUNCATED"));
    QVERIFY2(QString::fromStdString(err.message).contains(QStringLiteral("need %1 bytes").arg(width)),
             qPrintable(QString::fromStdString(err.message)));
  }

  void finishRejectsTrailingBytes() {
    const auto bytes = hexBytes("0100000000");
    BorshReader r(bytes);
    QVERIFY(r.readU32().ok());
    auto st = r.finish();
    QVERIFY(!st.ok());
    QCOMPARE(codeOf(st.error()), QStringLiteral("TRAILING_BYTES"));
    QVERIFY(QString::fromStdString(st.error().message).contains(QStringLiteral("at byte 4")));
  }

  void boolRejectsOtherBytes() {
    const auto bytes = hexBytes("02");
    BorshReader r(bytes);
    QCOMPARE(codeOf(r.readBool().error()), QStringLiteral("INVALID_BOOL"));
  }

  void optionAndVariantTagsAreChecked() {
    const auto bytes = hexBytes("02" "03");
    BorshReader r(bytes);
    QCOMPARE(codeOf(r.readOptionTag().error()), QStringLiteral("INVALID_VARIANT"));
    QCOMPARE(codeOf(r.readVariant(3).error()), QStringLiteral("INVALID_VARIANT"));
    const auto ok = hexBytes("01" "02");
    BorshReader r2(ok);
    QCOMPARE(r2.readOptionTag().value(), true);
    QCOMPARE(r2.readVariant(3).value(), std::uint8_t{2});
  }

  // A huge count must fail before anything is allocated for it.
  void countThatCannotFitIsRejectedBeforeAllocating() {
    const auto bytes = hexBytes("ffffffff" "00112233");
    BorshReader r(bytes);
    auto c = r.readCount(32, 0xffffffffu);
    QVERIFY(!c.ok());
    QCOMPARE(codeOf(c.error()), QStringLiteral("TRUNCATED"));
    BorshReader r2(bytes);
    auto v = r2.readBytes(0xffffffffu);
    QCOMPARE(codeOf(v.error()), QStringLiteral("TRUNCATED"));
  }

  void countAboveLimitIsOversize() {
    const auto bytes = hexBytes("05000000" "0102030405");
    BorshReader r(bytes);
    auto v = r.readBytes(4);
    QVERIFY(!v.ok());
    QCOMPARE(codeOf(v.error()), QStringLiteral("OVERSIZE"));
    BorshReader r2(bytes);
    QCOMPARE(r2.readBytes(5).value().size(), std::size_t{5});
  }

  void countFitsExactlyAtTheBoundary() {
    const auto bytes = hexBytes("02000000" "aabbccdd");
    BorshReader r(bytes);
    QCOMPARE(r.readCount(2, 10).value(), std::uint32_t{2});
    BorshReader r2(bytes);
    QCOMPARE(codeOf(r2.readCount(3, 10).error()), QStringLiteral("TRUNCATED"));
  }

  void stringMustBeUtf8() {
    const auto bad = hexBytes("02000000" "c328");
    BorshReader r(bad);
    QCOMPARE(codeOf(r.readString(10).error()), QStringLiteral("INVALID_UTF8"));
  }

  void utf8Validation_data() {
    QTest::addColumn<QString>("hex");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ascii") << "616263" << true;
    QTest::newRow("2-byte") << "c3a9" << true;
    QTest::newRow("3-byte") << "e282ac" << true;
    QTest::newRow("4-byte") << "f09f9880" << true;
    QTest::newRow("overlong /") << "c0af" << false;
    QTest::newRow("overlong 3-byte") << "e08080" << false;
    QTest::newRow("surrogate") << "eda080" << false;
    QTest::newRow("above U+10FFFF") << "f4908080" << false;
    QTest::newRow("lone continuation") << "80" << false;
    QTest::newRow("cut sequence") << "e282" << false;
  }
  void utf8Validation() {
    QFETCH(QString, hex);
    QFETCH(bool, valid);
    QCOMPARE(isValidUtf8(hexBytes(hex.toStdString())), valid);
  }
};

QTEST_APPLESS_MAIN(TstBorsh)
#include "tst_borsh.moc"
