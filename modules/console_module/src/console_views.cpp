#include "console_views.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "console_time.h"
#include "lezpay/util/u128.h"

namespace console {

using logos::Json;
using lezpay::util::U128;

namespace {

U128 amountOf(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return U128{};
  if (it->is_string()) {
    auto v = U128::parseDecimal(it->get<std::string>());
    return v.ok() ? v.value() : U128{};
  }
  if (it->is_number_unsigned()) return U128::fromParts(0, it->get<std::uint64_t>());
  if (it->is_number_integer() && it->get<std::int64_t>() >= 0) return U128::fromParts(0, static_cast<std::uint64_t>(it->get<std::int64_t>()));
  return U128{};
}

std::int64_t secondsOf(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return 0;
  return it->is_number_unsigned() ? static_cast<std::int64_t>(it->get<std::uint64_t>()) : it->get<std::int64_t>();
}

std::string textOf(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

U128 add(U128 a, U128 b) { return a.checkedAdd(b).value_or(U128::max()); }
U128 sub(U128 a, U128 b) { return a.checkedSub(b).value_or(U128{}); }

// Requests that count against the day and 30-day caps, as x402.md §8 and the module count them:
// approved or paid, or sent and not known to have failed.
bool countsAgainstCaps(const Json& v) {
  const std::string st = textOf(v, "status");
  if (st == "approved" || st == "succeeded") return true;
  if (st != "failed") return false;
  return textOf(v, "status_details").find("settlement_unconfirmed") != std::string::npos;
}

Json capJson(U128 cap, U128 used) {
  return Json{{"cap", cap.toDecimal()}, {"used", used.toDecimal()}, {"left", sub(cap, used).toDecimal()}};
}

}  // namespace

bool containsText(const std::string& haystack, const std::string& needle) {
  if (needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != haystack.end();
}

Json spendItem(const Json& v, const Json& policy, const Json& all, std::int64_t now) {
  const U128 amount = amountOf(v, "amount");
  U128 day{}, month{};
  if (all.is_array()) {
    for (const auto& other : all) {
      if (!countsAgainstCaps(other)) continue;
      std::int64_t at = secondsOf(other, "decided_at");
      if (at == 0) at = secondsOf(other, "updated_at");
      const U128 a = amountOf(other, "amount");
      if (at > now - 86400) day = add(day, a);
      if (at > now - 30 * 86400) month = add(month, a);
    }
  }
  const std::string asset = textOf(v, "asset").empty() ? "native" : textOf(v, "asset");
  const std::string status = textOf(v, "status");
  Json item{{"id", textOf(v, "id")},
            {"status", status},
            {"merchant", Json{{"name", textOf(v, "merchant_name")}, {"url", textOf(v, "merchant_url")}}},
            // The native token has no fractional unit: the human amount is the raw one.
            {"amount", Json{{"raw", amount.toDecimal()}, {"human", amount.toDecimal()}, {"asset", asset}, {"decimals", 0}}},
            {"reason", textOf(v, "reason")},
            {"resource_url", textOf(v, "resource_url")},
            {"pay_to", textOf(v, "pay_to")},
            {"network", textOf(v, "network")},
            {"caps", Json{{"per_request", capJson(amountOf(policy, "per_request_cap"), amount)},
                          {"day", capJson(amountOf(policy, "daily_cap"), day)},
                          {"month", capJson(amountOf(policy, "monthly_cap"), month)}}},
            {"status_details", v.value("status_details", Json())},
            {"decline_reason", v.value("decline_reason", Json())},
            {"credential", v.value("credential", Json())},
            {"settlement", v.value("settlement", Json())}};
  putTime(item, "created_at", v.value("created_at", Json()));
  putTime(item, "approval_expires_at", v.value("approval_expires_at", Json()));
  putTime(item, "decided_at", v.value("decided_at", Json()));
  putTime(item, "valid_until", v.value("valid_until", Json()));
  const std::int64_t expires = secondsOf(v, "approval_expires_at");
  item["seconds_left"] = status == "pending_approval" && expires > 0 ? Json(std::max<std::int64_t>(0, expires - now)) : Json();
  return item;
}

Json spendItems(const Json& views, const Json& policy, const SpendFilter& f, std::int64_t now) {
  std::vector<Json> picked;
  if (views.is_array()) {
    for (const auto& v : views) {
      if (!f.status.empty() && textOf(v, "status") != f.status) continue;
      if (!f.merchant.empty() && !containsText(textOf(v, "merchant_name"), f.merchant) && !containsText(textOf(v, "merchant_url"), f.merchant)) continue;
      const std::int64_t created = secondsOf(v, "created_at");
      if (f.from > 0 && created < f.from) continue;
      if (f.to > 0 && created > f.to) continue;
      picked.push_back(v);
    }
  }
  std::stable_sort(picked.begin(), picked.end(), [](const Json& a, const Json& b) {
    const bool pa = textOf(a, "status") == "pending_approval";
    const bool pb = textOf(b, "status") == "pending_approval";
    if (pa != pb) return pa;
    if (pa) return secondsOf(a, "approval_expires_at") < secondsOf(b, "approval_expires_at");
    return secondsOf(a, "created_at") > secondsOf(b, "created_at");
  });
  Json out = Json::array();
  for (const auto& v : picked) out.push_back(spendItem(v, policy, views, now));
  return out;
}

Json streamView(const Json& s) {
  const U128 remaining = amountOf(s, "unaccrued");
  const std::uint64_t rate = static_cast<std::uint64_t>(std::max<std::int64_t>(0, secondsOf(s, "rate")));
  std::string state = textOf(s, "stream_state");
  for (char& c : state) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool depleted = s.value("depleted", false);
  if (depleted) state = "depleted";
  Json v{{"vault_id", s.value("vault_id", Json())},
         {"stream_id", s.value("stream_id", Json())},
         {"owner", s.value("owner", Json())},
         {"provider", s.value("provider", Json())},
         {"rate", std::to_string(rate)},
         {"allocation", amountOf(s, "allocation").toDecimal()},
         {"accrued", amountOf(s, "accrued").toDecimal()},
         {"remaining", remaining.toDecimal()},
         {"state", state}};
  const std::int64_t asOf = secondsOf(s, "as_of");
  putTime(v, "as_of", std::optional<std::int64_t>(asOf));
  std::optional<std::int64_t> depletes;
  if (depleted) {
    depletes = secondsOf(s, "depleted_at");
  } else if (state == "active" && rate > 0) {
    auto q = remaining.checkedDiv(U128::fromParts(0, rate));
    auto r = remaining.checkedRem(U128::fromParts(0, rate));
    if (q && r && q->toU64() && *q->toU64() < (1ULL << 40)) {
      depletes = asOf + static_cast<std::int64_t>(*q->toU64()) + (r->isZero() ? 0 : 1);
    }
  }
  putTime(v, "depletes_at", depletes);
  return v;
}

std::vector<std::pair<std::int64_t, std::string>> chainStatePoints(const Json& entries) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  if (!entries.is_array()) return out;
  const Json* prev = nullptr;
  for (const auto& e : entries) {
    // A reference into `entries` (not a copy): `prev` keeps pointing at it.
    if (!e.is_object() || !e.contains("stored") || !e["stored"].is_object()) continue;
    const Json& stored = e["stored"];
    const std::int64_t t = secondsOf(stored, "accrued_as_of");
    if (prev != nullptr && textOf(*prev, "state") == "Active") {
      // The line from the previous state reaches zero before this write: a corner of the chart.
      const U128 left = sub(amountOf(*prev, "allocation"), amountOf(*prev, "accrued"));
      const std::uint64_t rate = static_cast<std::uint64_t>(std::max<std::int64_t>(0, secondsOf(*prev, "rate")));
      if (rate > 0) {
        auto q = left.checkedDiv(U128::fromParts(0, rate));
        auto r = left.checkedRem(U128::fromParts(0, rate));
        if (q && r && q->toU64() && *q->toU64() < (1ULL << 40)) {
          const std::int64_t end = secondsOf(*prev, "accrued_as_of") + static_cast<std::int64_t>(*q->toU64()) + (r->isZero() ? 0 : 1);
          if (end < t) out.emplace_back(end, "0");
        }
      }
    }
    if (t > 0) out.emplace_back(t, sub(amountOf(stored, "allocation"), amountOf(stored, "accrued")).toDecimal());
    prev = &stored;
  }
  return out;
}

U128 claimedFromHistory(const Json& entries) {
  U128 total{};
  if (!entries.is_array()) return total;
  const Json* prev = nullptr;
  for (const auto& e : entries) {
    // A reference into `entries` (not a copy): `prev` keeps pointing at it.
    if (!e.is_object() || !e.contains("stored") || !e["stored"].is_object()) continue;
    const Json& stored = e["stored"];
    if (prev != nullptr) {
      const U128 before = amountOf(*prev, "allocation");
      const U128 after = amountOf(stored, "allocation");
      const bool closedHere = textOf(*prev, "state") != "Closed" && textOf(stored, "state") == "Closed";
      if (amountOf(stored, "accrued").isZero() && after < before && !closedHere) total = add(total, sub(before, after));
    }
    prev = &stored;
  }
  return total;
}

Json historyPoints(const Json& s, const std::vector<std::pair<std::int64_t, std::string>>& observed, std::int64_t now) {
  std::map<std::int64_t, std::string> points;
  for (const auto& [t, remaining] : observed) points[t] = remaining;
  const Json stored = s.value("stored", Json::object());
  const U128 allocation = amountOf(stored, "allocation");
  const U128 accrued = amountOf(stored, "accrued");
  const std::int64_t since = secondsOf(stored, "accrued_as_of");
  const std::uint64_t rate = static_cast<std::uint64_t>(std::max<std::int64_t>(0, secondsOf(stored, "rate")));
  const U128 atSince = sub(allocation, accrued);
  const std::int64_t asOf = secondsOf(s, "as_of") > 0 ? secondsOf(s, "as_of") : now;
  if (since > 0) {
    points[since] = atSince.toDecimal();
    if (textOf(stored, "state") == "Active" && rate > 0 && asOf > since) {
      // Linear accrual: the depletion second (when it falls before as_of) is a corner of the line.
      auto q = atSince.checkedDiv(U128::fromParts(0, rate));
      auto r = atSince.checkedRem(U128::fromParts(0, rate));
      if (q && r && q->toU64() && *q->toU64() < (1ULL << 40)) {
        const std::int64_t end = since + static_cast<std::int64_t>(*q->toU64()) + (r->isZero() ? 0 : 1);
        if (end < asOf) points[end] = "0";
      }
    }
  }
  points[asOf] = amountOf(s, "unaccrued").toDecimal();
  Json out = Json::array();
  for (const auto& [t, remaining] : points) {
    Json p{{"remaining", remaining}};
    putTime(p, "t", std::optional<std::int64_t>(t));
    out.push_back(p);
  }
  return out;
}

}  // namespace console
