// Small-model exhaustive test of the spend-request machine and caps (STYLE.md "State machines get
// small-model exhaustive tests"): up to two requests of amount 2 or 3, a daily cap of 4, an
// approval window of 2 s and a lifetime of 4 s; every sequence of 8 steps among create, request
// approval, approve (with the caps re-check, as the module does), decline, cancel, pay (use the
// credential, then settle ok or failed) and wait one second, with lazy expiry before each step.
// After every step: final statuses never change; a credential exists exactly when approved,
// succeeded or failed; nothing is paid without an approved, unexpired credential, or paid twice;
// committed spend never exceeds the daily cap; times are ordered.
#include <QtTest>

#include <functional>

#include "x402/spend_machine.h"

using lezpay::util::U128;
using namespace x402;

namespace {

const std::string kPayTo = "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY";
const std::string kOrigin = "http://127.0.0.1:8402";
constexpr std::int64_t T0 = 1'000'000;
constexpr int kDepth = 8;

SpendPolicy modelPolicy() {
  SpendPolicy p;
  p.min_reason_chars = 1;
  p.approval_window_seconds = 2;
  p.credential_lifetime_seconds = 4;
  p.per_request_cap = U128(3);
  p.daily_cap = U128(4);
  p.monthly_cap = U128(100);
  return p;
}

struct World {
  std::vector<SpendRequest> requests;
  std::int64_t now = T0;
  int paidCount[2] = {0, 0};  // how many times each request's credential was sent
};

struct Stats {
  std::uint64_t states = 0;
  std::uint64_t approvals = 0;
  std::uint64_t payments = 0;
  std::uint64_t capRefusals = 0;
};

}  // namespace

class TstSpendModel : public QObject {
  Q_OBJECT

  SpendPolicy policy_ = modelPolicy();
  Stats stats_;
  QString failure_;

  void fail(const QString& why, const std::vector<std::string>& trace) {
    if (!failure_.isEmpty()) return;
    QStringList steps;
    for (const auto& s : trace) steps << QString::fromStdString(s);
    failure_ = why + " after: " + steps.join(", ");
  }

  void checkInvariants(const World& before, const World& w, const std::vector<std::string>& trace) {
    for (std::size_t i = 0; i < w.requests.size(); ++i) {
      const SpendRequest& r = w.requests[i];
      if (i < before.requests.size() && isFinal(before.requests[i].status) && before.requests[i].status != r.status) {
        fail("a final status changed", trace);
      }
      const bool hasCred = r.status == SpendStatus::Approved || r.status == SpendStatus::Succeeded || r.status == SpendStatus::Failed;
      const bool expiredWithCred = r.status == SpendStatus::Expired && r.decided_at != 0;  // approved, then lifetime ran out
      if (r.credential.has_value() != (hasCred || expiredWithCred)) fail("credential presence does not match the status", trace);
      if ((r.status == SpendStatus::Succeeded || r.status == SpendStatus::Failed) && r.payment_attempted_at == 0) {
        fail("an outcome without a payment", trace);
      }
      if (w.paidCount[i] > 1) fail("a credential was sent twice", trace);
      if (w.paidCount[i] > 0 && r.status != SpendStatus::Succeeded && r.status != SpendStatus::Failed) {
        fail("a paid request is not settled", trace);
      }
      if (r.created_at > r.updated_at) fail("updated_at before created_at", trace);
    }
    if (committedSpend(w.requests, {}, w.now, kDaySeconds) > policy_.daily_cap) fail("daily cap exceeded", trace);
  }

  void refreshAll(World& w) {
    for (auto& r : w.requests) refreshExpiry(r, w.now);
  }

  void explore(const World& w, int depth, std::vector<std::string>& trace) {
    ++stats_.states;
    if (depth == kDepth || !failure_.isEmpty()) return;
    const auto step = [&](const std::string& name, const std::function<bool(World&)>& act) {
      World next = w;
      refreshAll(next);
      if (!act(next)) return;  // refused by the machine: nothing changes, nothing to explore
      trace.push_back(name);
      checkInvariants(w, next, trace);
      explore(next, depth + 1, trace);
      trace.pop_back();
    };
    step("wait", [](World& n) {
      n.now += 1;
      return true;
    });
    if (w.requests.size() < 2) {
      for (int amount : {2, 3}) {
        for (bool ask : {true, false}) {
          step("create(" + std::to_string(amount) + (ask ? ",ask)" : ",later)"), [&, amount, ask](World& n) {
            SpendRequestDraft d{"M", kOrigin + "/r", kPayTo, std::to_string(amount), "native", "logos:lez-localnet", "why", "", 0};
            auto checked = checkNewRequest(d, policy_);
            if (!checked.ok()) return false;
            if (!checkCaps(checked->amount, n.requests, {}, policy_, n.now).ok()) return false;
            n.requests.push_back(openSpendRequest(checked.value(), "r" + std::to_string(n.requests.size()), n.now, policy_, ask));
            return true;
          });
        }
      }
    }
    for (std::size_t i = 0; i < w.requests.size(); ++i) {
      const std::string tag = "(" + std::to_string(i) + ")";
      step("requestApproval" + tag, [&, i](World& n) {
        auto r = requestApproval(n.requests[i], n.now, policy_);
        if (!r.ok()) return false;
        n.requests[i] = r.value();
        return true;
      });
      step("approve" + tag, [&, i](World& n) {
        if (!canApprove(n.requests[i], n.now).ok()) return false;
        const SpendRequest& r0 = n.requests[i];
        if ((r0.status == SpendStatus::PendingApproval && n.now >= r0.approval_expires_at) || n.now >= r0.valid_until) {
          fail("approval allowed outside the window or lifetime", trace);
        }
        if (!checkCaps(n.requests[i].amount, n.requests, {}, policy_, n.now, n.requests[i].id).ok()) {
          ++stats_.capRefusals;
          return false;
        }
        SpendCredential c{"{}", "h", "payer", "0", n.now - 600, n.requests[i].valid_until, n.now};
        auto r = approve(n.requests[i], c, n.now);
        if (!r.ok()) return false;
        n.requests[i] = r.value();
        ++stats_.approvals;
        return true;
      });
      step("decline" + tag, [&, i](World& n) {
        auto r = decline(n.requests[i], "", n.now);
        if (!r.ok()) return false;
        n.requests[i] = r.value();
        return true;
      });
      step("cancel" + tag, [&, i](World& n) {
        auto r = cancel(n.requests[i], n.now);
        if (!r.ok()) return false;
        n.requests[i] = r.value();
        return true;
      });
      for (bool ok : {true, false}) {
        step(std::string(ok ? "pay" : "payFails") + tag, [&, i, ok](World& n) {
          SpendRequest& r = n.requests[i];
          if (!canUse(r, r.amount, kPayTo, "logos:lez-localnet", "native", kOrigin, n.now).ok()) {
            return false;
          }
          if (n.now >= r.valid_until || !r.credential || n.now >= r.credential->valid_before) {
            fail("canUse allowed an expired credential", trace);
          }
          r = markAttempted(r, n.now);
          n.paidCount[i] += 1;
          auto s = settle(r, ok, "{}", ok ? "" : "refused", n.now);
          if (!s.ok()) {
            fail("settle refused an approved credential", trace);
            return false;
          }
          r = s.value();
          ++stats_.payments;
          return true;
        });
      }
    }
  }

 private slots:
  void everyEightStepSequenceKeepsTheInvariants() {
    World start;
    std::vector<std::string> trace;
    explore(start, 0, trace);
    QVERIFY2(failure_.isEmpty(), qPrintable(failure_));
    qInfo("%llu states, %llu approvals, %llu payments, %llu cap refusals", static_cast<unsigned long long>(stats_.states),
          static_cast<unsigned long long>(stats_.approvals), static_cast<unsigned long long>(stats_.payments),
          static_cast<unsigned long long>(stats_.capRefusals));
    // The model reaches the interesting corners: approvals, payments and cap refusals happen.
    QVERIFY(stats_.approvals > 0);
    QVERIFY(stats_.payments > 0);
    QVERIFY(stats_.capRefusals > 0);
  }
};

QTEST_APPLESS_MAIN(TstSpendModel)
#include "tst_spend_model.moc"
