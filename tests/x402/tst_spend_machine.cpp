// Spend-request state machine (x402.md §8): every allowed and refused transition, lazy expiry of
// the approval window and of the credential lifetime, one-time use and scope checks.
#include <QtTest>

#include "x402/spend_machine.h"
#include "x402/spend_request_json.h"

using lezpay::util::U128;
using namespace x402;

namespace {

const std::string kPayTo = "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY";
const std::string kReason(120, 'r');
constexpr std::int64_t T0 = 1'700'000'000;

SpendPolicy policy() { return SpendPolicy{}; }

QString name(SpendStatus s) { return QString::fromUtf8(toString(s).data(), static_cast<int>(toString(s).size())); }

SpendRequest fresh(bool requestApproval = true, const std::string& amount = "25") {
  SpendRequestDraft d{"Weather Co", "http://127.0.0.1:8402/weather", kPayTo, amount, "native", "logos:lez-localnet", kReason, "", 60};
  auto checked = checkNewRequest(d, policy());
  if (!checked.ok()) qFatal("draft refused: %s", checked.error().message.c_str());
  return openSpendRequest(checked.value(), "lsrq_test", T0, policy(), requestApproval);
}

SpendCredential credentialFor(const SpendRequest& r, std::int64_t now) {
  return SpendCredential{"{\"transaction\":\"AA==\"}", std::string(64, 'a'), "payer", "0", now - 600, r.valid_until, now};
}

}  // namespace

class TstSpendMachine : public QObject {
  Q_OBJECT
 private slots:
  void openSetsWindowAndLifetime() {
    const SpendRequest r = fresh();
    QCOMPARE(name(r.status), name(SpendStatus::PendingApproval));
    QCOMPARE(r.approval_requested_at, T0);
    QCOMPARE(r.approval_expires_at, T0 + 600);
    QCOMPARE(r.valid_until, T0 + 43200);
    const SpendRequest c = fresh(false);
    QCOMPARE(name(c.status), name(SpendStatus::Created));
    QCOMPARE(c.approval_expires_at, std::int64_t{0});
  }

  void approveWithinWindowIssuesCredential() {
    const SpendRequest r = fresh();
    auto a = approve(r, credentialFor(r, T0 + 599), T0 + 599);
    QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
    QCOMPARE(name(a->status), name(SpendStatus::Approved));
    QCOMPARE(a->decided_at, T0 + 599);
    QVERIFY(a->credential.has_value());
  }

  void approveAfterWindowIsRefusedAndExpires() {
    SpendRequest r = fresh();
    auto st = canApprove(r, T0 + 600);
    QVERIFY(!st.ok());
    QCOMPARE(QString::fromStdString(st.error().code), QString("APPROVAL_WINDOW_ELAPSED"));
    QVERIFY(refreshExpiry(r, T0 + 600));
    QCOMPARE(name(r.status), name(SpendStatus::Expired));
    // Still the same clear code once the expiry was recorded.
    auto again = approve(r, credentialFor(r, T0 + 601), T0 + 601);
    QVERIFY(!again.ok());
    QCOMPARE(QString::fromStdString(again.error().code), QString("APPROVAL_WINDOW_ELAPSED"));
  }

  void createdRequestCanBeApprovedDirectlyOrAfterRequestingApproval() {
    const SpendRequest c = fresh(false);
    auto direct = approve(c, credentialFor(c, T0 + 5000), T0 + 5000);  // no window before approval is requested
    QVERIFY(direct.ok());
    QCOMPARE(direct->approval_requested_at, T0 + 5000);
    auto pending = requestApproval(c, T0 + 10, policy());
    QVERIFY(pending.ok());
    QCOMPARE(name(pending->status), name(SpendStatus::PendingApproval));
    QCOMPARE(pending->approval_expires_at, T0 + 610);
    QVERIFY(!requestApproval(pending.value(), T0 + 11, policy()).ok());
  }

  void createdRequestExpiresAtEndOfLifetime() {
    SpendRequest c = fresh(false);
    QVERIFY(!refreshExpiry(c, T0 + 43199));
    QVERIFY(refreshExpiry(c, T0 + 43200));
    QCOMPARE(name(c.status), name(SpendStatus::Expired));
    QCOMPARE(QString::fromStdString(canApprove(c, T0 + 43200).error().code), QString("CREDENTIAL_EXPIRED"));
  }

  void approvedCredentialExpiresAtValidUntil() {
    const SpendRequest r = fresh();
    SpendRequest a = approve(r, credentialFor(r, T0 + 1), T0 + 1).value();
    QVERIFY(canUse(a, U128(25), kPayTo, "logos:lez-localnet", "native", "http://127.0.0.1:8402", T0 + 43199).ok());
    auto used = canUse(a, U128(25), kPayTo, "logos:lez-localnet", "native", "http://127.0.0.1:8402", T0 + 43200);
    QCOMPARE(QString::fromStdString(used.error().code), QString("CREDENTIAL_EXPIRED"));
    QVERIFY(refreshExpiry(a, T0 + 43200));
    QCOMPARE(name(a.status), name(SpendStatus::Expired));
  }

  void credentialMayNotOutliveRequest() {
    const SpendRequest r = fresh();
    SpendCredential c = credentialFor(r, T0);
    c.valid_before = r.valid_until + 1;
    QVERIFY(!approve(r, c, T0).ok());
  }

  void declineOnlyBeforeApproval() {
    const SpendRequest r = fresh();
    auto d = decline(r, "not now", T0 + 3);
    QVERIFY(d.ok());
    QCOMPARE(name(d->status), name(SpendStatus::Denied));
    QCOMPARE(QString::fromStdString(d->decline_reason), QString("not now"));
    QVERIFY(!approve(d.value(), credentialFor(r, T0 + 4), T0 + 4).ok());
    QVERIFY(!cancel(d.value(), T0 + 4).ok());
    const SpendRequest a = approve(r, credentialFor(r, T0), T0).value();
    QCOMPARE(QString::fromStdString(decline(a, "", T0 + 1).error().code), QString("INVALID_TRANSITION"));
  }

  void cancelVoidsTheCredential() {
    const SpendRequest r = fresh();
    const SpendRequest a = approve(r, credentialFor(r, T0), T0).value();
    auto c = cancel(a, T0 + 1);
    QVERIFY(c.ok());
    QCOMPARE(name(c->status), name(SpendStatus::Canceled));
    QVERIFY(!c->credential.has_value());
    auto use = canUse(c.value(), U128(25), kPayTo, "logos:lez-localnet", "native", "http://127.0.0.1:8402", T0 + 2);
    QVERIFY(!use.ok());
    QVERIFY(cancel(fresh(false), T0).ok());
    QVERIFY(cancel(fresh(true), T0).ok());
  }

  void cancelRefusedOnceThePaymentWasSent() {
    const SpendRequest r = fresh();
    const SpendRequest sent = markAttempted(approve(r, credentialFor(r, T0), T0).value(), T0 + 1);
    QCOMPARE(QString::fromStdString(cancel(sent, T0 + 2).error().code), QString("INVALID_TRANSITION"));
  }

  void useChecksExactScope() {
    const SpendRequest r = fresh();
    const SpendRequest a = approve(r, credentialFor(r, T0), T0).value();
    const std::string origin = "http://127.0.0.1:8402";
    QVERIFY(canUse(a, U128(25), kPayTo, "logos:lez-localnet", "native", origin, T0 + 1).ok());
    const auto code = [](const lezpay::util::Status& s) { return QString::fromStdString(s.ok() ? "OK" : s.error().code); };
    QCOMPARE(code(canUse(a, U128(24), kPayTo, "logos:lez-localnet", "native", origin, T0 + 1)), QString("SCOPE_MISMATCH"));
    QCOMPARE(code(canUse(a, U128(26), kPayTo, "logos:lez-localnet", "native", origin, T0 + 1)), QString("SCOPE_MISMATCH"));
    QCOMPARE(code(canUse(a, U128(25), "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo", "logos:lez-localnet", "native", origin, T0 + 1)),
             QString("SCOPE_MISMATCH"));
    QCOMPARE(code(canUse(a, U128(25), kPayTo, "logos:lez-testnet", "native", origin, T0 + 1)), QString("SCOPE_MISMATCH"));
    QCOMPARE(code(canUse(a, U128(25), kPayTo, "logos:lez-localnet", "other", origin, T0 + 1)), QString("SCOPE_MISMATCH"));
    QCOMPARE(code(canUse(a, U128(25), kPayTo, "logos:lez-localnet", "native", "http://127.0.0.1:8403", T0 + 1)), QString("SCOPE_MISMATCH"));
  }

  void settledCredentialCannotBeUsedAgain() {
    const SpendRequest r = fresh();
    const SpendRequest a = approve(r, credentialFor(r, T0), T0).value();
    auto s = settle(a, true, "{\"success\":true}", "", T0 + 2);
    QVERIFY(s.ok());
    QCOMPARE(name(s->status), name(SpendStatus::Succeeded));
    auto again = canUse(s.value(), U128(25), kPayTo, "logos:lez-localnet", "native", "http://127.0.0.1:8402", T0 + 3);
    QCOMPARE(QString::fromStdString(again.error().code), QString("CREDENTIAL_USED"));
    QVERIFY(!settle(s.value(), false, "{}", "", T0 + 4).ok());
    auto f = settle(a, false, "{\"success\":false}", "insufficient_funds", T0 + 2);
    QCOMPARE(name(f->status), name(SpendStatus::Failed));
    QCOMPARE(QString::fromStdString(canUse(f.value(), U128(25), kPayTo, "logos:lez-localnet", "native", "http://127.0.0.1:8402", T0 + 3).error().code),
             QString("CREDENTIAL_USED"));
  }

  void finalStatusesAcceptNoTransition() {
    const SpendRequest r = fresh();
    std::vector<SpendRequest> finals;
    finals.push_back(decline(r, "", T0).value());
    finals.push_back(cancel(r, T0).value());
    SpendRequest e = r;
    refreshExpiry(e, T0 + 700);
    finals.push_back(e);
    const SpendRequest a = approve(r, credentialFor(r, T0), T0).value();
    finals.push_back(settle(a, true, "{}", "", T0).value());
    finals.push_back(settle(a, false, "{}", "", T0).value());
    for (const auto& f : finals) {
      QVERIFY(isFinal(f.status));
      QVERIFY(isTerminalForPolling(f.status));
      QVERIFY(!approve(f, credentialFor(r, T0), T0 + 1).ok());
      QVERIFY(!decline(f, "", T0 + 1).ok());
      QVERIFY(!cancel(f, T0 + 1).ok());
      QVERIFY(!requestApproval(f, T0 + 1, policy()).ok());
      QVERIFY(!settle(f, true, "{}", "", T0 + 1).ok());
      SpendRequest copy = f;
      QVERIFY(!refreshExpiry(copy, T0 + 10'000'000));
    }
    QVERIFY(!isTerminalForPolling(SpendStatus::PendingApproval));
    QVERIFY(!isTerminalForPolling(SpendStatus::Created));
    QVERIFY(isTerminalForPolling(SpendStatus::Approved));
  }

  void jsonRoundTripKeepsEveryField() {
    const SpendRequest r = fresh();
    SpendRequest a = approve(r, credentialFor(r, T0), T0).value();
    a = markAttempted(a, T0 + 1);
    a = settle(a, true, "{\"success\":true,\"transaction\":\"ab\"}", "", T0 + 2).value();
    a.amount = U128::max();  // exact beyond 64 bits
    auto back = spendRequestFromJson(toJson(a));
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QVERIFY(back.value() == a);
    auto view = publicView(a);
    QVERIFY(!view["credential"].contains("payload_json"));
    QCOMPARE(QString::fromStdString(view["amount"].get<std::string>()), QString("340282366920938463463374607431768211455"));
    QVERIFY(view["settlement"]["success"].get<bool>());
    QVERIFY(view["terminal_for_polling"].get<bool>());
    QVERIFY(!publicView(fresh())["terminal_for_polling"].get<bool>());
  }

  void jsonDecoderNamesTheBadField() {
    auto j = toJson(fresh());
    j["amount"] = 25;
    auto r = spendRequestFromJson(j);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.find("amount") != std::string::npos);
    j = toJson(fresh());
    j["status"] = "paid";
    QVERIFY(!spendRequestFromJson(j).ok());
    QVERIFY(!spendRequestFromJson(nlohmann::json::array()).ok());
  }
};

QTEST_APPLESS_MAIN(TstSpendMachine)
#include "tst_spend_machine.moc"
