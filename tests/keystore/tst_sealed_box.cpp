// Password-sealed secrets (libs/keystore/sealed_box.h).
#include <QtTest>

#include <nlohmann/json.hpp>

#include "lezpay/keystore/sealed_box.h"

using namespace lezpay::keystore;

namespace {
const KdfParams kFast{1u << 10, 8, 1};  // small cost: tests only
}

class TstSealedBox : public QObject {
  Q_OBJECT
 private slots:
  void roundTrip() {
    auto sealed = seal("secret keys", "pw", kFast);
    QVERIFY(sealed.ok());
    QVERIFY(sealed->find("secret") == std::string::npos);
    auto opened = open(sealed.value(), "pw");
    QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
    QCOMPARE(QString::fromStdString(opened.value()), QStringLiteral("secret keys"));
  }
  void emptyPlaintext() {
    auto sealed = seal("", "pw", kFast);
    QCOMPARE(QString::fromStdString(open(sealed.value(), "pw").value()), QString());
  }
  void wrongPassword() {
    auto r = open(seal("x", "pw", kFast).value(), "PW");
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("WRONG_PASSWORD_OR_CORRUPT"));
  }
  void everyTamperedFieldIsRejected_data() {
    QTest::addColumn<QString>("field");
    for (const char* f : {"ciphertext", "tag", "nonce", "kdf.salt", "kdf.n", "version", "cipher", "format"}) QTest::newRow(f) << f;
  }
  void everyTamperedFieldIsRejected() {
    QFETCH(QString, field);
    auto j = nlohmann::json::parse(seal("payload", "pw", kFast).value());
    auto flip = [](std::string s) {
      s[0] = s[0] == 'a' ? 'b' : 'a';
      return s;
    };
    if (field == "kdf.salt") j["kdf"]["salt"] = flip(j["kdf"]["salt"]);
    else if (field == "kdf.n") j["kdf"]["n"] = 2048;
    else if (field == "version") j["version"] = 2;
    else if (field == "cipher") j["cipher"] = "chacha20";
    else if (field == "format") j["format"] = "other";
    else j[field.toStdString()] = flip(j[field.toStdString()]);
    auto r = open(j.dump(), "pw");
    QVERIFY2(!r.ok(), qPrintable(field));
  }
  void malformedInputs_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    QTest::newRow("not json") << "{" << "MALFORMED_KEYSTORE";
    QTest::newRow("array") << "[]" << "MALFORMED_KEYSTORE";
    QTest::newRow("huge n") << R"({"format":"lezpay-sealed-box","version":1,"cipher":"aes-256-gcm","kdf":{"name":"scrypt","n":1073741824,"r":8,"p":1,"salt":"00"}})" << "MALFORMED_KEYSTORE";
    QTest::newRow("other kdf") << R"({"format":"lezpay-sealed-box","version":1,"cipher":"aes-256-gcm","kdf":{"name":"pbkdf2"}})" << "UNSUPPORTED_KEYSTORE";
    QTest::newRow("short salt") << R"({"format":"lezpay-sealed-box","version":1,"cipher":"aes-256-gcm","kdf":{"name":"scrypt","n":1024,"r":8,"p":1,"salt":"00"},"nonce":"","tag":"","ciphertext":""})" << "MALFORMED_KEYSTORE";
  }
  void malformedInputs() {
    QFETCH(QString, text);
    QFETCH(QString, code);
    auto r = open(text.toStdString(), "pw");
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), code);
  }
  void freshSaltAndNonceEachTime() {
    QVERIFY(seal("same", "pw", kFast).value() != seal("same", "pw", kFast).value());
  }
};

QTEST_APPLESS_MAIN(TstSealedBox)
#include "tst_sealed_box.moc"
