// lezpay::util hex: lowercase encoding, strict decoding with optional 0x (libs/util/hex.h).
#include <QtTest>

#include "lezpay/util/hex.h"
#include "test_support.h"

using namespace lezpay::util;

class TstHex : public QObject {
  Q_OBJECT
 private slots:
  void encodesLowercase() {
    const std::vector<std::uint8_t> bytes{0x00, 0x01, 0xab, 0xff, 0x7f};
    QCOMPARE(QString::fromStdString(toHex(bytes)), QStringLiteral("0001abff7f"));
    QCOMPARE(QString::fromStdString(toHex({})), QString());
  }

  void decodeAccepts_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("empty") << "" << "";
    QTest::newRow("lower") << "00ab" << "00ab";
    QTest::newRow("upper") << "00AB" << "00ab";
    QTest::newRow("mixed") << "aBcD" << "abcd";
    QTest::newRow("0x prefix") << "0xdeadbeef" << "deadbeef";
    QTest::newRow("0X prefix") << "0XDEADBEEF" << "deadbeef";
    QTest::newRow("prefix only") << "0x" << "";
  }
  void decodeAccepts() {
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    auto r = fromHex(text.toStdString());
    QVERIFY2(r.ok(), lez_test::why(r).constData());
    QCOMPARE(QString::fromStdString(toHex(r.value())), canonical);
  }

  void decodeRejects_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("needle");
    QTest::newRow("odd length") << "abc" << "odd";
    QTest::newRow("odd after prefix") << "0x1" << "odd";
    QTest::newRow("invalid char") << "00zz" << "position 2";
    QTest::newRow("leading space") << " 00" << "position 0";
    QTest::newRow("trailing newline") << "00\n" << "position 2";
    QTest::newRow("inner space") << "00 11" << "position 2";
    QTest::newRow("double prefix") << "0x0x00" << "position 3";
    QTest::newRow("minus") << "-1" << "position 0";
  }
  void decodeRejects() {
    QFETCH(QString, text);
    QFETCH(QString, needle);
    auto r = fromHex(text.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("INVALID_HEX"));
    QVERIFY2(QString::fromStdString(r.error().message).contains(needle),
             qPrintable(QString::fromStdString(r.error().message)));
  }

  void fixedLengthIsEnforced() {
    auto ok = fromHexFixed<4>("0x01020304");
    QVERIFY(ok.ok());
    QCOMPARE(ok.value()[3], std::uint8_t{4});
    auto shorter = fromHexFixed<4>("010203");
    QVERIFY(!shorter.ok());
    QCOMPARE(QString::fromStdString(shorter.error().code), QStringLiteral("INVALID_HEX_LENGTH"));
    auto bad = fromHexFixed<4>("0102030g");
    QCOMPARE(QString::fromStdString(bad.error().code), QStringLiteral("INVALID_HEX"));
  }

  void roundTripsEveryByte() {
    std::vector<std::uint8_t> all(256);
    for (int i = 0; i < 256; ++i) all[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
    auto back = fromHex(toHex(all));
    QVERIFY(back.ok());
    QVERIFY(back.value() == all);
  }
};

QTEST_APPLESS_MAIN(TstHex)
#include "tst_hex.moc"
