// lez::core RISC Zero serde words (risc0_words.h; spec §10) against tests/vectors/lez_core.json.
#include <QJsonArray>
#include <QtTest>

#include "lez/core/risc0_words.h"
#include "test_support.h"

using namespace lez::core;
using lez_test::hexBytes;

namespace {
QString codeOf(const lezpay::util::Error& e) { return QString::fromStdString(e.code); }

std::vector<std::uint32_t> wordsOf(const QJsonArray& a) {
  std::vector<std::uint32_t> out;
  for (const auto& v : a) out.push_back(static_cast<std::uint32_t>(v.toInteger()));
  return out;
}
}  // namespace

class TstRisc0Words : public QObject {
  Q_OBJECT
 private slots:
  void scalarsLayOut() {
    Risc0WordWriter w;
    w.writeBool(true);
    w.writeU8(200);
    w.writeU16(65535);
    w.writeU32(0xdeadbeef);
    w.writeI32(-1);
    w.writeU64(0x0123456789abcdefULL);
    w.writeI64(-2);
    const std::vector<std::uint32_t> expected{1, 200, 65535, 0xdeadbeef, 0xffffffff,
                                              0x89abcdef, 0x01234567, 0xfffffffe, 0xffffffff};
    QVERIFY(w.words() == expected);
    Risc0WordReader r(expected);
    QCOMPARE(r.readBool().value(), true);
    QCOMPARE(r.readU8().value(), std::uint8_t{200});
    QCOMPARE(r.readU16().value(), std::uint16_t{65535});
    QCOMPARE(r.readU32().value(), 0xdeadbeefu);
    QCOMPARE(r.readI32().value(), -1);
    QCOMPARE(r.readU64().value(), 0x0123456789abcdefULL);
    QCOMPARE(r.readI64().value(), std::int64_t{-2});
    QVERIFY(r.finish().ok());
  }

  void u128IsFourLittleEndianWords() {
    Risc0WordWriter w;
    w.writeU128(U128::fromParts(0x0102030405060708ULL, 0x090a0b0c0d0e0f10ULL));
    const std::vector<std::uint32_t> expected{0x0d0e0f10, 0x090a0b0c, 0x05060708, 0x01020304};
    QVERIFY(w.words() == expected);
    Risc0WordReader r(expected);
    QVERIFY(r.readU128().value() == U128::fromParts(0x0102030405060708ULL, 0x090a0b0c0d0e0f10ULL));
  }

  void bytes32IsOneWordPerByte() {
    std::array<std::uint8_t, 32> b{};
    for (std::size_t i = 0; i < 32; ++i) b[i] = static_cast<std::uint8_t>(i + 1);
    Risc0WordWriter w;
    w.writeBytes32(b);
    QCOMPARE(w.words().size(), std::size_t{32});
    QCOMPARE(w.words()[31], 32u);
    Risc0WordReader r(w.words());
    QVERIFY(r.readBytes32().value() == b);
  }

  void programIdIsEightWords() {
    const ProgramId id(ProgramId::Words{1, 2, 3, 4, 5, 6, 7, 8});
    Risc0WordWriter w;
    w.writeProgramId(id);
    QVERIFY((w.words() == std::vector<std::uint32_t>{1, 2, 3, 4, 5, 6, 7, 8}));
    Risc0WordReader r(w.words());
    QVERIFY(r.readProgramId().value() == id);
  }

  void optionVecAndVariant() {
    Risc0WordWriter w;
    w.writeOptionNone();
    w.writeOptionSome();
    w.writeU32(9);
    w.writeByteVec(std::vector<std::uint8_t>{0xaa, 0xbb});
    w.writeVariant(3);
    QVERIFY((w.words() == std::vector<std::uint32_t>{0, 1, 9, 2, 0xaa, 0xbb, 3}));
    Risc0WordReader r(w.words());
    QCOMPARE(r.readOptionTag().value(), false);
    QCOMPARE(r.readOptionTag().value(), true);
    QCOMPARE(r.readU32().value(), 9u);
    QVERIFY((r.readByteVec(10).value() == std::vector<std::uint8_t>{0xaa, 0xbb}));
    QCOMPARE(r.readVariant(4).value(), 3u);
    QVERIFY(r.finish().ok());
  }

  // Cross-check against the independent Python encoder (tests/vectors/lez_core.json, §10).
  void matchesVectors() {
    const auto doc = lez_test::loadVectors("lez_core.json");
    const auto list = doc.value(QStringLiteral("risc0_words")).toArray();
    QVERIFY(list.size() >= 6);
    for (const auto& item : list) {
      const auto v = item.toObject();
      const auto type = v.value(QStringLiteral("type")).toString();
      const auto value = v.value(QStringLiteral("value")).toString().toStdString();
      const auto expected = wordsOf(v.value(QStringLiteral("words")).toArray());
      Risc0WordWriter w;
      if (type == QLatin1String("string")) {
        w.writeString(value);
      } else if (type == QLatin1String("account_id")) {
        w.writeAccountId(AccountId::fromHex(value).value());
      } else if (type == QLatin1String("u128")) {
        w.writeU128(U128::parseDecimal(value).value());
      } else if (type == QLatin1String("u64")) {
        w.writeU64(U128::parseDecimal(value).value().lo());
      } else {
        QFAIL("unknown vector type");
      }
      QVERIFY2(w.words() == expected, qPrintable(type + QLatin1Char(' ') + QString::fromStdString(value)));
      Risc0WordReader r(expected);
      if (type == QLatin1String("string")) {
        QCOMPARE(QString::fromStdString(r.readString(1024).value()), QString::fromStdString(value));
      } else if (type == QLatin1String("account_id")) {
        QCOMPARE(QString::fromStdString(r.readAccountId().value().toHex()), QString::fromStdString(value));
      }
    }
  }

  void stringPacksFourBytesPerWord() {
    Risc0WordWriter w;
    w.writeString("hello");
    QVERIFY((w.words() == std::vector<std::uint32_t>{5, 0x6c6c6568, 0x6f}));
  }

  void readerRejects_data() {
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("code");
    QTest::newRow("u8 above 255") << "u8" << "INVALID_VALUE";
    QTest::newRow("bool 2") << "bool" << "INVALID_BOOL";
    QTest::newRow("option 2") << "option" << "INVALID_VARIANT";
    QTest::newRow("u64 of one word") << "u64" << "TRUNCATED";
    QTest::newRow("u128 of three words") << "u128" << "TRUNCATED";
    QTest::newRow("string padding not zero") << "padding" << "INVALID_VALUE";
    QTest::newRow("string longer than words") << "string short" << "TRUNCATED";
    QTest::newRow("string above limit") << "string limit" << "OVERSIZE";
    QTest::newRow("string not utf8") << "string utf8" << "INVALID_UTF8";
    QTest::newRow("account id not base58") << "account b58" << "INVALID_BASE58";
    QTest::newRow("account id wrong length") << "account len" << "WRONG_LENGTH";
    QTest::newRow("huge vec count") << "vec" << "TRUNCATED";
    QTest::newRow("trailing words") << "trailing" << "TRAILING_BYTES";
  }
  void readerRejects() {
    QFETCH(QString, what);
    QFETCH(QString, code);
    lezpay::util::Error err;
    if (what == QLatin1String("u8")) {
      std::vector<std::uint32_t> w{256};
      err = Risc0WordReader(w).readU8().error();
    } else if (what == QLatin1String("bool")) {
      std::vector<std::uint32_t> w{2};
      err = Risc0WordReader(w).readBool().error();
    } else if (what == QLatin1String("option")) {
      std::vector<std::uint32_t> w{2};
      err = Risc0WordReader(w).readOptionTag().error();
    } else if (what == QLatin1String("u64")) {
      std::vector<std::uint32_t> w{1};
      err = Risc0WordReader(w).readU64().error();
    } else if (what == QLatin1String("u128")) {
      std::vector<std::uint32_t> w{1, 2, 3};
      err = Risc0WordReader(w).readU128().error();
    } else if (what == QLatin1String("padding")) {
      std::vector<std::uint32_t> w{1, 0x0000ff61};
      err = Risc0WordReader(w).readString(100).error();
    } else if (what == QLatin1String("string short")) {
      std::vector<std::uint32_t> w{9, 0x61616161};
      err = Risc0WordReader(w).readString(100).error();
    } else if (what == QLatin1String("string limit")) {
      std::vector<std::uint32_t> w{5, 0x61616161, 0x61};
      err = Risc0WordReader(w).readString(4).error();
    } else if (what == QLatin1String("string utf8")) {
      std::vector<std::uint32_t> w{1, 0xff};
      err = Risc0WordReader(w).readString(4).error();
    } else if (what == QLatin1String("account b58")) {
      Risc0WordWriter ww;
      ww.writeString("0OIl");
      err = Risc0WordReader(ww.words()).readAccountId().error();
    } else if (what == QLatin1String("account len")) {
      Risc0WordWriter ww;
      ww.writeString("2");
      err = Risc0WordReader(ww.words()).readAccountId().error();
    } else if (what == QLatin1String("vec")) {
      std::vector<std::uint32_t> w{0xffffffff, 1, 2};
      err = Risc0WordReader(w).readByteVec(0xffffffffu).error();
    } else {
      std::vector<std::uint32_t> w{1, 2};
      Risc0WordReader r(w);
      QVERIFY(r.readU32().ok());
      err = r.finish().error();
    }
    QVERIFY2(codeOf(err) == code, qPrintable(codeOf(err) + QStringLiteral(": ") +
                                             QString::fromStdString(err.message)));
  }

  void leBytesConversion() {
    const std::vector<std::uint32_t> words{0x04030201, 0xddccbbaa};
    const auto bytes = wordsToLeBytes(words);
    QCOMPARE(lez_test::qhex(bytes), QStringLiteral("01020304aabbccdd"));
    QVERIFY(wordsFromLeBytes(bytes).value() == words);
  }

  void leBytesMustBeAPositiveMultipleOfFour_data() {
    QTest::addColumn<QString>("hex");
    QTest::newRow("empty") << "";
    QTest::newRow("three bytes") << "010203";
    QTest::newRow("five bytes") << "0102030405";
  }
  void leBytesMustBeAPositiveMultipleOfFour() {
    QFETCH(QString, hex);
    auto r = wordsFromLeBytes(hexBytes(hex.toStdString()));
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), QStringLiteral("WRONG_LENGTH"));
  }
};

QTEST_APPLESS_MAIN(TstRisc0Words)
#include "tst_risc0_words.moc"
