// PDAs of the payment-streams program (payment-streams.md §5, lez.md §3): known answers from
// tests/vectors/payment_streams.json, agreement with lez::core::spelPda, determinism, and that
// every input and the program id change the id.
#include "streams_fixture.h"

using namespace streamstest;
using namespace lez::streams;

namespace {

AccountId filled(std::uint8_t b) {
  AccountId::Bytes x{};
  x.fill(b);
  return AccountId(x);
}
QString hexOf(const lez::core::PdaSeed& s) { return QByteArray(reinterpret_cast<const char*>(s.data()), 32).toHex(); }
QString hexOf(const AccountId& id) { return QString::fromStdString(id.toHex()); }

}  // namespace

class TstStreamsPdas : public QObject {
  Q_OBJECT
 private slots:
  void knownAnswersFromTheSharedVectors() {
    const QJsonObject v = loadVectors("payment_streams.json");
    const auto program = ProgramId::fromHex(v.value("program_id").toString().toStdString()).value();
    QVERIFY(program == kPaymentStreamsTestnetProgramId);
    const QJsonArray cases = v.value("pdas").toArray();
    QVERIFY(cases.size() >= 2);
    for (const auto& item : cases) {
      const QJsonObject o = item.toObject();
      const AccountId owner = accountFromHex(o.value("owner").toString());
      const VaultId vaultId = u64(o.value("vault_id"));
      const StreamId streamId = u64(o.value("stream_id"));
      const AccountId cfg = vaultConfigId(program, owner, vaultId);
      QCOMPARE(hexOf(vaultConfigSeed(owner, vaultId)), o.value("vault_config_seed").toString());
      QCOMPARE(hexOf(cfg), o.value("vault_config").toString());
      QCOMPARE(QString::fromStdString(cfg.toBase58()), o.value("vault_config_base58").toString());
      QCOMPARE(hexOf(vaultHoldingSeed(cfg)), o.value("vault_holding_seed").toString());
      QCOMPARE(hexOf(vaultHoldingId(program, cfg)), o.value("vault_holding").toString());
      QCOMPARE(hexOf(streamConfigSeed(cfg, streamId)), o.value("stream_config_seed").toString());
      QCOMPARE(hexOf(streamConfigId(program, cfg, streamId)), o.value("stream_config").toString());
    }
  }
  void claimSeedIsTheCombinedSeedOfSpelPda() {
    const AccountId owner = filled(3);
    const std::array<lez::core::PdaSeed, 3> seeds{lez::core::seedFromString("vault_config").value(),
                                                  lez::core::seedFromAccountId(owner), lez::core::seedFromU64(42)};
    const AccountId viaCore = lez::core::spelPda(kPaymentStreamsTestnetProgramId, seeds).value();
    QCOMPARE(vaultConfigId(kPaymentStreamsTestnetProgramId, owner, 42), viaCore);
    QVERIFY(vaultConfigSeed(owner, 42) == lez::core::combineSeeds(seeds).value());
    QCOMPARE(lez::core::publicPda(kPaymentStreamsTestnetProgramId, vaultConfigSeed(owner, 42)), viaCore);
  }
  void holdingUsesZeroTokenIdNotTheStringNative() {
    const AccountId cfg = filled(4);
    const std::array<lez::core::PdaSeed, 3> old{lez::core::seedFromString("vault_holding").value(),
                                                lez::core::seedFromAccountId(cfg), lez::core::seedFromString("native").value()};
    QVERIFY(vaultHoldingId(kPaymentStreamsTestnetProgramId, cfg) != lez::core::spelPda(kPaymentStreamsTestnetProgramId, old).value());
    QCOMPARE(vaultHoldingId(kPaymentStreamsTestnetProgramId, cfg), vaultHoldingId(kPaymentStreamsTestnetProgramId, cfg, TokenId{}));
    TokenId other{};
    other[31] = 1;
    QVERIFY(vaultHoldingId(kPaymentStreamsTestnetProgramId, cfg) != vaultHoldingId(kPaymentStreamsTestnetProgramId, cfg, other));
  }
  void derivationIsDeterministicAndEveryInputMatters() {
    const ProgramId p = kPaymentStreamsTestnetProgramId;
    const ProgramId q = ProgramId::fromHexLiteral("0000000000000000000000000000000000000000000000000000000000000001");
    const AccountId o1 = filled(1), o2 = filled(2);
    QCOMPARE(vaultConfigId(p, o1, 5), vaultConfigId(p, o1, 5));
    QVERIFY(vaultConfigId(p, o1, 5) != vaultConfigId(p, o2, 5));
    QVERIFY(vaultConfigId(p, o1, 5) != vaultConfigId(p, o1, 6));
    QVERIFY(vaultConfigId(p, o1, 5) != vaultConfigId(q, o1, 5));
    const AccountId cfg = vaultConfigId(p, o1, 5);
    QVERIFY(streamConfigId(p, cfg, 0) != streamConfigId(p, cfg, 1));
    QVERIFY(streamConfigId(p, cfg, 0) != streamConfigId(q, cfg, 0));
    // The same seed values under different literals give different ids.
    QVERIFY(streamConfigId(p, o1, 5) != vaultConfigId(p, o1, 5));
    const VaultPdas both = vaultPdas(p, o1, 5);
    QCOMPARE(both.config, cfg);
    QCOMPARE(both.holding, vaultHoldingId(p, cfg));
  }
  void instructionAccountListsFollowTheSpecOrder() {
    const ProgramId p = kPaymentStreamsTestnetProgramId;
    const AccountId owner = filled(1), provider = filled(2), to = filled(3);
    const VaultPdas v = vaultPdas(p, owner, 9);
    const AccountId str = streamConfigId(p, v.config, 4);
    auto init = initializeVaultAccounts(p, owner, 9);
    QCOMPARE(init.ids, (std::vector<AccountId>{v.config, v.holding, owner}));
    QCOMPARE(init.signers, (std::vector<bool>{false, false, true}));
    auto w = withdrawAccounts(p, owner, 9, to);
    QCOMPARE(w.ids, (std::vector<AccountId>{v.config, v.holding, owner, to}));
    QCOMPARE(w.signers, (std::vector<bool>{false, false, true, false}));
    auto create = createStreamAccounts(p, owner, 9, 4, lez::core::kClock10);
    QCOMPARE(create.ids, (std::vector<AccountId>{v.config, v.holding, str, owner, lez::core::kClock10}));
    QCOMPARE(create.signers, (std::vector<bool>{false, false, false, true, false}));
    auto claim = providerStreamAccounts(p, owner, provider, 9, 4);
    QCOMPARE(claim.ids, (std::vector<AccountId>{v.config, v.holding, str, owner, provider, lez::core::kClock01}));
    QCOMPARE(claim.signers, (std::vector<bool>{false, false, false, false, true, false}));
  }
};

QTEST_APPLESS_MAIN(TstStreamsPdas)
#include "tst_streams_pdas.moc"
