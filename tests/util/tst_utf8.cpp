// lezpay::util UTF-8 (utf8.h): the strict validator every codec uses, and the decoder behind the
// x402 reason sanitiser; both refuse the same sequences.
#include <QtTest>

#include "lezpay/util/utf8.h"

namespace {

std::string bytesOf(const QByteArray& hex) { return QByteArray::fromHex(hex).toStdString(); }

}  // namespace

class TstUtf8 : public QObject {
  Q_OBJECT

 private slots:
  void validation_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty") << QByteArray("") << true;
    QTest::newRow("ascii") << QByteArray("2f7761") << true;
    QTest::newRow("nul") << QByteArray("00") << true;
    QTest::newRow("2-byte e-acute") << QByteArray("c3a9") << true;
    QTest::newRow("3-byte euro") << QByteArray("e282ac") << true;
    QTest::newRow("4-byte emoji") << QByteArray("f09f9880") << true;
    QTest::newRow("U+10FFFF") << QByteArray("f48fbfbf") << true;
    QTest::newRow("lone continuation") << QByteArray("80") << false;
    QTest::newRow("overlong slash") << QByteArray("c0af") << false;
    QTest::newRow("overlong 3-byte") << QByteArray("e080af") << false;
    QTest::newRow("overlong 4-byte") << QByteArray("f08282ac") << false;
    QTest::newRow("surrogate") << QByteArray("eda080") << false;
    QTest::newRow("above U+10FFFF") << QByteArray("f4908080") << false;
    QTest::newRow("f5 lead") << QByteArray("f5808080") << false;
    QTest::newRow("truncated 3-byte") << QByteArray("e282") << false;
    QTest::newRow("truncated 4-byte at the end") << QByteArray("41f09f98") << false;
    QTest::newRow("bad continuation") << QByteArray("e228a1") << false;
    QTest::newRow("ff") << QByteArray("ff") << false;
  }
  void validation() {
    QFETCH(QByteArray, hex);
    QFETCH(bool, valid);
    const std::string text = bytesOf(hex);
    QCOMPARE(lezpay::util::isValidUtf8(text), valid);
    // The decoder agrees with the validator over the whole input.
    bool decoded = true;
    for (std::size_t i = 0; i < text.size();) {
      const auto cp = lezpay::util::decodeUtf8At(text, i);
      if (!cp) {
        decoded = false;
        break;
      }
      i += cp->length;
    }
    QCOMPARE(decoded, valid);
  }

  void decoderAnswersCodePointAndLength_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<uint>("codePoint");
    QTest::addColumn<int>("length");
    QTest::newRow("ascii") << QByteArray("41") << 0x41u << 1;
    QTest::newRow("e-acute") << QByteArray("c3a9") << 0xE9u << 2;
    QTest::newRow("euro") << QByteArray("e282ac") << 0x20ACu << 3;
    QTest::newRow("emoji") << QByteArray("f09f9880") << 0x1F600u << 4;
    QTest::newRow("U+10FFFF") << QByteArray("f48fbfbf") << 0x10FFFFu << 4;
    QTest::newRow("C1 control U+0085") << QByteArray("c285") << 0x85u << 2;
  }
  void decoderAnswersCodePointAndLength() {
    QFETCH(QByteArray, hex);
    QFETCH(uint, codePoint);
    QFETCH(int, length);
    const auto cp = lezpay::util::decodeUtf8At(bytesOf(hex), 0);
    QVERIFY(cp.has_value());
    QCOMPARE(static_cast<uint>(cp->value), codePoint);
    QCOMPARE(static_cast<int>(cp->length), length);
  }

  void decoderPastTheEndIsNothing() { QVERIFY(!lezpay::util::decodeUtf8At(std::string_view("ab"), 2).has_value()); }
};

QTEST_GUILESS_MAIN(TstUtf8)
#include "tst_utf8.moc"
