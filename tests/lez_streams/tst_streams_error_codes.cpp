// Error codes of the payment-streams program (payment-streams.md §6 table): numbers, names and
// the inverse mappings (an unknown number maps to nullopt, never a blind cast).
#include <QtTest>

#include <set>

#include "lez/streams/error_codes.h"

using namespace lez::streams;

class TstStreamsErrorCodes : public QObject {
  Q_OBJECT
 private slots:
  void everyCodeHasItsSpecNumberAndName_data() {
    QTest::addColumn<uint>("number");
    QTest::addColumn<QString>("name");
    const std::pair<uint, const char*> table[] = {
        {6001, "ZeroDepositAmount"},      {6002, "VersionMismatch"},
        {6003, "VaultIdMismatch"},        {6004, "InsufficientFunds"},
        {6005, "ArithmeticOverflow"},     {6006, "ZeroWithdrawAmount"},
        {6007, "ZeroStreamRate"},         {6008, "ZeroStreamAllocation"},
        {6009, "StreamIdMismatch"},       {6010, "TotalAllocatedOverflow"},
        {6011, "AllocationExceedsUnallocated"}, {6012, "NextStreamIdOverflow"},
        {6013, "TimeRegression"},         {6014, "StreamExceedsAllocation"},
        {6015, "VaultOwnerMismatch"},     {6016, "StreamNotActive"},
        {6017, "StreamNotPaused"},        {6018, "ResumeZeroUnaccrued"},
        {6019, "StreamClosed"},           {6020, "ZeroTopUpAmount"},
        {6021, "TotalAllocatedUnderflow"}, {6022, "CloseUnauthorized"},
        {6023, "ZeroClaimAmount"},        {6024, "ClaimUnauthorized"},
        {6025, "InvalidClockAccount"},    {6026, "InvalidPrivacyTier"},
        {6027, "ProviderEqualsOwner"},    {6028, "UnsupportedTokenId"},
    };
    for (const auto& [number, name] : table) QTest::newRow(name) << number << QString::fromLatin1(name);
  }
  void everyCodeHasItsSpecNumberAndName() {
    QFETCH(uint, number);
    QFETCH(QString, name);
    auto code = streamErrorFromNumber(number);
    QVERIFY(code.has_value());
    QCOMPARE(errorNumber(*code), number);
    QCOMPARE(QString::fromUtf8(toString(*code).data(), int(toString(*code).size())), name);
    QCOMPARE(streamErrorFromString(name.toStdString()), code);
    const Error e = makeError(*code, "m");
    QCOMPARE(errorNumber(e), number);
    QCOMPARE(QString::fromStdString(e.code), name);
  }
  void allStreamErrorsListsTwentyEightDistinctCodesInOrder() {
    const auto& all = allStreamErrors();
    QCOMPARE(all.size(), std::size_t(28));
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < all.size(); ++i) {
      QCOMPARE(errorNumber(all[i]), uint(6001 + i));
      names.insert(toString(all[i]));
    }
    QCOMPARE(names.size(), std::size_t(28));
  }
  void unknownNumbersMapToNothing_data() {
    QTest::addColumn<uint>("number");
    for (uint n : {0u, 1u, 6000u, 6029u, 6099u, 0xFFFFFFFFu}) QTest::newRow(qPrintable(QString::number(n))) << n;
  }
  void unknownNumbersMapToNothing() {
    QFETCH(uint, number);
    QVERIFY(!streamErrorFromNumber(number).has_value());
  }
  void frameworkErrorsCarryNoNumber() {
    for (auto f : {FrameworkError::InvalidInstruction, FrameworkError::AccountCountMismatch, FrameworkError::MissingSignature,
                   FrameworkError::PdaMismatch, FrameworkError::AccountNotDefault, FrameworkError::InvalidAccountData,
                   FrameworkError::AuthenticatedTransferProgramMismatch}) {
      QCOMPARE(errorNumber(makeError(f, "m")), 0u);
      QVERIFY(!streamErrorFromString(toString(f)).has_value());
    }
    QVERIFY(!streamErrorFromString("zerodepositamount").has_value());  // names are case-sensitive
    QCOMPARE(errorNumber(Error{"TRUNCATED", "x"}), 0u);
  }
};

QTEST_APPLESS_MAIN(TstStreamsErrorCodes)
#include "tst_streams_error_codes.moc"
