// The error table of payment_streams_module (error_table.h): one entry per code, each with a
// meaning and an action, and every code constant of error_codes.h in it.
#include <QtTest>

#include <set>
#include <string>

#include "error_codes.h"
#include "error_table.h"

using namespace payment_streams;

class TstPaymentStreamsErrors : public QObject {
  Q_OBJECT
 private slots:
  void everyCodeOnceWithMeaningAndAction() {
    std::set<std::string> codes;
    for (const auto& e : errorTable()) {
      QVERIFY2(codes.insert(e.code).second, e.code);
      QVERIFY2(std::string(e.meaning).size() > 10, e.code);
      QVERIFY2(std::string(e.action).size() > 5, e.code);
    }
    for (const char* code : {kInvalidArgs, kInvalidAccountId, kArgsMismatch, kChainReadFailed, kInvalidAccountData, kVaultNotFound,
                             kStreamNotFound, kStateNotConfirmed, kWalletFailed, kProviderNotInitialized, kWithdrawDestinationUninitialized,
                             kWithdrawPrestateUnavailable, kWithdrawOwnerMismatch, kCreateProviderEqualsOwner, kClosePrestateUnavailable,
                             kCloseOwnerMismatch, kCloseProviderMismatch, kNoPendingProposal, kStateWriteFailed, kReplayStoreFailed}) {
      QVERIFY2(codes.count(code) == 1, code);
    }
  }
};

QTEST_GUILESS_MAIN(TstPaymentStreamsErrors)
#include "tst_payment_streams_errors.moc"
