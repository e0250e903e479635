// Agent state on disk: loading, atomic saving, the audit-then-state commit, configuration.
#include <QRandomGenerator>

#include <chrono>
#include <limits>
#include <utility>

#include "agent.h"
#include "lez/core/account_id.h"
#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"
#include "logos/envelope.h"
#include "x402/spend_request_json.h"

namespace x402mod {

using logos::Json;

Q_LOGGING_CATEGORY(lcX402Agent, "lezpay.x402.agent")

std::int64_t Agent::now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string Agent::newId() {
  std::array<std::uint8_t, 12> bytes{};
  for (auto& b : bytes) b = static_cast<std::uint8_t>(QRandomGenerator::system()->bounded(256));
  return "lsrq_" + lezpay::util::toHex(bytes);
}

int Agent::find(const std::string& id) const {
  for (std::size_t i = 0; i < requests_.size(); ++i) {
    if (requests_[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

Json Agent::stateJson() const { return agentStateJson(AgentState{config_, requests_, direct_}); }

std::optional<Json> Agent::saveState() {
  auto st = lezpay::fileio::writeFileAtomic(dir_ + "/agent_state.json", stateJson().dump(1) + "\n", 0600);
  if (!st.ok()) return logos::errorEnvelope(kIoError, st.error().message);
  return std::nullopt;
}

Json Agent::open(const std::string& dir) {
  dir_ = dir;
  auto text = lezpay::fileio::readFile(dir_ + "/agent_state.json");
  if (text.ok()) {
    auto state = agentStateFromText(text.value());
    if (!state.ok()) {
      return logos::errorEnvelope(kIoError, dir_ + "/agent_state.json is unreadable (" + state.error().message +
                                                "); refusing to start with an empty state");
    }
    config_ = std::move(state->config);
    requests_ = std::move(state->requests);
    direct_ = std::move(state->direct);
  } else if (text.error().code != "NOT_FOUND") {
    return logos::errorEnvelope(kIoError, text.error().message);
  }
  auto st = audit_.open(dir_ + "/audit_log.jsonl");
  if (!st.ok()) return logos::errorEnvelope(kIoError, st.error().message);
  return logos::okEnvelope();
}

std::optional<Json> Agent::commit(const x402::SpendRequest& updated, const std::string& event, Json fields, std::int64_t t) {
  fields["spend_request_id"] = updated.id;
  fields["status"] = std::string(x402::toString(updated.status));
  auto rec = audit_.append(event, fields, t);
  if (!rec.ok()) {
    qCWarning(lcX402Agent) << "audit append failed:" << QString::fromStdString(rec.error().message);
    return logos::errorEnvelope(kIoError, rec.error().message);
  }
  qCInfo(lcX402Agent).noquote() << QString::fromStdString(event) << QString::fromStdString(updated.id)
                                << QString::fromStdString(std::string(x402::toString(updated.status)));
  const int i = find(updated.id);
  std::optional<x402::SpendRequest> previous;
  if (i >= 0) {
    previous = requests_[static_cast<std::size_t>(i)];
    requests_[static_cast<std::size_t>(i)] = updated;
  } else {
    requests_.push_back(updated);
  }
  if (auto failed = saveState()) {
    qCWarning(lcX402Agent) << "state write failed:" << QString::fromStdString(failed->value("message", std::string()));
    if (previous) requests_[static_cast<std::size_t>(i)] = *previous;
    else requests_.pop_back();
    (void)audit_.append("state_write_failed", Json{{"spend_request_id", updated.id}, {"failed_event", event}}, t);
    return failed;
  }
  return std::nullopt;
}

std::optional<Json> Agent::refreshAll(std::int64_t t) {
  for (const auto& original : std::vector<x402::SpendRequest>(requests_)) {
    x402::SpendRequest r = original;
    if (!x402::refreshExpiry(r, t)) continue;
    if (auto e = commit(r, "spend_request_expired", Json{{"details", r.status_details}}, t)) return e;
    emitUpdated(r);
  }
  return std::nullopt;
}

void Agent::emitUpdated(const x402::SpendRequest& r) {
  shell_.emitEvent("spendRequestUpdated", Json::array({r.id, std::string(x402::toString(r.status))}));
}

Json Agent::config() const { return agentConfigJson(config_); }

namespace {

// A seconds parameter read into the policy's signed field; a value past its range stays past
// the policy's 7-day limit, which validatePolicy names.
std::int64_t secondsParam(const logos::sdk::Args& a, const char* name) {
  return static_cast<std::int64_t>(std::min<std::uint64_t>(a.u64(name), std::numeric_limits<std::int64_t>::max()));
}

// An Array parameter that must hold non-empty strings (allowed_networks, allowed_assets).
lezpay::util::Result<std::vector<std::string>> nonEmptyStrings(const logos::sdk::Args& a, const char* name) {
  std::vector<std::string> out;
  for (const Json& v : a.value(name)) {
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
      return lezpay::util::Error{kInvalidArgument, std::string(name) + ": not an array of non-empty strings"};
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

Json Agent::configure(const logos::sdk::Args& a) {
  AgentConfig next = config_;
  if (a.has("owner_account")) {
    const std::string text = a.str("owner_account");
    auto id = lez::core::AccountId::fromBase58(text);
    if (!id.ok()) id = lez::core::AccountId::fromHex(text);
    if (!id.ok()) return logos::errorEnvelope(kInvalidArgument, "owner_account '" + text + "' is neither base58 nor 64 hex");
    next.owner_account = id->toBase58();
  }
  if (a.has("network")) next.network = a.str("network");
  if (a.has("http_timeout_ms")) next.http_timeout_ms = std::clamp<std::uint64_t>(a.u64("http_timeout_ms"), 100, 600000);
  if (a.has("wallet_timeout_ms")) next.wallet_timeout_ms = std::clamp<std::uint64_t>(a.u64("wallet_timeout_ms"), 100, 600000);
  x402::SpendPolicy& policy = next.policy;
  if (a.has("min_reason_chars")) policy.min_reason_chars = a.u64("min_reason_chars");
  if (a.has("max_reason_chars")) policy.max_reason_chars = a.u64("max_reason_chars");
  if (a.has("approval_window_seconds")) policy.approval_window_seconds = secondsParam(a, "approval_window_seconds");
  if (a.has("credential_lifetime_seconds")) policy.credential_lifetime_seconds = secondsParam(a, "credential_lifetime_seconds");
  if (a.has("per_request_cap")) policy.per_request_cap = a.u128("per_request_cap");
  if (a.has("daily_cap")) policy.daily_cap = a.u128("daily_cap");
  if (a.has("monthly_cap")) policy.monthly_cap = a.u128("monthly_cap");
  for (auto [name, list] : {std::pair{"allowed_networks", &policy.allowed_networks}, std::pair{"allowed_assets", &policy.allowed_assets}}) {
    if (!a.has(name)) continue;
    auto strings = nonEmptyStrings(a, name);
    if (!strings.ok()) return logos::errorEnvelope(kInvalidArgument, strings.error().message);
    *list = std::move(strings).value();
  }
  if (auto st = x402::validatePolicy(policy); !st.ok()) return logos::errorEnvelope(kInvalidArgument, st.error().message);
  if (std::find(next.policy.allowed_networks.begin(), next.policy.allowed_networks.end(), next.network) ==
      next.policy.allowed_networks.end()) {
    return logos::errorEnvelope(kInvalidArgument, "network '" + next.network + "' is not in allowed_networks");
  }
  const AgentConfig previous = config_;
  config_ = next;
  auto rec = audit_.append("agent_configured", config(), now());
  if (!rec.ok()) {
    config_ = previous;
    return logos::errorEnvelope(kIoError, rec.error().message);
  }
  if (auto failed = saveState()) {
    config_ = previous;
    return *failed;
  }
  return logos::okEnvelope(config());
}

Json Agent::auditLog(std::uint64_t afterSeq, std::uint64_t limit) const {
  auto r = audit_.read(afterSeq, std::clamp<std::uint64_t>(limit, 1, 10000));
  return r.ok() ? logos::okEnvelope(r.value()) : logos::errorEnvelope(kIoError, r.error().message);
}

}  // namespace x402mod
