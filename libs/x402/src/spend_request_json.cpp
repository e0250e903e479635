#include "x402/spend_request_json.h"

#include "lezpay/util/json_parse.h"

namespace x402 {
namespace {

using Json = nlohmann::json;
using lezpay::util::U128;
using lezpay::util::Error;

Error bad(const std::string& field, const std::string& what) {
  return Error{std::string(toString(SpendError::InvalidRequest)), field + ": " + what};
}

// Small typed readers that name the field on failure.
struct Reader {
  const Json& j;
  std::optional<Error> error;

  bool has(const char* k) const { return j.contains(k) && !j.at(k).is_null(); }
  std::string str(const char* k, bool required = true) {
    if (!has(k)) {
      if (required && !error) error = bad(k, "missing");
      return {};
    }
    if (!j.at(k).is_string()) {
      if (!error) error = bad(k, "not a string");
      return {};
    }
    return j.at(k).get<std::string>();
  }
  std::int64_t i64(const char* k, bool required = true) {
    if (!has(k)) {
      if (required && !error) error = bad(k, "missing");
      return 0;
    }
    if (!j.at(k).is_number_integer()) {
      if (!error) error = bad(k, "not an integer");
      return 0;
    }
    return j.at(k).get<std::int64_t>();
  }
  std::uint64_t u64(const char* k, bool required = true) {
    const std::int64_t v = i64(k, required);
    if (v < 0 && !error) error = bad(k, "negative");
    return v < 0 ? 0 : static_cast<std::uint64_t>(v);
  }
  U128 u128(const char* k) {
    const std::string s = str(k);
    if (error) return U128{};
    auto v = U128::parseDecimal(s);
    if (!v.ok()) {
      error = bad(k, "not a decimal u128");
      return U128{};
    }
    return v.value();
  }
  std::vector<std::string> strings(const char* k) {
    std::vector<std::string> out;
    if (!j.at(k).is_array()) {
      if (!error) error = bad(k, "not an array of strings");
      return out;
    }
    for (const auto& v : j.at(k)) {
      if (!v.is_string() || v.get<std::string>().empty()) {
        if (!error) error = bad(k, "not an array of non-empty strings");
        return {};
      }
      out.push_back(v.get<std::string>());
    }
    return out;
  }
};

Json credentialJson(const SpendCredential& c) {
  return Json{{"payload_json", c.payload_json}, {"tx_hash", c.tx_hash}, {"payer", c.payer}, {"nonce", c.nonce},
              {"valid_after", c.valid_after}, {"valid_before", c.valid_before}, {"issued_at", c.issued_at},
              {"owner_valid_seconds", c.owner_valid_seconds}};
}

}  // namespace

Json toJson(const SpendRequest& r) {
  Json j{{"id", r.id},
         {"merchant_name", r.merchant_name},
         {"merchant_url", r.merchant_url},
         {"pay_to", r.pay_to},
         {"amount", r.amount.toDecimal()},
         {"asset", r.asset},
         {"network", r.network},
         {"reason", r.reason},
         {"resource_url", r.resource_url},
         {"max_timeout_seconds", r.max_timeout_seconds},
         {"status", std::string(toString(r.status))},
         {"created_at", r.created_at},
         {"updated_at", r.updated_at},
         {"approval_requested_at", r.approval_requested_at},
         {"approval_expires_at", r.approval_expires_at},
         {"valid_until", r.valid_until},
         {"decided_at", r.decided_at},
         {"payment_attempted_at", r.payment_attempted_at},
         {"status_details", r.status_details},
         {"decline_reason", r.decline_reason},
         {"settlement_json", r.settlement_json}};
  j["credential"] = r.credential ? credentialJson(*r.credential) : Json(nullptr);
  return j;
}

lezpay::util::Result<SpendRequest> spendRequestFromJson(const Json& j) {
  if (!j.is_object()) return bad("spend request", "not a JSON object");
  Reader rd{j, std::nullopt};
  SpendRequest r;
  r.id = rd.str("id");
  r.merchant_name = rd.str("merchant_name");
  r.merchant_url = rd.str("merchant_url");
  r.pay_to = rd.str("pay_to");
  r.amount = rd.u128("amount");
  r.asset = rd.str("asset");
  r.network = rd.str("network");
  r.reason = rd.str("reason");
  r.resource_url = rd.str("resource_url", false);
  r.max_timeout_seconds = rd.u64("max_timeout_seconds", false);
  const std::string status = rd.str("status");
  r.created_at = rd.i64("created_at");
  r.updated_at = rd.i64("updated_at");
  r.approval_requested_at = rd.i64("approval_requested_at", false);
  r.approval_expires_at = rd.i64("approval_expires_at", false);
  r.valid_until = rd.i64("valid_until");
  r.decided_at = rd.i64("decided_at", false);
  r.payment_attempted_at = rd.i64("payment_attempted_at", false);
  r.status_details = rd.str("status_details", false);
  r.decline_reason = rd.str("decline_reason", false);
  r.settlement_json = rd.str("settlement_json", false);
  if (rd.error) return *rd.error;
  auto st = spendStatusFromString(status);
  if (!st) return bad("status", "unknown status '" + status + "'");
  r.status = *st;
  if (rd.has("credential")) {
    const Json& c = j.at("credential");
    if (!c.is_object()) return bad("credential", "not an object");
    Reader cr{c, std::nullopt};
    SpendCredential cred;
    cred.payload_json = cr.str("payload_json");
    cred.tx_hash = cr.str("tx_hash");
    cred.payer = cr.str("payer");
    cred.nonce = cr.str("nonce");
    cred.valid_after = cr.i64("valid_after");
    cred.valid_before = cr.i64("valid_before");
    cred.issued_at = cr.i64("issued_at");
    cred.owner_valid_seconds = cr.i64("owner_valid_seconds", false);
    if (cr.error) return bad("credential", cr.error->message);
    r.credential = std::move(cred);
  }
  return r;
}

Json publicView(const SpendRequest& r) {
  Json j = toJson(r);
  j.erase("settlement_json");
  auto settlement = lezpay::util::parseJson(r.settlement_json);
  j["settlement"] = settlement.ok() ? std::move(settlement).value() : Json(nullptr);
  j["terminal_for_polling"] = isTerminalForPolling(r.status);  // x402.md §8: pollers stop here
  if (r.credential) {
    j["credential"] = Json{{"tx_hash", r.credential->tx_hash}, {"payer", r.credential->payer}, {"nonce", r.credential->nonce},
                           {"valid_after", r.credential->valid_after}, {"valid_before", r.credential->valid_before},
                           {"issued_at", r.credential->issued_at}, {"owner_valid_seconds", r.credential->owner_valid_seconds}};
  }
  return j;
}

Json toJson(const DirectSpend& d) {
  return Json{{"kind", d.kind}, {"pay_to", d.pay_to}, {"amount", d.amount.toDecimal()}, {"at", d.at}, {"tx_hash", d.tx_hash}};
}

lezpay::util::Result<DirectSpend> directSpendFromJson(const Json& j) {
  if (!j.is_object()) return bad("direct spend", "not a JSON object");
  Reader rd{j, std::nullopt};
  DirectSpend d;
  d.kind = rd.str("kind");
  d.pay_to = rd.str("pay_to");
  d.amount = rd.u128("amount");
  d.at = rd.i64("at");
  d.tx_hash = rd.str("tx_hash");
  if (rd.error) return *rd.error;
  return d;
}

Json toJson(const SpendPolicy& p) {
  return Json{{"min_reason_chars", p.min_reason_chars},
              {"max_reason_chars", p.max_reason_chars},
              {"approval_window_seconds", p.approval_window_seconds},
              {"credential_lifetime_seconds", p.credential_lifetime_seconds},
              {"per_request_cap", p.per_request_cap.toDecimal()},
              {"daily_cap", p.daily_cap.toDecimal()},
              {"monthly_cap", p.monthly_cap.toDecimal()},
              {"allowed_networks", p.allowed_networks},
              {"allowed_assets", p.allowed_assets}};
}

lezpay::util::Result<SpendPolicy> policyFromJson(const Json& j, const SpendPolicy& base) {
  if (!j.is_object()) return bad("policy", "not a JSON object");
  Reader rd{j, std::nullopt};
  SpendPolicy p = base;
  if (rd.has("min_reason_chars")) p.min_reason_chars = rd.u64("min_reason_chars");
  if (rd.has("max_reason_chars")) p.max_reason_chars = rd.u64("max_reason_chars");
  if (rd.has("approval_window_seconds")) p.approval_window_seconds = rd.i64("approval_window_seconds");
  if (rd.has("credential_lifetime_seconds")) p.credential_lifetime_seconds = rd.i64("credential_lifetime_seconds");
  if (rd.has("per_request_cap")) p.per_request_cap = rd.u128("per_request_cap");
  if (rd.has("daily_cap")) p.daily_cap = rd.u128("daily_cap");
  if (rd.has("monthly_cap")) p.monthly_cap = rd.u128("monthly_cap");
  if (rd.has("allowed_networks")) p.allowed_networks = rd.strings("allowed_networks");
  if (rd.has("allowed_assets")) p.allowed_assets = rd.strings("allowed_assets");
  if (rd.error) return *rd.error;
  if (auto st = validatePolicy(p); !st.ok()) return st.error();
  return p;
}

}  // namespace x402
