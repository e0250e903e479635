// lez::core transaction building, signing and witness checks (transaction_builder.h; spec §5,
// §6, §7 stateless check) and AT instruction words (authenticated_transfer.h; spec §8).
#include <QtTest>

#include "lez/core/authenticated_transfer.h"
#include "lez/core/clock_data.h"
#include "lez/core/hashing.h"
#include "lez/core/transaction_builder.h"
#include "lez/core/transaction_codec.h"
#include "test_support.h"

using namespace lez::core;

namespace {
QString codeOf(const lezpay::util::Error& e) { return QString::fromStdString(e.code); }
QString msgOf(const lezpay::util::Error& e) { return QString::fromStdString(e.message); }

SecretKey key(int n) {
  std::string hex(64, '0');
  hex[63] = static_cast<char>('0' + n);
  return SecretKey::fromHex(hex).value();
}
}  // namespace

class TstTransactionBuilder : public QObject {
  Q_OBJECT
 private slots:
  void builtTransferVerifies() {
    const std::vector<SecretKey> keys{key(1)};
    const auto sender = publicAccountId(keys[0].publicKey());
    const auto recipient = publicAccountId(key(2).publicKey());
    auto tx = buildPublicTransaction(kAuthenticatedTransferProgramId, {sender, recipient}, {U128(0)},
                                     atTransferInstruction(U128(1000)), keys);
    QVERIFY2(tx.ok(), lez_test::why(tx).constData());
    auto st = verifyWitnesses(tx.value());
    QVERIFY2(st.ok(), lez_test::why(st).constData());
    QCOMPARE(tx.value().witnessSet.witnesses.size(), std::size_t{1});
    QVERIFY(tx.value().witnessSet.witnesses[0].publicKey == keys[0].publicKey());
    QVERIFY(signerAccountIds(tx.value()) == std::vector<AccountId>{sender});
    // Survives the wire.
    auto back = decodeLeeTransaction(encode(LeeTransaction{tx.value()}));
    QVERIFY(back.ok());
    QVERIFY(verifyWitnesses(*back.value().asPublic()).ok());
  }

  void witnessesFollowKeyOrder() {
    const std::vector<SecretKey> keys{key(3), key(1), key(2)};
    const auto msg = makeMessage(kAuthenticatedTransferProgramId,
                                 {publicAccountId(keys[1].publicKey())}, {U128(4), U128(5), U128(6)},
                                 atInitializeInstruction());
    auto tx = signTransaction(msg, keys);
    QVERIFY(tx.ok());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      QVERIFY(tx.value().witnessSet.witnesses[i].publicKey == keys[i].publicKey());
    }
    QVERIFY(verifyWitnesses(tx.value()).ok());
  }

  void pureSigningIsDeterministicForGivenAux() {
    const std::vector<SecretKey> keys{key(1)};
    const std::vector<AuxRand> aux{AuxRand{}};
    const auto msg = makeMessage(kAuthenticatedTransferProgramId, {kClock01}, {U128(0)}, {1});
    auto a = signTransaction(msg, keys, aux);
    auto b = signTransaction(msg, keys, aux);
    QVERIFY(a.ok() && b.ok());
    QVERIFY(a.value() == b.value());
    QVERIFY(verify(a.value().witnessSet.witnesses[0].signature, messageDigest(msg), keys[0].publicKey()));
  }

  void countMismatchIsRejected() {
    const std::vector<SecretKey> keys{key(1), key(2)};
    auto tx = buildPublicTransaction(kAuthenticatedTransferProgramId, {kClock01}, {U128(0)}, {1}, keys);
    QVERIFY(!tx.ok());
    QCOMPARE(codeOf(tx.error()), QStringLiteral("SIGNER_COUNT_MISMATCH"));
    const auto msg = makeMessage(kAuthenticatedTransferProgramId, {kClock01}, {U128(0)}, {1});
    const std::vector<SecretKey> one{key(1)};
    auto noAux = signTransaction(msg, one, std::span<const AuxRand>{});
    QCOMPARE(codeOf(noAux.error()), QStringLiteral("SIGNER_COUNT_MISMATCH"));
  }

  void signerlessClockTransaction() {
    auto tx = buildPublicTransaction(kAuthenticatedTransferProgramId,
                                     {kClock01, kClock10, kClock50}, {},
                                     clockTickInstruction(1700000000000ULL), {});
    QVERIFY(tx.ok());
    QVERIFY(tx.value().witnessSet.witnesses.empty());
    QVERIFY(verifyWitnesses(tx.value()).ok());
  }

  void verifyWitnessesNamesTheBadWitness() {
    const std::vector<SecretKey> keys{key(1), key(2)};
    auto tx = buildPublicTransaction(kAuthenticatedTransferProgramId, {kClock01}, {U128(0), U128(0)},
                                     {1}, keys);
    QVERIFY(tx.ok());
    auto bad = tx.value();
    bad.witnessSet.witnesses[1].signature.bytes[5] ^= 0x80;
    auto st = verifyWitnesses(bad);
    QVERIFY(!st.ok());
    QCOMPARE(codeOf(st.error()), QStringLiteral("INVALID_SIGNATURE"));
    QVERIFY2(msgOf(st.error()).startsWith(QStringLiteral("witness 1")), lez_test::why(st).constData());
  }

  void changingTheMessageBreaksWitnesses() {
    const std::vector<SecretKey> keys{key(1)};
    auto tx = buildPublicTransaction(kAuthenticatedTransferProgramId, {kClock01}, {U128(0)},
                                     atTransferInstruction(U128(5)), keys);
    QVERIFY(tx.ok());
    auto replay = tx.value();
    replay.message.nonces[0] = U128(1);
    QCOMPARE(codeOf(verifyWitnesses(replay).error()), QStringLiteral("INVALID_SIGNATURE"));
    auto swapped = tx.value();
    swapped.witnessSet.witnesses[0].publicKey = key(2).publicKey();
    QVERIFY(!verifyWitnesses(swapped).ok());
  }

  void atInstructionWords() {
    QVERIFY((atTransferInstruction(U128(1000)) == std::vector<std::uint32_t>{0, 1000, 0, 0, 0}));
    QVERIFY((atTransferInstruction(U128::fromParts(0x0000000400000003ULL, 0x0000000200000001ULL)) ==
             std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
    QVERIFY((atInitializeInstruction() == std::vector<std::uint32_t>{1}));
    QVERIFY((encodeAtInstruction(AtInitialize{}) == std::vector<std::uint32_t>{1}));
    QVERIFY((encodeAtInstruction(AtTransfer{U128::max()}) ==
             std::vector<std::uint32_t>{0, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}));
  }

  void atInstructionDecodes() {
    auto t = decodeAtInstruction(std::vector<std::uint32_t>{0, 7, 0, 0, 1});
    QVERIFY(t.ok());
    QVERIFY(std::get<AtTransfer>(t.value()).amount == U128::fromParts(0x100000000ULL, 7));
    auto i = decodeAtInstruction(std::vector<std::uint32_t>{1});
    QVERIFY(i.ok());
    QVERIFY(std::holds_alternative<AtInitialize>(i.value()));
  }

  void atInstructionDecodeRejects_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty") << "empty" << "TRUNCATED";
    QTest::newRow("unknown variant") << "variant" << "INVALID_VARIANT";
    QTest::newRow("short amount") << "short" << "TRUNCATED";
    QTest::newRow("initialize with extra") << "extra" << "TRAILING_BYTES";
    QTest::newRow("transfer with extra") << "transfer extra" << "TRAILING_BYTES";
  }
  void atInstructionDecodeRejects() {
    QFETCH(QString, name);
    QFETCH(QString, code);
    std::vector<std::uint32_t> words;
    if (name == QLatin1String("variant")) words = {2};
    else if (name == QLatin1String("short")) words = {0, 1, 2};
    else if (name == QLatin1String("extra")) words = {1, 0};
    else if (name == QLatin1String("transfer extra")) words = {0, 1, 0, 0, 0, 9};
    auto r = decodeAtInstruction(words);
    QVERIFY(!r.ok());
    QCOMPARE(codeOf(r.error()), code);
  }
};

QTEST_APPLESS_MAIN(TstTransactionBuilder)
#include "tst_transaction_builder.moc"
