// lezpay::util base58 (Bitcoin alphabet), spec §1.
#include <QtTest>

#include "lezpay/util/base58.h"
#include "test_support.h"

using namespace lezpay::util;
using lez_test::hexBytes;

class TstBase58 : public QObject {
  Q_OBJECT
 private slots:
  // Known values (Bitcoin alphabet; leading zero bytes as '1').
  void encodesKnownValues_data() {
    QTest::addColumn<QString>("hex");
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "" << "";
    QTest::newRow("zero byte") << "00" << "1";
    QTest::newRow("two zero bytes") << "0000" << "11";
    QTest::newRow("one") << "01" << "2";
    QTest::newRow("57") << "39" << "z";
    QTest::newRow("58") << "3a" << "21";
    QTest::newRow("hello world") << "68656c6c6f20776f726c64" << "StV1DL6CwTryKyV";
    QTest::newRow("leading zeros kept") << "00000000ff" << "11115Q";
    QTest::newRow("32 zero bytes") << "0000000000000000000000000000000000000000000000000000000000000000"
                                   << "11111111111111111111111111111111";
  }
  void encodesKnownValues() {
    QFETCH(QString, hex);
    QFETCH(QString, text);
    const auto bytes = hexBytes(hex.toStdString());
    QCOMPARE(QString::fromStdString(base58Encode(bytes)), text);
    auto back = base58Decode(text.toStdString());
    QVERIFY2(back.ok(), lez_test::why(back).constData());
    QVERIFY(back.value() == bytes);
  }

  void decodeRejectsCharactersOutsideTheAlphabet_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::newRow("zero") << "a0b" << 1;
    QTest::newRow("capital O") << "O" << 0;
    QTest::newRow("capital I") << "abI" << 2;
    QTest::newRow("lowercase l") << "l" << 0;
    QTest::newRow("space") << "ab c" << 2;
    QTest::newRow("plus") << "+" << 0;
  }
  void decodeRejectsCharactersOutsideTheAlphabet() {
    QFETCH(QString, text);
    QFETCH(int, position);
    auto r = base58Decode(text.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("INVALID_BASE58"));
    QVERIFY(QString::fromStdString(r.error().message).contains(QStringLiteral("position %1").arg(position)));
  }

  void decodeRejectsOversizeText() {
    const std::string longText(kMaxBase58TextLength + 1, '2');
    auto r = base58Decode(longText);
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("OVERSIZE"));
  }

  void roundTripsManyLengths() {
    std::vector<std::uint8_t> data;
    for (int n = 0; n < 80; ++n) {
      auto back = base58Decode(base58Encode(data));
      QVERIFY(back.ok());
      QVERIFY(back.value() == data);
      data.push_back(static_cast<std::uint8_t>(n % 3 == 0 ? 0 : n * 53 + 7));
    }
  }
};

QTEST_APPLESS_MAIN(TstBase58)
#include "tst_base58.moc"
