// Benchmark: the x402 agent side's local costs, per operation, with p50/p99 latency.
//
// What is measured (in process, no wallet, no chain, no HTTP):
//  1. a spend request's whole life in the pure machine: checkNewRequest (reason, URL, account id,
//     amount) + openSpendRequest + canApprove + approve + canUse + markAttempted + settle;
//  2. checkCaps (daily and 30-day sums) against a history of H requests, as every creation and
//     approval does: the cost grows linearly with H;
//  3. one audit-log append (one JSON line, write + fsync), the floor of every decision;
//  4. one atomic rewrite of agent_state.json holding H requests (JSON + writeFileAtomic with fsync),
//     the other per-decision write.
// Peak RSS is printed at the end.
//
// Usage: bench_x402_agent [N=20000] [FSYNC_N=300]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "audit_log.h"
#include "lezpay/fileio/atomic_file.h"
#include "x402/spend_machine.h"
#include "x402/spend_request_json.h"

using Clock = std::chrono::steady_clock;
using lezpay::util::U128;
using namespace x402;

namespace {

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

void report(const std::string& name, std::vector<double>& lat, double totalSeconds) {
  std::sort(lat.begin(), lat.end());
  const auto at = [&](double q) { return lat[std::min(lat.size() - 1, static_cast<std::size_t>(q * static_cast<double>(lat.size())))]; };
  std::printf("%-52s %10.0f /s   p50 %9.1f us   p99 %9.1f us\n", name.c_str(), static_cast<double>(lat.size()) / totalSeconds, at(0.50),
              at(0.99));
}

template <typename Fn>
void run(const std::string& name, int n, Fn fn) {
  std::vector<double> lat;
  lat.reserve(static_cast<std::size_t>(n));
  const auto start = Clock::now();
  for (int i = 0; i < n; ++i) {
    const auto t = Clock::now();
    fn(i);
    lat.push_back(micros(Clock::now() - t));
  }
  report(name, lat, std::chrono::duration<double>(Clock::now() - start).count());
}

const std::string kPayTo = "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY";
const std::string kReason(140, 'r');

SpendRequest approvedRequest(int i, std::int64_t now, const SpendPolicy& p) {
  SpendRequestDraft d{"Weather Co", "http://127.0.0.1:8402/weather", kPayTo, "25", "native", "logos:lez-localnet", kReason, "", 60};
  SpendRequest r = openSpendRequest(checkNewRequest(d, p).value(), "lsrq_" + std::to_string(i), now - (i % 86400), p, true);
  SpendCredential c{std::string(700, 'p'), std::string(64, 'a'), kPayTo, "7", now - 600, r.valid_until, now};
  return approve(r, c, r.created_at).value();
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::max(100, std::atoi(argv[1])) : 20000;
  const int fsyncN = argc > 2 ? std::max(10, std::atoi(argv[2])) : 300;
  const std::int64_t now = 1'700'000'000;
  SpendPolicy policy;
  policy.daily_cap = U128::max();
  policy.monthly_cap = U128::max();
  std::printf("x402 agent, local costs (N=%d, fsync N=%d)\n", n, fsyncN);

  run("spend request life (check, open, approve, use, settle)", n, [&](int i) {
    SpendRequestDraft d{"Weather Co", "http://127.0.0.1:8402/weather", kPayTo, "25", "native", "logos:lez-localnet", kReason, "", 60};
    auto checked = checkNewRequest(d, policy);
    SpendRequest r = openSpendRequest(checked.value(), "lsrq_" + std::to_string(i), now, policy, true);
    if (!canApprove(r, now + 1).ok()) std::abort();
    SpendCredential c{"{}", "h", kPayTo, "0", now - 600, r.valid_until, now + 1};
    r = approve(r, c, now + 1).value();
    if (!canUse(r, U128(25), kPayTo, "logos:lez-localnet", "native", "http://127.0.0.1:8402", now + 2).ok()) std::abort();
    r = settle(markAttempted(r, now + 2), true, "{}", "", now + 3).value();
    if (r.status != SpendStatus::Succeeded) std::abort();
  });

  for (int history : {100, 1000, 10000}) {
    std::vector<SpendRequest> rs;
    for (int i = 0; i < history; ++i) rs.push_back(approvedRequest(i, now, policy));
    run("checkCaps over " + std::to_string(history) + " requests", std::max(100, n / (history / 100)), [&](int) {
      if (!checkCaps(U128(25), rs, {}, policy, now).ok()) std::abort();
    });
  }

  const auto dir = std::filesystem::temp_directory_path() / ("bench_x402_agent_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    x402mod::AuditLog log;
    if (!log.open((dir / "audit_log.jsonl").string()).ok()) std::abort();
    const logos::Json fields{{"spend_request_id", "lsrq_0123456789abcdef01234567"}, {"status", "approved"}, {"amount", "25"},
                             {"pay_to", kPayTo}, {"tx_hash", std::string(64, 'a')}};
    run("audit log append (write + fsync)", fsyncN, [&](int i) {
      if (!log.append("spend_request_approved", fields, now + i).ok()) std::abort();
    });
  }
  for (int history : {10, 100, 1000}) {
    std::vector<SpendRequest> rs;
    for (int i = 0; i < history; ++i) rs.push_back(approvedRequest(i, now, policy));
    run("state rewrite with " + std::to_string(history) + " requests (JSON + fsync)", std::max(10, fsyncN / (history >= 1000 ? 10 : 1)),
        [&](int) {
          logos::Json arr = logos::Json::array();
          for (const auto& r : rs) arr.push_back(toJson(r));
          const std::string text = logos::Json{{"version", 1}, {"spend_requests", arr}}.dump(1);
          if (!lezpay::fileio::writeFileAtomic((dir / "agent_state.json").string(), text, 0600).ok()) std::abort();
        });
  }
  std::filesystem::remove_all(dir);
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  std::printf("peak RSS %ld KiB\n", u.ru_maxrss);
  return 0;
}
