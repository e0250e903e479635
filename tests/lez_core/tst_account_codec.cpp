// lez::core Account codec (account_codec.h; spec §2, §4) and ClockAccountData (clock_data.h, §9).
#include <QtTest>

#include "lez/core/account_codec.h"
#include "lez/core/authenticated_transfer.h"
#include "lez/core/clock_data.h"
#include "test_support.h"

using namespace lez::core;
using lez_test::hexBytes;
using lez_test::qhex;

namespace {
QString codeOf(const lezpay::util::Error& e) { return QString::fromStdString(e.code); }

std::vector<std::uint8_t> accountBytes(std::size_t dataLen) {
  BorshWriter w;
  w.writeFixed(kAuthenticatedTransferProgramId.toBytes());
  w.writeU128(U128(5));
  w.writeBytes(std::vector<std::uint8_t>(dataLen, 0x5a));
  w.writeU128(U128(1));
  return std::move(w).take();
}
}  // namespace

class TstAccountCodec : public QObject {
  Q_OBJECT
 private slots:
  void fullAccountMatchesVector() {
    const auto v = lez_test::loadVectors("lez_core.json").value(QStringLiteral("account")).toObject();
    Account a;
    a.programOwner = ProgramId::fromHex(v.value(QStringLiteral("program_owner")).toString().toStdString()).value();
    a.balance = U128::parseDecimal(v.value(QStringLiteral("balance")).toString().toStdString()).value();
    a.data = hexBytes(v.value(QStringLiteral("data")).toString().toStdString());
    a.nonce = U128::parseDecimal(v.value(QStringLiteral("nonce")).toString().toStdString()).value();
    const auto bytes = encode(a);
    QCOMPARE(qhex(bytes), v.value(QStringLiteral("borsh")).toString());
    auto back = decodeAccount(bytes);
    QVERIFY2(back.ok(), lez_test::why(back).constData());
    QVERIFY(back.value() == a);
    QVERIFY(!a.isDefault());
  }

  void defaultAccountRoundTrips() {
    const Account a;
    QVERIFY(a.isDefault());
    const auto bytes = encode(a);
    QCOMPARE(bytes.size(), std::size_t{32 + 16 + 4 + 16});
    auto back = decodeAccount(bytes);
    QVERIFY(back.ok());
    QVERIFY(back.value().isDefault());
  }

  void isDefaultLooksAtEveryField() {
    Account a;
    a.nonce = U128(1);
    QVERIFY(!a.isDefault());
    Account b;
    b.data = {0};
    QVERIFY(!b.isDefault());
    Account c;
    c.programOwner = kAuthenticatedTransferProgramId;
    QVERIFY(!c.isDefault());
  }

  void dataAtTheLimitIsAccepted() {
    auto back = decodeAccount(accountBytes(kMaxAccountDataBytes));
    QVERIFY2(back.ok(), lez_test::why(back).constData());
    QCOMPARE(back.value().data.size(), kMaxAccountDataBytes);
  }

  void decodeRejectsOversizeData() {
    auto r = decodeAccount(accountBytes(kMaxAccountDataBytes + 1));
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), QStringLiteral("OVERSIZE"));
    QVERIFY2(QString::fromStdString(r.error().message).startsWith(QStringLiteral("Account.data")),
             qPrintable(QString::fromStdString(r.error().message)));
  }

  void decodeRejectsEveryTruncation() {
    const auto full = accountBytes(3);
    for (std::size_t n = 0; n < full.size(); ++n) {
      auto r = decodeAccount(std::span<const std::uint8_t>(full.data(), n));
      QVERIFY(!r.ok());
      QCOMPARE(codeOf(r.error()), QStringLiteral("TRUNCATED"));
    }
  }

  void decodeRejectsTrailingBytes() {
    auto bytes = accountBytes(0);
    bytes.push_back(0);
    auto r = decodeAccount(bytes);
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), QStringLiteral("TRAILING_BYTES"));
  }

  void clockDataIsSixteenBytes() {
    const auto v = lez_test::loadVectors("lez_core.json").value(QStringLiteral("clock_data")).toObject();
    const ClockAccountData d{static_cast<std::uint64_t>(v.value(QStringLiteral("block_id")).toInteger()),
                             static_cast<std::uint64_t>(v.value(QStringLiteral("timestamp")).toInteger())};
    const auto bytes = encode(d);
    QCOMPARE(bytes.size(), kClockAccountDataBytes);
    QCOMPARE(qhex(bytes), v.value(QStringLiteral("borsh")).toString());
    QVERIFY(decodeClockAccountData(bytes).value() == d);
    QVERIFY(decodeClockAccountData(encode(ClockAccountData{})).value() == ClockAccountData{});
  }

  void clockDataRejectsOtherLengths_data() {
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty") << 0 << "TRUNCATED";
    QTest::newRow("15") << 15 << "TRUNCATED";
    QTest::newRow("17") << 17 << "TRAILING_BYTES";
  }
  void clockDataRejectsOtherLengths() {
    QFETCH(int, length);
    QFETCH(QString, code);
    const std::vector<std::uint8_t> bytes(static_cast<std::size_t>(length), 1);
    auto r = decodeClockAccountData(bytes);
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), code);
  }

  void clockTickIsTwoWords() {
    QVERIFY((clockTickInstruction(0x0000018bcfe56800ULL) ==
             std::vector<std::uint32_t>{0xcfe56800u, 0x0000018bu}));
  }
};

QTEST_APPLESS_MAIN(TstAccountCodec)
#include "tst_account_codec.moc"
