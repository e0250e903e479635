// Spend policy (x402.md §8): reason rules, request validation, per-request / daily / 30-day caps,
// merchant origins and the policy's JSON form.
#include <QtTest>

#include "lez/core/account_id.h"
#include "x402/spend_machine.h"
#include "x402/spend_request_json.h"

using lezpay::util::U128;
using namespace x402;

namespace {

const std::string kPayTo = "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY";
constexpr std::int64_t T0 = 1'700'000'000;

SpendRequestDraft draft(const std::string& amount = "10") {
  return SpendRequestDraft{"Weather Co", "https://Weather.Example/api", kPayTo, amount, "native", "logos:lez-localnet",
                           std::string(100, 'x'), "", 0};
}

QString code(const lezpay::util::Status& s) { return QString::fromStdString(s.ok() ? "OK" : s.error().code); }
template <typename T>
QString code(const lezpay::util::Result<T>& r) { return QString::fromStdString(r.ok() ? "OK" : r.error().code); }

SpendRequest spent(const std::string& id, SpendStatus status, std::uint64_t amount, std::int64_t decidedAt) {
  SpendRequest r;
  r.id = id;
  r.status = status;
  r.amount = U128(amount);
  r.decided_at = decidedAt;
  return r;
}

}  // namespace

class TstSpendPolicy : public QObject {
  Q_OBJECT
 private slots:
  void reasonControlCharactersAreStripped() {
    auto r = sanitizeReason("  buy\x01 one\tforecast\r\nfor Paris\x7f \xc2\x85now  ");
    QVERIFY(r.ok());
    QCOMPARE(QString::fromStdString(r.value()), QString("buy one forecast for Paris now"));
    QCOMPARE(code(sanitizeReason("bad \xff byte")), QString("INVALID_REQUEST"));
    QCOMPARE(code(sanitizeReason("\xe0\x80\x80")), QString("INVALID_REQUEST"));  // overlong
    QCOMPARE(code(sanitizeReason("\xc3")), QString("INVALID_REQUEST"));          // truncated
  }

  void reasonLengthCountsCharactersAfterStripping() {
    SpendRequestDraft d = draft();
    d.reason = std::string(99, 'x') + "\x01\x02\x03";
    QCOMPARE(code(checkNewRequest(d, SpendPolicy{})), QString("REASON_TOO_SHORT"));
    d.reason = std::string(100, 'x');
    QCOMPARE(code(checkNewRequest(d, SpendPolicy{})), QString("OK"));
    d.reason.clear();
    for (int i = 0; i < 100; ++i) d.reason += "\xc3\xa9";  // 100 characters, 200 bytes
    QCOMPARE(code(checkNewRequest(d, SpendPolicy{})), QString("OK"));
    d.reason = std::string(2001, 'x');
    QCOMPARE(code(checkNewRequest(d, SpendPolicy{})), QString("REASON_TOO_LONG"));
    SpendPolicy small;
    small.min_reason_chars = 5;
    d.reason = "short";
    QCOMPARE(code(checkNewRequest(d, small)), QString("OK"));
  }

  void requestFieldsAreValidated() {
    SpendPolicy p;
    auto ok = checkNewRequest(draft(), p);
    QVERIFY(ok.ok());
    QCOMPARE(QString::fromStdString(ok->pay_to), QString::fromStdString(kPayTo));
    SpendRequestDraft d = draft("0");
    QCOMPARE(code(checkNewRequest(d, p)), QString("AMOUNT_ZERO"));
    d = draft("-1");
    QCOMPARE(code(checkNewRequest(d, p)), QString("INVALID_REQUEST"));
    d = draft("1.5");
    QCOMPARE(code(checkNewRequest(d, p)), QString("INVALID_REQUEST"));
    d = draft();
    d.pay_to = "not-an-account";
    QCOMPARE(code(checkNewRequest(d, p)), QString("INVALID_REQUEST"));
    d = draft();
    d.merchant_url = "ftp://x";
    QCOMPARE(code(checkNewRequest(d, p)), QString("INVALID_REQUEST"));
    d = draft();
    d.merchant_name = "";
    QCOMPARE(code(checkNewRequest(d, p)), QString("INVALID_REQUEST"));
    d = draft();
    d.network = "eip155:1";
    QCOMPARE(code(checkNewRequest(d, p)), QString("UNSUPPORTED_NETWORK"));
    d = draft();
    d.asset = "usdc";
    QCOMPARE(code(checkNewRequest(d, p)), QString("UNSUPPORTED_ASSET"));
    d = draft("50001");
    QCOMPARE(code(checkNewRequest(d, p)), QString("PER_REQUEST_CAP_EXCEEDED"));
    d = draft("50000");
    QCOMPARE(code(checkNewRequest(d, p)), QString("OK"));
  }

  void hexPayToIsNormalisedToBase58() {
    SpendRequestDraft d = draft();
    auto id = lez::core::AccountId::fromBase58(kPayTo).value();
    d.pay_to = id.toHex();
    auto r = checkNewRequest(d, SpendPolicy{});
    QVERIFY(r.ok());
    QCOMPARE(QString::fromStdString(r->pay_to), QString::fromStdString(kPayTo));
  }

  void dailyCapCountsApprovedAndSucceededInTheLast24Hours() {
    SpendPolicy p;
    p.per_request_cap = U128(100);
    p.daily_cap = U128(100);
    p.monthly_cap = U128(1000);
    std::vector<SpendRequest> rs{
        spent("a", SpendStatus::Approved, 30, T0 - 10),
        spent("b", SpendStatus::Succeeded, 30, T0 - 86399),
        spent("c", SpendStatus::Succeeded, 500, T0 - 86400),  // exactly 24 h ago: outside
        spent("d", SpendStatus::Failed, 90, T0 - 5),           // nothing moved
        spent("e", SpendStatus::Denied, 90, T0 - 5),
        spent("f", SpendStatus::Canceled, 90, T0 - 5),
        spent("g", SpendStatus::PendingApproval, 90, 0),
    };
    std::vector<DirectSpend> direct{{"store_query", kPayTo, U128(15), T0 - 100, "h"}};
    QCOMPARE(committedSpend(rs, direct, T0, kDaySeconds).toDecimal(), std::string("75"));
    QCOMPARE(code(checkCaps(U128(25), rs, direct, p, T0)), QString("OK"));
    QCOMPARE(code(checkCaps(U128(26), rs, direct, p, T0)), QString("DAILY_CAP_EXCEEDED"));
    // Re-checking a request at approval time excludes itself.
    QCOMPARE(code(checkCaps(U128(55), rs, direct, p, T0, "a")), QString("OK"));
    // A day later the window is empty again.
    QCOMPARE(code(checkCaps(U128(100), rs, direct, p, T0 + 86400)), QString("OK"));
    QCOMPARE(code(checkCaps(U128(101), rs, direct, p, T0 + 86400)), QString("PER_REQUEST_CAP_EXCEEDED"));
  }

  void sentButUnsettledCredentialStillCounts() {
    SpendRequest r = spent("x", SpendStatus::Expired, 40, T0 - 10);
    r.payment_attempted_at = T0 - 9;
    std::vector<SpendRequest> rs{r};
    QCOMPARE(committedSpend(rs, {}, T0, kDaySeconds).toDecimal(), std::string("40"));
  }

  void monthlyCapCountsThirtyDays() {
    SpendPolicy p;
    p.per_request_cap = U128(100);
    p.daily_cap = U128(100);
    p.monthly_cap = U128(250);
    std::vector<SpendRequest> rs{spent("a", SpendStatus::Succeeded, 100, T0 - 2 * kDaySeconds),
                                 spent("b", SpendStatus::Succeeded, 100, T0 - 20 * kDaySeconds),
                                 spent("c", SpendStatus::Succeeded, 100, T0 - 30 * kDaySeconds)};
    QCOMPARE(code(checkCaps(U128(50), rs, {}, p, T0)), QString("OK"));
    QCOMPARE(code(checkCaps(U128(51), rs, {}, p, T0)), QString("MONTHLY_CAP_EXCEEDED"));
  }

  void capSumsSaturateInsteadOfWrapping() {
    std::vector<SpendRequest> rs{spent("a", SpendStatus::Approved, 1, T0), spent("b", SpendStatus::Approved, 1, T0)};
    rs[0].amount = U128::max();
    QVERIFY(committedSpend(rs, {}, T0, kDaySeconds) == U128::max());
    SpendPolicy p;
    p.per_request_cap = U128::max();
    p.daily_cap = U128::max();
    p.monthly_cap = U128::max();
    QCOMPARE(code(checkCaps(U128(1), rs, {}, p, T0)), QString("DAILY_CAP_EXCEEDED"));
  }

  void originsAreNormalised() {
    QCOMPARE(QString::fromStdString(urlOrigin("HTTP://Example.COM/a?b").value()), QString("http://example.com:80"));
    QCOMPARE(QString::fromStdString(urlOrigin("https://example.com").value()), QString("https://example.com:443"));
    QCOMPARE(QString::fromStdString(urlOrigin("http://127.0.0.1:08402/x").value()), QString("http://127.0.0.1:8402"));
    QCOMPARE(QString::fromStdString(urlOrigin("http://[::1]:9/x").value()), QString("http://[::1]:9"));
    QCOMPARE(code(urlOrigin("http://user@host/")), QString("INVALID_REQUEST"));
    QCOMPARE(code(urlOrigin("http://host:99999/")), QString("INVALID_REQUEST"));
    QCOMPARE(code(urlOrigin("http:///path")), QString("INVALID_REQUEST"));
    QCOMPARE(code(urlOrigin("waku-store://peer/abc")), QString("INVALID_REQUEST"));
  }

  void policyJsonIsPartialAndValidated() {
    SpendPolicy base;
    auto p = policyFromJson(nlohmann::json{{"daily_cap", "340282366920938463463374607431768211455"}, {"approval_window_seconds", 2}}, base);
    QVERIFY(p.ok());
    QVERIFY(p->daily_cap == U128::max());
    QCOMPARE(p->approval_window_seconds, std::int64_t{2});
    QCOMPARE(p->credential_lifetime_seconds, base.credential_lifetime_seconds);
    auto back = policyFromJson(toJson(p.value()), SpendPolicy{});
    QVERIFY(back.ok() && back.value() == p.value());
    QCOMPARE(code(policyFromJson(nlohmann::json{{"approval_window_seconds", 0}}, base)), QString("INVALID_REQUEST"));
    QCOMPARE(code(policyFromJson(nlohmann::json{{"daily_cap", 5}}, base)), QString("INVALID_REQUEST"));
    QCOMPARE(code(policyFromJson(nlohmann::json{{"allowed_assets", nlohmann::json::array()}}, base)), QString("INVALID_REQUEST"));
    QCOMPARE(code(policyFromJson(nlohmann::json{{"min_reason_chars", 3000}}, base)), QString("INVALID_REQUEST"));
    QCOMPARE(code(policyFromJson(nlohmann::json{{"credential_lifetime_seconds", 604800}}, base)), QString("OK"));
    QCOMPARE(code(policyFromJson(nlohmann::json{{"credential_lifetime_seconds", 604801}}, base)), QString("INVALID_REQUEST"));
    QCOMPARE(code(policyFromJson(nlohmann::json{{"approval_window_seconds", 604801}}, base)), QString("INVALID_REQUEST"));
  }
};

QTEST_APPLESS_MAIN(TstSpendPolicy)
#include "tst_spend_policy.moc"
