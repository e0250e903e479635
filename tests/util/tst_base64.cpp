// lezpay::util base64: strict standard (padded) and URL-safe unpadded dialects (util/base64.h).
#include <QtTest>

#include <cstring>

#include "lezpay/util/base64.h"
#include "test_support.h"

using namespace lezpay::util;

namespace {
std::vector<std::uint8_t> bytesOf(const char* s) {
  return std::vector<std::uint8_t>(s, s + std::strlen(s));
}
}  // namespace

class TstBase64 : public QObject {
  Q_OBJECT
 private slots:
  // RFC 4648 §10 test vectors.
  void standardMatchesRfc4648_data() {
    QTest::addColumn<QString>("plain");
    QTest::addColumn<QString>("encoded");
    QTest::newRow("empty") << "" << "";
    QTest::newRow("f") << "f" << "Zg==";
    QTest::newRow("fo") << "fo" << "Zm8=";
    QTest::newRow("foo") << "foo" << "Zm9v";
    QTest::newRow("foob") << "foob" << "Zm9vYg==";
    QTest::newRow("fooba") << "fooba" << "Zm9vYmE=";
    QTest::newRow("foobar") << "foobar" << "Zm9vYmFy";
  }
  void standardMatchesRfc4648() {
    QFETCH(QString, plain);
    QFETCH(QString, encoded);
    const auto bytes = bytesOf(plain.toLatin1().constData());
    QCOMPARE(QString::fromStdString(toBase64(bytes)), encoded);
    auto back = fromBase64(encoded.toStdString());
    QVERIFY2(back.ok(), lez_test::why(back).constData());
    QVERIFY(back.value() == bytes);
  }

  void urlSafeIsUnpadded_data() {
    QTest::addColumn<QString>("plain");
    QTest::addColumn<QString>("encoded");
    QTest::newRow("empty") << "" << "";
    QTest::newRow("f") << "f" << "Zg";
    QTest::newRow("fo") << "fo" << "Zm8";
    QTest::newRow("foo") << "foo" << "Zm9v";
    QTest::newRow("foob") << "foob" << "Zm9vYg";
  }
  void urlSafeIsUnpadded() {
    QFETCH(QString, plain);
    QFETCH(QString, encoded);
    const auto bytes = bytesOf(plain.toLatin1().constData());
    QCOMPARE(QString::fromStdString(toBase64Url(bytes)), encoded);
    auto back = fromBase64Url(encoded.toStdString());
    QVERIFY(back.ok());
    QVERIFY(back.value() == bytes);
  }

  void alphabetsDifferInTheLastTwoDigits() {
    const std::vector<std::uint8_t> bytes{0xfb, 0xff, 0xbf};
    QCOMPARE(QString::fromStdString(toBase64(bytes)), QStringLiteral("+/+/"));
    QCOMPARE(QString::fromStdString(toBase64Url(bytes)), QStringLiteral("-_-_"));
  }

  void standardRejects_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("length not multiple of 4") << "Zm9";
    QTest::newRow("missing padding") << "Zg";
    QTest::newRow("url-safe minus") << "-_-_";
    QTest::newRow("url-safe underscore") << "Zm9_";
    QTest::newRow("whitespace") << "Zm9v Zg==";
    QTest::newRow("newline") << "Zm9v\nZg==";
    QTest::newRow("three pads") << "Z===";
    QTest::newRow("four pads") << "====";
    QTest::newRow("pad in the middle") << "Zg==Zm9v";
    QTest::newRow("non-canonical bits 1 byte") << "Zh==";
    QTest::newRow("non-canonical bits 2 bytes") << "Zm9=";
    QTest::newRow("invalid char") << "Zm9*";
  }
  void standardRejects() {
    QFETCH(QString, text);
    auto r = fromBase64(text.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("INVALID_BASE64"));
  }

  void urlSafeRejects_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("padding") << "Zg==";
    QTest::newRow("plus") << "+/+/";
    QTest::newRow("slash") << "Zm9/";
    QTest::newRow("length 4k+1") << "Zm9vY";
    QTest::newRow("non-canonical bits") << "Zh";
    QTest::newRow("space") << "Zm 9";
  }
  void urlSafeRejects() {
    QFETCH(QString, text);
    auto r = fromBase64Url(text.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("INVALID_BASE64"));
  }

  void errorNamesUrlSafeCharacter() {
    auto r = fromBase64("ab-d");
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error().message).contains(QStringLiteral("URL-safe")),
             qPrintable(QString::fromStdString(r.error().message)));
  }

  void roundTripsAllLengths() {
    std::vector<std::uint8_t> data;
    for (int n = 0; n < 70; ++n) {
      auto a = fromBase64(toBase64(data));
      auto b = fromBase64Url(toBase64Url(data));
      QVERIFY(a.ok() && a.value() == data);
      QVERIFY(b.ok() && b.value() == data);
      data.push_back(static_cast<std::uint8_t>(n * 37 + 11));
    }
  }
};

QTEST_APPLESS_MAIN(TstBase64)
#include "tst_base64.moc"
