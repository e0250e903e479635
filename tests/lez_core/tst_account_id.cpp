// lez::core ids: AccountId text forms, ProgramId bytes, public account ids, PDAs, SPEL seeds,
// clock ids and AT program ids (account_id.h, program_id.h, pda.h, clock_data.h,
// authenticated_transfer.h; spec §1, §3, §8, §9) against tests/vectors/lez_core.json.
#include <QJsonArray>
#include <QtTest>

#include "lez/core/account_id.h"
#include "lez/core/authenticated_transfer.h"
#include "lez/core/clock_data.h"
#include "lez/core/pda.h"
#include "lez/core/sha256.h"
#include "test_support.h"

using namespace lez::core;
using lez_test::hexBytes;
using lez_test::qhex;

namespace {
QString codeOf(const lezpay::util::Error& e) { return QString::fromStdString(e.code); }
QString str(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

class TstAccountId : public QObject {
  Q_OBJECT
 private slots:
  // Spec §9 table: the ASCII ids and their base58 text.
  void clockIdsMatchSpecBase58_data() {
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("base58");
    QTest::addColumn<QString>("ascii");
    QTest::newRow("CLOCK_01") << 1 << "4BdcjoXkq786TMWcBGGHqcxeLYMZmn17rL4eM9ZyRWNU"
                              << "/LEZ/ClockProgramAccount/0000001";
    QTest::newRow("CLOCK_10") << 10 << "4BdcjoXkq786TMWcBGGHqcxeLYMZmn17rL4eM9ZyRWSs"
                              << "/LEZ/ClockProgramAccount/0000010";
    QTest::newRow("CLOCK_50") << 50 << "4BdcjoXkq786TMWcBGGHqcxeLYMZmn17rL4eM9ZyRWkX"
                              << "/LEZ/ClockProgramAccount/0000050";
  }
  void clockIdsMatchSpecBase58() {
    QFETCH(int, which);
    QFETCH(QString, base58);
    QFETCH(QString, ascii);
    const AccountId id = which == 1 ? kClock01 : (which == 10 ? kClock10 : kClock50);
    QCOMPARE(str(id.toBase58()), base58);
    const auto& b = id.bytes();
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(b.data()), 32), ascii.toLatin1());
    auto parsed = AccountId::fromBase58(base58.toStdString());
    QVERIFY(parsed.ok());
    QVERIFY(parsed.value() == id);
    QVERIFY(kClockAccountIds[0] == kClock01 && kClockAccountIds[2] == kClock50);
  }

  void accountIdTextForms() {
    const auto id = AccountId::fromHex("0x" + std::string(62, '0') + "ff").value();
    QCOMPARE(str(id.toHex()), QString(62, QLatin1Char('0')) + QStringLiteral("ff"));
    auto back = AccountId::fromBase58(id.toBase58());
    QVERIFY(back.ok());
    QVERIFY(back.value() == id);
    QVERIFY(AccountId().toBase58() == std::string(32, '1'));
  }

  void accountIdRejects_data() {
    QTest::addColumn<QString>("form");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    QTest::newRow("b58 short") << "b58" << "4BdcjoXkq786TMWcBGGHqcxeLYMZmn17rL4eM9ZyRW" << "WRONG_LENGTH";
    QTest::newRow("b58 long") << "b58" << "4BdcjoXkq786TMWcBGGHqcxeLYMZmn17rL4eM9ZyRWNUzz" << "WRONG_LENGTH";
    QTest::newRow("b58 bad char") << "b58" << "4BdcjoXkq786TMWcBGGHqcxeLYMZmn17rL4eM9ZyRWN0" << "INVALID_BASE58";
    QTest::newRow("b58 whitespace") << "b58" << " 4BdcjoXkq786TMWcBGGHqcxeLYMZmn17rL4eM9ZyRWNU" << "INVALID_BASE58";
    QTest::newRow("b58 empty") << "b58" << "" << "WRONG_LENGTH";
    QTest::newRow("hex short") << "hex" << "abcd" << "WRONG_LENGTH";
    QTest::newRow("hex odd") << "hex" << "abc" << "INVALID_HEX";
    QTest::newRow("hex whitespace") << "hex" << (QString(64, QLatin1Char('a')) + QLatin1Char(' ')) << "INVALID_HEX";
  }
  void accountIdRejects() {
    QFETCH(QString, form);
    QFETCH(QString, text);
    QFETCH(QString, code);
    auto r = form == QLatin1String("b58") ? AccountId::fromBase58(text.toStdString())
                                          : AccountId::fromHex(text.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), code);
  }

  void programIdWordsAreLittleEndian() {
    const ProgramId id(ProgramId::Words{0x04030201, 0, 0, 0, 0, 0, 0, 0xddccbbaa});
    const auto bytes = id.toBytes();
    QCOMPARE(bytes[0], std::uint8_t{0x01});
    QCOMPARE(bytes[3], std::uint8_t{0x04});
    QCOMPARE(bytes[31], std::uint8_t{0xdd});
    QVERIFY(ProgramId::fromHex(id.toHex()).value() == id);
    QVERIFY(kDefaultProgramId.isDefault());
    QVERIFY(!id.isDefault());
    QCOMPARE(codeOf(ProgramId::fromHex("00").error()), QStringLiteral("WRONG_LENGTH"));
  }

  void authenticatedTransferIds() {
    QCOMPARE(str(kAuthenticatedTransferProgramId.toHex()),
             QStringLiteral("fe96c4228babbe8bc578e3e25b884cacb07f8c86541f27ed676789875eef875a"));
    QCOMPARE(kAuthenticatedTransferProgramId.words()[0], 0x22c496feu);
    QCOMPARE(str(kAuthenticatedTransferProgramIdV020.toHex()),
             QStringLiteral("dcbbfebcd59399961ed9973b8307dc475fd4c5ca5779aacfe7588f7dbc3f4a71"));
  }

  void prefixesArePaddedTo32Bytes() {
    const auto& p = kPublicAccountIdPrefix;
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(p.data()), 27), QByteArray("/LEE/v0.3/AccountId/Public/"));
    for (std::size_t i = 27; i < 32; ++i) QCOMPARE(p[i], std::uint8_t{0});
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(kPublicPdaPrefix.data()), 24), QByteArray("/LEE/v0.2/AccountId/PDA/"));
    for (std::size_t i = 24; i < 32; ++i) QCOMPARE(kPublicPdaPrefix[i], std::uint8_t{0});
  }

  void publicAccountIdMatchesVectors() {
    const auto list = lez_test::loadVectors("lez_core.json").value(QStringLiteral("public_account_ids")).toArray();
    QVERIFY(!list.isEmpty());
    for (const auto& item : list) {
      const auto v = item.toObject();
      auto pk = PublicKey::fromHex(v.value(QStringLiteral("public_key")).toString().toStdString());
      QVERIFY(pk.ok());
      const auto id = publicAccountId(pk.value());
      QCOMPARE(str(id.toHex()), v.value(QStringLiteral("account_id_hex")).toString());
      QCOMPARE(str(id.toBase58()), v.value(QStringLiteral("account_id_base58")).toString());
    }
  }

  void pdasMatchVectors() {
    const auto list = lez_test::loadVectors("lez_core.json").value(QStringLiteral("pdas")).toArray();
    QCOMPARE(list.size(), 3);
    for (const auto& item : list) {
      const auto v = item.toObject();
      const auto program = ProgramId::fromHex(v.value(QStringLiteral("program_id")).toString().toStdString()).value();
      std::vector<PdaSeed> seeds;
      for (const auto& s : v.value(QStringLiteral("seeds")).toArray()) {
        const auto o = s.toObject();
        if (o.contains(QStringLiteral("string"))) {
          seeds.push_back(seedFromString(o.value(QStringLiteral("string")).toString().toStdString()).value());
        } else if (o.contains(QStringLiteral("u64"))) {
          seeds.push_back(seedFromU64(static_cast<std::uint64_t>(o.value(QStringLiteral("u64")).toInteger())));
        } else if (o.contains(QStringLiteral("u32"))) {
          seeds.push_back(seedFromU32(static_cast<std::uint32_t>(o.value(QStringLiteral("u32")).toInteger())));
        } else {
          seeds.push_back(seedFromAccountId(AccountId::fromHex(o.value(QStringLiteral("account")).toString().toStdString()).value()));
        }
      }
      QCOMPARE(qhex(combineSeeds(seeds).value()), v.value(QStringLiteral("combined_seed")).toString());
      QCOMPARE(str(spelPda(program, seeds).value().toHex()), v.value(QStringLiteral("pda_hex")).toString());
    }
  }

  void singleSeedIsUsedDirectly() {
    const PdaSeed s = seedFromU64(99);
    const auto id = spelPda(kAuthenticatedTransferProgramId, std::vector<PdaSeed>{s}).value();
    QVERIFY(id == publicPda(kAuthenticatedTransferProgramId, s));
  }

  void seedOrderMatters() {
    const PdaSeed a = seedFromU32(1);
    const PdaSeed b = seedFromU32(2);
    QVERIFY(combineSeeds(std::vector<PdaSeed>{a, b}).value() != combineSeeds(std::vector<PdaSeed>{b, a}).value());
  }

  void seedBuilders() {
    QCOMPARE(qhex(seedFromU64(0x0102030405060708ULL)),
             QStringLiteral("0807060504030201") + QString(48, QLatin1Char('0')));
    QCOMPARE(qhex(seedFromU32(0x01020304)), QStringLiteral("04030201") + QString(56, QLatin1Char('0')));
    QVERIFY(seedFromString(std::string(32, 'x')).ok());
    auto tooLong = seedFromString(std::string(33, 'x'));
    QVERIFY(!tooLong.ok());
    QCOMPARE(codeOf(tooLong.error()), QStringLiteral("SEED_TOO_LONG"));
    QCOMPARE(qhex(seedFromString("").value()), QString(64, QLatin1Char('0')));
    QCOMPARE(codeOf(combineSeeds({}).error()), QStringLiteral("NO_SEEDS"));
  }

  void pdaDomainIsSeparatedFromPublicIds() {
    // The same 64 bytes under the two prefixes give different ids.
    const auto pk = PublicKey::fromHex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798").value();
    const auto viaPublic = publicAccountId(pk);
    Sha256 h;
    h.update(kPublicPdaPrefix).update(pk.bytes());
    QVERIFY(viaPublic.bytes() != h.finish());
  }
};

QTEST_APPLESS_MAIN(TstAccountId)
#include "tst_account_id.moc"
