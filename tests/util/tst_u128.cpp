// lezpay::util U128: checked arithmetic, canonical decimal text, LE bytes (u128.h; spec §1, §2, §12).
#include <QtTest>

#include "lezpay/util/u128.h"
#include "test_support.h"

using namespace lezpay::util;

namespace lezpay::util {
// QCOMPARE prints a U128 as its decimal text.
char* toString(const U128& v) { return qstrdup(v.toDecimal().c_str()); }
}  // namespace lezpay::util

namespace {
const char* kMax = "340282366920938463463374607431768211455";
const char* kMaxPlusOne = "340282366920938463463374607431768211456";
}  // namespace

class TstU128 : public QObject {
  Q_OBJECT
 private slots:
  void maxIsAllOnes() {
    QCOMPARE(U128::max().lo(), ~std::uint64_t{0});
    QCOMPARE(U128::max().hi(), ~std::uint64_t{0});
    QCOMPARE(QString::fromStdString(U128::max().toDecimal()), QString::fromLatin1(kMax));
    QCOMPARE(std::string(kMax).size(), kU128MaxDecimalDigits);
  }

  void partsRoundTrip() {
    const auto v = U128::fromParts(0x0123456789abcdefULL, 0xfedcba9876543210ULL);
    QCOMPARE(v.hi(), 0x0123456789abcdefULL);
    QCOMPARE(v.lo(), 0xfedcba9876543210ULL);
    QVERIFY(!v.toU64().has_value());
    QCOMPARE(U128(42).toU64().value(), std::uint64_t{42});
  }

  void addDetectsOverflow() {
    QCOMPARE(U128::max().checkedAdd(U128(0)).value(), U128::max());
    QVERIFY(!U128::max().checkedAdd(U128(1)).has_value());
    QCOMPARE(U128(~std::uint64_t{0}).checkedAdd(U128(1)).value(), U128::fromParts(1, 0));
  }

  void subDetectsUnderflow() {
    QVERIFY(!U128(0).checkedSub(U128(1)).has_value());
    QVERIFY(!U128(5).checkedSub(U128(6)).has_value());
    QCOMPARE(U128(5).checkedSub(U128(5)).value(), U128(0));
    QCOMPARE(U128::fromParts(1, 0).checkedSub(U128(1)).value(), U128(~std::uint64_t{0}));
  }

  void mulDetectsOverflow() {
    QCOMPARE(U128::max().checkedMul(U128(1)).value(), U128::max());
    QCOMPARE(U128::max().checkedMul(U128(0)).value(), U128(0));
    QVERIFY(!U128::max().checkedMul(U128(2)).has_value());
    const auto two64 = U128::fromParts(1, 0);
    QVERIFY(!two64.checkedMul(two64).has_value());
    QCOMPARE(U128(~std::uint64_t{0}).checkedMul(U128(~std::uint64_t{0})).value(),
             U128::fromParts(0xfffffffffffffffeULL, 1));
  }

  void divAndRemRejectZero() {
    QVERIFY(!U128(7).checkedDiv(U128(0)).has_value());
    QVERIFY(!U128(7).checkedRem(U128(0)).has_value());
    QCOMPARE(U128(7).checkedDiv(U128(2)).value(), U128(3));
    QCOMPARE(U128(7).checkedRem(U128(2)).value(), U128(1));
  }

  void ordering() {
    QVERIFY(U128(1) < U128(2));
    QVERIFY(U128::fromParts(1, 0) > U128(~std::uint64_t{0}));
    QVERIFY(U128::max() >= U128::max());
  }

  void parseAccepts_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<quint64>("hi");
    QTest::addColumn<quint64>("lo");
    QTest::newRow("zero") << "0" << quint64(0) << quint64(0);
    QTest::newRow("one") << "1" << quint64(0) << quint64(1);
    QTest::newRow("u64 max") << "18446744073709551615" << quint64(0) << ~quint64(0);
    QTest::newRow("2^64") << "18446744073709551616" << quint64(1) << quint64(0);
    QTest::newRow("39-digit max") << kMax << ~quint64(0) << ~quint64(0);
  }
  void parseAccepts() {
    QFETCH(QString, text);
    QFETCH(quint64, hi);
    QFETCH(quint64, lo);
    auto r = U128::parseDecimal(text.toStdString());
    QVERIFY2(r.ok(), lez_test::why(r).constData());
    QCOMPARE(r.value().hi(), hi);
    QCOMPARE(r.value().lo(), lo);
    QCOMPARE(QString::fromStdString(r.value().toDecimal()), text);
  }

  void parseRejects_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty") << "" << "INVALID_AMOUNT";
    QTest::newRow("00") << "00" << "INVALID_AMOUNT";
    QTest::newRow("leading zero") << "0123" << "INVALID_AMOUNT";
    QTest::newRow("sign") << "+1" << "INVALID_AMOUNT";
    QTest::newRow("negative") << "-1" << "INVALID_AMOUNT";
    QTest::newRow("space") << " 1" << "INVALID_AMOUNT";
    QTest::newRow("trailing space") << "1 " << "INVALID_AMOUNT";
    QTest::newRow("decimal point") << "1.0" << "INVALID_AMOUNT";
    QTest::newRow("exponent") << "1e3" << "INVALID_AMOUNT";
    QTest::newRow("hex") << "0x10" << "INVALID_AMOUNT";
    QTest::newRow("max+1") << kMaxPlusOne << "AMOUNT_OVERFLOW";
    QTest::newRow("40 digits") << "1000000000000000000000000000000000000000" << "AMOUNT_OVERFLOW";
    QTest::newRow("39 nines") << "999999999999999999999999999999999999999" << "AMOUNT_OVERFLOW";
  }
  void parseRejects() {
    QFETCH(QString, text);
    QFETCH(QString, code);
    auto r = U128::parseDecimal(text.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), code);
  }

  void leBytesRoundTrip() {
    const auto v = U128::fromParts(0x0102030405060708ULL, 0x090a0b0c0d0e0f10ULL);
    const auto bytes = v.toLeBytes();
    QCOMPARE(bytes[0], std::uint8_t{0x10});
    QCOMPARE(bytes[15], std::uint8_t{0x01});
    QCOMPARE(U128::fromLeBytes(bytes), v);
    QCOMPARE(QString::fromStdString(U128(1).toLeHex()), QStringLiteral("01000000000000000000000000000000"));
  }

  void leHexParsing() {
    auto ok = U128::fromLeHex("0xe8030000000000000000000000000000");
    QVERIFY(ok.ok());
    QCOMPARE(ok.value(), U128(1000));
    auto shortText = U128::fromLeHex("e803");
    QVERIFY(!shortText.ok());
    QCOMPARE(QString::fromStdString(shortText.error().code), QStringLiteral("WRONG_LENGTH"));
    auto bad = U128::fromLeHex("zz030000000000000000000000000000");
    QCOMPARE(QString::fromStdString(bad.error().code), QStringLiteral("INVALID_HEX"));
  }
};

QTEST_APPLESS_MAIN(TstU128)
#include "tst_u128.moc"
