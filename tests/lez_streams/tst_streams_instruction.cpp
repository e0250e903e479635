// Instruction words of the payment-streams program (payment-streams.md §3, lez.md §10): every
// variant round-trips, known word layouts, and malformed words are refused with a named code.
#include <QtTest>

#include "lez/core/authenticated_transfer.h"
#include "lez/streams/instruction.h"

using namespace lez::streams;
using lez::core::U128;
using Words = std::vector<std::uint32_t>;

Q_DECLARE_METATYPE(lez::streams::Instruction)
Q_DECLARE_METATYPE(Words)

namespace {

AccountId accountOf(std::uint8_t fill) {
  AccountId::Bytes b{};
  b.fill(fill);
  return AccountId(b);
}

TokenId tokenOf(std::uint8_t first) {
  TokenId t{};
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<std::uint8_t>(first + i);
  return t;
}

// The string layout of lez.md §10, written out here rather than through Risc0WordWriter.
void appendString(Words& w, const std::string& s) {
  w.push_back(static_cast<std::uint32_t>(s.size()));
  for (std::size_t i = 0; i < s.size(); i += 4) {
    std::uint32_t word = 0;
    for (std::size_t k = 0; k < 4 && i + k < s.size(); ++k) word |= static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + k])) << (8 * k);
    w.push_back(word);
  }
}

const U128 kBig = U128::fromParts(0x0102030405060708ULL, 0x1112131415161718ULL);

QString codeOf(const lez::core::Result<Instruction>& r) { return r.ok() ? QStringLiteral("OK") : QString::fromStdString(r.error().code); }

}  // namespace

class TstStreamsInstruction : public QObject {
  Q_OBJECT
 private slots:
  void everyVariantRoundTrips_data() {
    QTest::addColumn<Instruction>("instruction");
    QTest::addColumn<int>("variant");
    QTest::newRow("InitializeVault") << Instruction{InitializeVault{7, VaultPrivacyTier::PseudonymousFunding, tokenOf(1)}} << 0;
    QTest::newRow("InitializeVault native public") << Instruction{InitializeVault{0, VaultPrivacyTier::Public, kNativeTokenId}} << 0;
    QTest::newRow("Deposit") << Instruction{Deposit{~0ULL, kBig, lez::core::kAuthenticatedTransferProgramId}} << 1;
    QTest::newRow("Withdraw") << Instruction{Withdraw{3, U128(5)}} << 2;
    QTest::newRow("CreateStream") << Instruction{CreateStream{1, 2, accountOf(0x42), 99, kBig}} << 3;
    QTest::newRow("CreateStream zero provider") << Instruction{CreateStream{1, 0, accountOf(0), 1, U128(1)}} << 3;
    QTest::newRow("PauseStream") << Instruction{PauseStream{4, 5}} << 4;
    QTest::newRow("ResumeStream") << Instruction{ResumeStream{6, 7}} << 5;
    QTest::newRow("TopUpStream") << Instruction{TopUpStream{8, 9, U128::max()}} << 6;
    QTest::newRow("CloseStreamByOwner") << Instruction{CloseStreamByOwner{10, 11}} << 7;
    QTest::newRow("Claim") << Instruction{Claim{12, 13}} << 8;
    QTest::newRow("CloseStreamByProvider") << Instruction{CloseStreamByProvider{14, 15}} << 9;
    QTest::newRow("WithdrawToOwner") << Instruction{WithdrawToOwner{16, U128(17)}} << 10;
  }
  void everyVariantRoundTrips() {
    QFETCH(Instruction, instruction);
    QFETCH(int, variant);
    const Words words = encodeWords(instruction);
    QCOMPARE(words.at(0), std::uint32_t(variant));
    auto back = decodeWords(words);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QVERIFY(back.value() == instruction);
    QCOMPARE(encodeWords(back.value()), words);
    // Dropping the last word truncates; one more word is trailing.
    Words shorter(words.begin(), words.end() - 1);
    QCOMPARE(codeOf(decodeWords(shorter)), QStringLiteral("TRUNCATED"));
    Words longer = words;
    longer.push_back(0);
    QCOMPARE(codeOf(decodeWords(longer)), QStringLiteral("TRAILING_BYTES"));
  }

  void knownWordLayouts_data() {
    QTest::addColumn<Instruction>("instruction");
    QTest::addColumn<Words>("words");
    {
      Words w{0, 7, 0, 1};
      for (std::uint32_t i = 0; i < 32; ++i) w.push_back(i + 1);  // [u8;32] = one word per byte
      QTest::newRow("InitializeVault") << Instruction{InitializeVault{7, VaultPrivacyTier::PseudonymousFunding, tokenOf(1)}} << w;
    }
    {
      // u128 = its 16 LE bytes packed 4 per word; ProgramId = its 8 words.
      Words w{1, 0xFFFFFFFFu, 0xFFFFFFFFu, 0x15161718u, 0x11121314u, 0x05060708u, 0x01020304u};
      for (auto word : lez::core::kAuthenticatedTransferProgramId.words()) w.push_back(word);
      QTest::newRow("Deposit") << Instruction{Deposit{~0ULL, kBig, lez::core::kAuthenticatedTransferProgramId}} << w;
    }
    {
      Words w{3, 1, 0, 0x00000002u, 0x00000001u};  // stream_id = 2^32 + 2
      const AccountId provider = accountOf(0x42);
      appendString(w, provider.toBase58());
      w.insert(w.end(), {99, 0, 5, 0, 0, 0});
      QTest::newRow("CreateStream") << Instruction{CreateStream{1, (1ULL << 32) + 2, provider, 99, U128(5)}} << w;
    }
    QTest::newRow("PauseStream") << Instruction{PauseStream{5, 7}} << Words{4, 5, 0, 7, 0};
    QTest::newRow("TopUpStream") << Instruction{TopUpStream{1, 2, U128(3)}} << Words{6, 1, 0, 2, 0, 3, 0, 0, 0};
    QTest::newRow("WithdrawToOwner") << Instruction{WithdrawToOwner{1, U128(1ULL << 32)}} << Words{10, 1, 0, 0, 1, 0, 0};
  }
  void knownWordLayouts() {
    QFETCH(Instruction, instruction);
    QFETCH(Words, words);
    QCOMPARE(encodeWords(instruction), words);
    auto back = decodeWords(words);
    QVERIFY(back.ok());
    QVERIFY(back.value() == instruction);
  }

  void providerIsALengthPrefixedBase58String() {
    const AccountId provider = accountOf(0x42);
    const Words w = encodeWords(CreateStream{0, 0, provider, 1, U128(1)});
    const std::string text = provider.toBase58();
    QCOMPARE(w.at(5), std::uint32_t(text.size()));
    QCOMPARE(w.size(), std::size_t(1 + 2 + 2 + 1 + (text.size() + 3) / 4 + 2 + 4));
  }

  void malformedWordsAreRefused_data() {
    QTest::addColumn<Words>("words");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty") << Words{} << "TRUNCATED";
    QTest::newRow("variant 11") << Words{11, 0, 0, 0, 0} << "INVALID_VARIANT";
    QTest::newRow("variant 2^32-1") << Words{0xFFFFFFFFu} << "INVALID_VARIANT";
    {
      Words w{0, 1, 0, 2};  // privacy tier 2
      w.resize(w.size() + 32, 0);
      QTest::newRow("privacy tier 2") << w << "INVALID_VARIANT";
    }
    {
      Words w{0, 1, 0, 0};
      w.resize(w.size() + 32, 0);
      w[10] = 256;  // a token_id byte word above 255
      QTest::newRow("token byte 256") << w << "INVALID_VALUE";
    }
    {
      Words w{3, 1, 0, 0, 0};
      appendString(w, "0OIl");  // not in the Bitcoin alphabet
      w.insert(w.end(), {1, 0, 1, 0, 0, 0});
      QTest::newRow("provider not base58") << w << "INVALID_BASE58";
    }
    {
      Words w{3, 1, 0, 0, 0};
      appendString(w, "1111");  // decodes to 4 zero bytes, not 32
      w.insert(w.end(), {1, 0, 1, 0, 0, 0});
      QTest::newRow("provider wrong length") << w << "WRONG_LENGTH";
    }
    QTest::newRow("provider length past the end") << Words{3, 1, 0, 0, 0, 40, 0x31313131u} << "TRUNCATED";
    QTest::newRow("provider text above 64 bytes") << Words{3, 1, 0, 0, 0, 1000} << "OVERSIZE";
    QTest::newRow("u64 cut in half") << Words{4, 5} << "TRUNCATED";
    QTest::newRow("pause trailing") << Words{4, 5, 0, 7, 0, 9} << "TRAILING_BYTES";
    QTest::newRow("deposit missing program id") << Words{1, 1, 0, 1, 0, 0, 0} << "TRUNCATED";
  }
  void malformedWordsAreRefused() {
    QFETCH(Words, words);
    QFETCH(QString, code);
    auto r = decodeWords(words);
    QCOMPARE(codeOf(r), code);
    QVERIFY(!r.error().message.empty());
  }

  void instructionNamesFollowTheReference() {
    QCOMPARE(QString::fromUtf8(instructionName(Instruction{InitializeVault{}}).data()), QStringLiteral("InitializeVault"));
    QCOMPARE(QString::fromUtf8(instructionName(Instruction{Claim{}}).data()), QStringLiteral("Claim"));
    QCOMPARE(QString::fromUtf8(instructionName(Instruction{WithdrawToOwner{}}).data()), QStringLiteral("WithdrawToOwner"));
  }
};

QTEST_APPLESS_MAIN(TstStreamsInstruction)
#include "tst_streams_instruction.moc"
