// lez::core Message, WitnessSet, PublicTransaction and LeeTransaction codecs
// (message_codec.h, witness_set_codec.h, transaction_codec.h; spec §4) against
// tests/vectors/lez_core.json.
#include <QJsonArray>
#include <QtTest>

#include "lez/core/message_codec.h"
#include "lez/core/transaction_codec.h"
#include "lez/core/witness_set_codec.h"
#include "test_support.h"

using namespace lez::core;
using lez_test::hexBytes;
using lez_test::qhex;

namespace {
QString codeOf(const lezpay::util::Error& e) { return QString::fromStdString(e.code); }
QString msgOf(const lezpay::util::Error& e) { return QString::fromStdString(e.message); }
std::string s(const QJsonObject& o, const char* key) {
  return o.value(QLatin1String(key)).toString().toStdString();
}

QJsonObject txVector() {
  return lez_test::loadVectors("lez_core.json").value(QStringLiteral("transaction")).toObject();
}

PublicTransaction vectorTransaction() {
  const auto v = txVector();
  Message m;
  m.programId = ProgramId::fromHex(s(v, "program_id")).value();
  for (const auto& id : v.value(QStringLiteral("account_ids")).toArray()) {
    m.accountIds.push_back(AccountId::fromHex(id.toString().toStdString()).value());
  }
  for (const auto& n : v.value(QStringLiteral("nonces")).toArray()) {
    m.nonces.push_back(U128::parseDecimal(n.toString().toStdString()).value());
  }
  for (const auto& w : v.value(QStringLiteral("instruction_words")).toArray()) {
    m.instructionData.push_back(static_cast<std::uint32_t>(w.toInteger()));
  }
  Witness w{Signature::fromHex(s(v, "signature")).value(), PublicKey::fromHex(s(v, "public_key")).value()};
  return PublicTransaction{m, WitnessSet{{w}}};
}
}  // namespace

class TstTransactionCodec : public QObject {
  Q_OBJECT
 private slots:
  void fullMessageMatchesVector() {
    const auto tx = vectorTransaction();
    const auto bytes = encode(tx.message);
    QCOMPARE(qhex(bytes), QString::fromStdString(s(txVector(), "message_borsh")));
    auto back = decodeMessage(bytes);
    QVERIFY2(back.ok(), lez_test::why(back).constData());
    QVERIFY(back.value() == tx.message);
  }

  void emptyMessageRoundTrips() {
    const Message m;
    const auto bytes = encode(m);
    QCOMPARE(qhex(bytes), QString(64, QLatin1Char('0')) + QStringLiteral("000000000000000000000000"));
    auto back = decodeMessage(bytes);
    QVERIFY(back.ok());
    QVERIFY(back.value() == m);
  }

  void fullTransactionMatchesVector() {
    const auto tx = vectorTransaction();
    const auto v = txVector();
    QCOMPARE(qhex(encode(tx)), QString::fromStdString(s(v, "public_transaction_borsh")));
    const LeeTransaction lee{tx};
    QCOMPARE(qhex(encode(lee)), QString::fromStdString(s(v, "lee_transaction_borsh")));
    auto back = decodeLeeTransaction(encode(lee));
    QVERIFY2(back.ok(), lez_test::why(back).constData());
    QVERIFY(back.value() == lee);
    QVERIFY(back.value().kind() == TransactionKind::Public);
    auto pub = decodePublicTransaction(encode(tx));
    QVERIFY(pub.ok());
    QVERIFY(pub.value() == tx);
  }

  void emptyTransactionRoundTrips() {
    const PublicTransaction tx;
    auto back = decodePublicTransaction(encode(tx));
    QVERIFY(back.ok());
    QVERIFY(back.value() == tx);
    const LeeTransaction lee{tx};
    QCOMPARE(encode(lee).front(), std::uint8_t{0});
    QVERIFY(decodeLeeTransaction(encode(lee)).value() == lee);
  }

  void witnessSetRoundTrips() {
    const auto tx = vectorTransaction();
    const auto bytes = encode(tx.witnessSet);
    QCOMPARE(bytes.size(), 4 + kWitnessEncodedBytes);
    QVERIFY(decodeWitnessSet(bytes).value() == tx.witnessSet);
    QVERIFY(decodeWitnessSet(encode(WitnessSet{})).value() == WitnessSet{});
  }

  void programDeploymentRoundTrips() {
    const auto v = txVector();
    const LeeTransaction lee{ProgramDeploymentTransaction{hexBytes(s(v, "deployment_bytecode"))}};
    QCOMPARE(qhex(encode(lee)), QString::fromStdString(s(v, "deployment_lee_borsh")));
    auto back = decodeLeeTransaction(encode(lee));
    QVERIFY2(back.ok(), lez_test::why(back).constData());
    QVERIFY(back.value().kind() == TransactionKind::ProgramDeployment);
    QVERIFY(back.value() == lee);
    const LeeTransaction empty{ProgramDeploymentTransaction{}};
    QVERIFY(decodeLeeTransaction(encode(empty)).value() == empty);
  }

  void decodeRejectsEveryTruncation() {
    const auto full = encode(LeeTransaction{vectorTransaction()});
    for (std::size_t n = 0; n < full.size(); ++n) {
      auto r = decodeLeeTransaction(std::span<const std::uint8_t>(full.data(), n));
      QVERIFY(!r.ok());
      QVERIFY2(codeOf(r.error()) == QLatin1String("TRUNCATED"), lez_test::why(r).constData());
    }
  }

  void decodeRejectsTrailingBytes_data() {
    QTest::addColumn<QString>("what");
    QTest::newRow("message") << "message";
    QTest::newRow("public transaction") << "public";
    QTest::newRow("lee transaction") << "lee";
    QTest::newRow("witness set") << "witness";
  }
  void decodeRejectsTrailingBytes() {
    QFETCH(QString, what);
    const auto tx = vectorTransaction();
    std::vector<std::uint8_t> bytes;
    if (what == QLatin1String("message")) bytes = encode(tx.message);
    else if (what == QLatin1String("public")) bytes = encode(tx);
    else if (what == QLatin1String("lee")) bytes = encode(LeeTransaction{tx});
    else bytes = encode(tx.witnessSet);
    bytes.push_back(0x00);
    lezpay::util::Error err;
    if (what == QLatin1String("message")) err = decodeMessage(bytes).error();
    else if (what == QLatin1String("public")) err = decodePublicTransaction(bytes).error();
    else if (what == QLatin1String("lee")) err = decodeLeeTransaction(bytes).error();
    else err = decodeWitnessSet(bytes).error();
    QCOMPARE(codeOf(err), QStringLiteral("TRAILING_BYTES"));
  }

  void decodeRejectsInvalidPublicKey() {
    auto bytes = encode(vectorTransaction());
    // The public key is the last 32 bytes; x = p + 1 exceeds the field size.
    const auto bad = hexBytes("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30");
    std::copy(bad.begin(), bad.end(), bytes.end() - 32);
    auto r = decodePublicTransaction(bytes);
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), QStringLiteral("INVALID_PUBLIC_KEY"));
    QVERIFY2(msgOf(r.error()).contains(QStringLiteral("WitnessSet[0].public_key")), lez_test::why(r).constData());
    // Not on the curve (BIP-340 vector 5 key).
    const auto offCurve = hexBytes("eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34");
    std::copy(offCurve.begin(), offCurve.end(), bytes.end() - 32);
    QCOMPARE(codeOf(decodePublicTransaction(bytes).error()), QStringLiteral("INVALID_PUBLIC_KEY"));
  }

  void decodeRejectsVariants_data() {
    QTest::addColumn<QString>("hex");
    QTest::addColumn<QString>("code");
    QTest::newRow("privacy preserving") << "01" << "UNSUPPORTED_VARIANT";
    QTest::newRow("privacy preserving with body") << "01deadbeef" << "UNSUPPORTED_VARIANT";
    QTest::newRow("unknown 3") << "03" << "INVALID_VARIANT";
    QTest::newRow("unknown ff") << "ff00000000" << "INVALID_VARIANT";
  }
  void decodeRejectsVariants() {
    QFETCH(QString, hex);
    QFETCH(QString, code);
    auto r = decodeLeeTransaction(hexBytes(hex.toStdString()));
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), code);
  }

  void privacyPreservingErrorIsClear() {
    auto r = decodeLeeTransaction(hexBytes("01"));
    QVERIFY(msgOf(r.error()).contains(QStringLiteral("PrivacyPreserving")));
  }

  void decodeRejectsOversizeCounts_data() {
    QTest::addColumn<QString>("field");
    QTest::newRow("account_ids") << "account_ids";
    QTest::newRow("nonces") << "nonces";
    QTest::newRow("instruction_data") << "instruction_data";
    QTest::newRow("witnesses") << "witnesses";
  }
  // A count larger than the remaining input fails before allocation and names the field.
  void decodeRejectsOversizeCounts() {
    QFETCH(QString, field);
    BorshWriter w;
    w.writeFixed(ProgramId().toBytes());
    // Counts in wire order; the chosen one is huge and ends the input, the earlier ones are 0.
    for (const char* name : {"account_ids", "nonces", "instruction_data", "witnesses"}) {
      if (field == QLatin1String(name)) {
        w.writeU32(0x7fffffff);
        break;
      }
      w.writeU32(0);
    }
    const auto bytes = std::move(w).take();
    auto r = decodePublicTransaction(bytes);
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), QStringLiteral("TRUNCATED"));
    const QString expectedField = field == QLatin1String("witnesses") ? QStringLiteral("WitnessSet") : field;
    QVERIFY2(msgOf(r.error()).contains(expectedField), lez_test::why(r).constData());
  }

  void deploymentBytecodeCountIsBounded() {
    const auto bytes = hexBytes("02" "ffffffff" "00");
    auto r = decodeLeeTransaction(bytes);
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), QStringLiteral("TRUNCATED"));
    QVERIFY(msgOf(r.error()).contains(QStringLiteral("bytecode")));
  }
};

QTEST_APPLESS_MAIN(TstTransactionCodec)
#include "tst_transaction_codec.moc"
