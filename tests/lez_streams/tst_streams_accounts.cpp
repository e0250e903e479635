// Account data layouts of the payment-streams program (payment-streams.md §5): round trips,
// field offsets, known bytes from tests/vectors/payment_streams.json, exact length, bad enums.
#include "streams_fixture.h"

using namespace streamstest;
using namespace lez::streams;
using Bytes = std::vector<std::uint8_t>;

Q_DECLARE_METATYPE(Bytes)

namespace {

AccountId filled(std::uint8_t b) {
  AccountId::Bytes x{};
  x.fill(b);
  return AccountId(x);
}

VaultConfig sampleVault() {
  VaultConfig c;
  c.version = 7;
  c.owner = filled(0xAB);
  c.vaultId = 0x0102030405060708ULL;
  c.nextStreamId = 0x1112131415161718ULL;
  c.totalAllocated = U128::fromParts(0x2122232425262728ULL, 0x3132333435363738ULL);
  c.privacyTier = VaultPrivacyTier::PseudonymousFunding;
  for (std::size_t i = 0; i < 32; ++i) c.tokenId[i] = static_cast<std::uint8_t>(0xC0 + i);
  return c;
}

StreamConfig sampleStream() {
  StreamConfig s;
  s.version = 9;
  s.streamId = 0x0102030405060708ULL;
  s.provider = filled(0x5A);
  s.rate = 0x1112131415161718ULL;
  s.allocation = U128::fromParts(0x2122232425262728ULL, 0x3132333435363738ULL);
  s.accrued = U128::fromParts(0x4142434445464748ULL, 0x5152535455565758ULL);
  s.state = StreamState::Closed;
  s.accruedAsOf = 0x6162636465666768ULL;
  return s;
}

std::uint64_t le64(const Bytes& b, std::size_t at) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(b[at + i]) << (8 * i);
  return v;
}
U128 le128(const Bytes& b, std::size_t at) { return U128::fromParts(le64(b, at + 8), le64(b, at)); }

}  // namespace

class TstStreamsAccounts : public QObject {
  Q_OBJECT
 private slots:
  void vaultConfigFieldsSitAtTheirOffsets() {
    const VaultConfig c = sampleVault();
    const Bytes b = encode(c);
    QCOMPARE(b.size(), std::size_t(98));
    QCOMPARE(b[0], std::uint8_t(7));
    QVERIFY(std::equal(c.owner.bytes().begin(), c.owner.bytes().end(), b.begin() + 1));
    QCOMPARE(le64(b, 33), c.vaultId);
    QCOMPARE(le64(b, 41), c.nextStreamId);
    QCOMPARE(le128(b, 49), c.totalAllocated);
    QCOMPARE(b[65], std::uint8_t(1));
    QVERIFY(std::equal(c.tokenId.begin(), c.tokenId.end(), b.begin() + 66));
    auto back = decodeVaultConfig(b);
    QVERIFY2(back.ok(), why(back).constData());
    QVERIFY(back.value() == c);
  }
  void streamConfigFieldsSitAtTheirOffsets() {
    const StreamConfig s = sampleStream();
    const Bytes b = encode(s);
    QCOMPARE(b.size(), std::size_t(90));
    QCOMPARE(b[0], std::uint8_t(9));
    QCOMPARE(le64(b, 1), s.streamId);
    QVERIFY(std::equal(s.provider.bytes().begin(), s.provider.bytes().end(), b.begin() + 9));
    QCOMPARE(le64(b, 41), s.rate);
    QCOMPARE(le128(b, 49), s.allocation);
    QCOMPARE(le128(b, 65), s.accrued);
    QCOMPARE(b[81], std::uint8_t(2));
    QCOMPARE(le64(b, 82), s.accruedAsOf);
    auto back = decodeStreamConfig(b);
    QVERIFY2(back.ok(), why(back).constData());
    QVERIFY(back.value() == s);
  }
  void vaultHoldingIsOneVersionByte() {
    QCOMPARE(encode(VaultHolding{}), Bytes{1});
    auto back = decodeVaultHolding(Bytes{3});
    QVERIFY(back.ok());
    QCOMPARE(back->version, std::uint8_t(3));
  }
  void defaultsRoundTrip() {
    QVERIFY(decodeVaultConfig(encode(VaultConfig{})).value() == VaultConfig{});
    QVERIFY(decodeStreamConfig(encode(StreamConfig{})).value() == StreamConfig{});
    QCOMPARE(encode(VaultConfig{})[0], kAccountVersion);
  }
  void everyStateAndTierRoundTrips() {
    for (auto st : {StreamState::Active, StreamState::Paused, StreamState::Closed}) {
      StreamConfig s = sampleStream();
      s.state = st;
      QVERIFY(decodeStreamConfig(encode(s)).value() == s);
    }
    for (auto tier : {VaultPrivacyTier::Public, VaultPrivacyTier::PseudonymousFunding}) {
      VaultConfig c = sampleVault();
      c.privacyTier = tier;
      QVERIFY(decodeVaultConfig(encode(c)).value() == c);
    }
  }
  void knownBytesFromTheSharedVectors() {
    const QJsonObject v = loadVectors("payment_streams.json");
    for (const auto& item : v.value("vault_config").toArray()) {
      const QJsonObject o = item.toObject();
      VaultConfig c;
      c.version = static_cast<std::uint8_t>(o.value("version").toInt());
      c.owner = accountFromHex(o.value("owner").toString());
      c.vaultId = u64(o.value("vault_id"));
      c.nextStreamId = u64(o.value("next_stream_id"));
      c.totalAllocated = u128(o.value("total_allocated"));
      c.privacyTier = static_cast<VaultPrivacyTier>(o.value("privacy_tier").toInt());
      const Bytes token = bytesFromHex(o.value("token_id").toString());
      std::copy(token.begin(), token.end(), c.tokenId.begin());
      const Bytes expected = bytesFromHex(o.value("bytes").toString());
      QCOMPARE(encode(c), expected);
      QVERIFY(decodeVaultConfig(expected).value() == c);
    }
    for (const auto& item : v.value("stream_config").toArray()) {
      const QJsonObject o = item.toObject();
      StreamConfig s;
      s.version = static_cast<std::uint8_t>(o.value("version").toInt());
      s.streamId = u64(o.value("stream_id"));
      s.provider = accountFromHex(o.value("provider").toString());
      s.rate = u64(o.value("rate"));
      s.allocation = u128(o.value("allocation"));
      s.accrued = u128(o.value("accrued"));
      s.state = static_cast<StreamState>(o.value("state").toInt());
      s.accruedAsOf = u64(o.value("accrued_as_of"));
      const Bytes expected = bytesFromHex(o.value("bytes").toString());
      QCOMPARE(encode(s), expected);
      QVERIFY(decodeStreamConfig(expected).value() == s);
    }
  }

  void decodersRequireTheExactLength_data() {
    QTest::addColumn<QString>("layout");
    QTest::addColumn<int>("size");
    QTest::addColumn<QString>("code");
    QTest::newRow("VaultConfig empty") << "VaultConfig" << 0 << "TRUNCATED";
    QTest::newRow("VaultConfig 97") << "VaultConfig" << 97 << "TRUNCATED";
    QTest::newRow("VaultConfig 99") << "VaultConfig" << 99 << "TRAILING_BYTES";
    QTest::newRow("StreamConfig 89") << "StreamConfig" << 89 << "TRUNCATED";
    QTest::newRow("StreamConfig 91") << "StreamConfig" << 91 << "TRAILING_BYTES";
    QTest::newRow("StreamConfig 98 (a vault config)") << "StreamConfig" << 98 << "TRAILING_BYTES";
    QTest::newRow("VaultHolding empty") << "VaultHolding" << 0 << "TRUNCATED";
    QTest::newRow("VaultHolding 2") << "VaultHolding" << 2 << "TRAILING_BYTES";
  }
  void decodersRequireTheExactLength() {
    QFETCH(QString, layout);
    QFETCH(int, size);
    QFETCH(QString, code);
    Bytes b(static_cast<std::size_t>(size), 0);
    QString got;
    if (layout == "VaultConfig") got = QString::fromStdString(decodeVaultConfig(b).error().code);
    if (layout == "StreamConfig") got = QString::fromStdString(decodeStreamConfig(b).error().code);
    if (layout == "VaultHolding") got = QString::fromStdString(decodeVaultHolding(b).error().code);
    QCOMPARE(got, code);
  }
  void unknownEnumBytesAreRefused_data() {
    QTest::addColumn<bool>("stream");
    QTest::addColumn<int>("value");
    QTest::newRow("tier 2") << false << 2;
    QTest::newRow("tier 255") << false << 255;
    QTest::newRow("state 3") << true << 3;
    QTest::newRow("state 255") << true << 255;
  }
  void unknownEnumBytesAreRefused() {
    QFETCH(bool, stream);
    QFETCH(int, value);
    if (stream) {
      Bytes b = encode(sampleStream());
      b[81] = static_cast<std::uint8_t>(value);
      auto r = decodeStreamConfig(b);
      QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("INVALID_VARIANT"));
      QVERIFY(QString::fromStdString(r.error().message).contains("state"));
    } else {
      Bytes b = encode(sampleVault());
      b[65] = static_cast<std::uint8_t>(value);
      auto r = decodeVaultConfig(b);
      QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("INVALID_VARIANT"));
      QVERIFY(QString::fromStdString(r.error().message).contains("privacy_tier"));
    }
  }
};

QTEST_APPLESS_MAIN(TstStreamsAccounts)
#include "tst_streams_accounts.moc"
