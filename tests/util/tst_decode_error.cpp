// The decode-error vocabulary of lezpay::util (decode_error.h): the stable strings every decoder
// answers with, their inverse, and the context prefix codecs add on the way out.
#include <QtTest>

#include "lezpay/util/decode_error.h"

using namespace lezpay::util;

class TstDecodeError : public QObject {
  Q_OBJECT
 private slots:
  // The strings are wire: callers and tests compare against them, so they are pinned here.
  void stringsAreStableAndInvertible_data() {
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text");
    const char* names[] = {"TRUNCATED",     "TRAILING_BYTES", "OVERSIZE",      "INVALID_PUBLIC_KEY",
                           "INVALID_VARIANT", "UNSUPPORTED_VARIANT", "INVALID_BOOL", "INVALID_UTF8",
                           "INVALID_VALUE", "INVALID_BASE58", "INVALID_HEX",   "WRONG_LENGTH"};
    for (int i = 0; i < 12; ++i) QTest::newRow(names[i]) << i << QString::fromLatin1(names[i]);
  }
  void stringsAreStableAndInvertible() {
    QFETCH(int, code);
    QFETCH(QString, text);
    const auto e = static_cast<DecodeError>(code);
    QCOMPARE(QString::fromLatin1(toString(e).data(), static_cast<int>(toString(e).size())), text);
    QVERIFY(decodeErrorFromString(text.toStdString()) == e);
    QCOMPARE(QString::fromStdString(makeError(e, "m").code), text);
  }

  void amountCodes() {
    QCOMPARE(std::string(toString(AmountError::INVALID_AMOUNT)), std::string("INVALID_AMOUNT"));
    QCOMPARE(std::string(toString(AmountError::AMOUNT_OVERFLOW)), std::string("AMOUNT_OVERFLOW"));
  }

  void unknownStringIsNotACode() {
    QVERIFY(!decodeErrorFromString("truncated").has_value());
    QVERIFY(!decodeErrorFromString("INVALID_AMOUNT").has_value());
    QVERIFY(!decodeErrorFromString("").has_value());
  }

  void contextPrefixesTheMessageOnly() {
    const Error e = withContext(makeError(DecodeError::TRUNCATED, "need 16 bytes"), "Message.nonces[1]");
    QCOMPARE(QString::fromStdString(e.code), QStringLiteral("TRUNCATED"));
    QCOMPARE(QString::fromStdString(e.message), QStringLiteral("Message.nonces[1]: need 16 bytes"));
  }
};

QTEST_GUILESS_MAIN(TstDecodeError)
#include "tst_decode_error.moc"
