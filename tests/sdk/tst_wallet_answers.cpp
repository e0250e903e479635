// The wallet_module answer contract (interfaces/logos/wallet_answers.h): the declared shape and the
// one parser that payment_streams and x402 both read a get_account_public answer with.
#include <QtTest>

#include "logos/sdk/result_shape.h"
#include "logos/wallet_answers.h"

using logos::Json;
namespace wa = logos::wallet_answers;

namespace {
// 1000 = 0x3e8: LE hex e803 followed by zeros; nonce 2.
Json answer() {
  return Json{{"status", "ok"},
              {"account_id", std::string(64, 'a')},
              {"account_id_base58", "4wBqpZM9xaSheZzJSMawUKKwhdpChKbZ5eu5ky4Vigw"},
              {"program_owner", std::string(62, '0') + "07"},
              {"balance", "e8030000000000000000000000000000"},
              {"nonce", "02000000000000000000000000000000"},
              {"data", "0102"},
              {"balance_decimal", "1000"},
              {"nonce_decimal", "2"}};
}
}  // namespace

class TstWalletAnswers : public QObject {
  Q_OBJECT
 private slots:
  void parsesTheDeclaredAnswer() {
    auto a = wa::parseAccount(answer());
    QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
    QCOMPARE(QString::fromStdString(a->balance.toDecimal()), QStringLiteral("1000"));
    QCOMPARE(QString::fromStdString(a->nonce.toDecimal()), QStringLiteral("2"));
    QCOMPARE(a->programOwner[31], std::uint8_t{7});
    QCOMPARE(a->data.size(), std::size_t{2});
  }

  void theShapeIsWellFormedAndFitsTheAnswer() {
    QVERIFY(logos::sdk::checkShapeDefinition(wa::accountShape()).ok());
    auto st = logos::sdk::checkShape(wa::accountShape(), answer());
    QVERIFY2(st.ok(), st.ok() ? "" : st.error().message.c_str());
  }

  // The two consumers used to read different fields (LE hex in one, decimal in the other), so an
  // answer whose forms disagree meant two different balances.
  void refusesFormsThatDisagree() {
    Json j = answer();
    j["balance_decimal"] = "1001";
    auto a = wa::parseAccount(j);
    QVERIFY(!a.ok());
    QCOMPARE(QString::fromStdString(a.error().code), QStringLiteral("WALLET_BAD_ANSWER"));
    QVERIFY2(a.error().message.find("balance") != std::string::npos, a.error().message.c_str());
  }

  void refusesMissingOrMalformedFields_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");  // empty = remove the field
    QTest::newRow("no balance_decimal") << "balance_decimal" << "";
    QTest::newRow("no balance") << "balance" << "";
    QTest::newRow("nonce not decimal") << "nonce_decimal" << "x";
    QTest::newRow("owner short") << "program_owner" << "00";
    QTest::newRow("data odd") << "data" << "abc";
  }
  void refusesMissingOrMalformedFields() {
    QFETCH(QString, field);
    QFETCH(QString, value);
    Json j = answer();
    if (value.isEmpty()) {
      j.erase(field.toStdString());
    } else {
      j[field.toStdString()] = value.toStdString();
    }
    auto a = wa::parseAccount(j);
    QVERIFY(!a.ok());
    QVERIFY2(a.error().message.find(field.toStdString()) != std::string::npos, a.error().message.c_str());
  }
};

QTEST_GUILESS_MAIN(TstWalletAnswers)
#include "tst_wallet_answers.moc"
