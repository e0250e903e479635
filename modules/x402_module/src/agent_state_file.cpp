#include "agent_state_file.h"

#include "lezpay/util/json_parse.h"
#include "x402/spend_request_json.h"

namespace x402mod {

using logos::Json;
using lezpay::util::Error;

namespace {
constexpr int kStateVersion = 1;

// Timeouts are written as unsigned integers; anything else would be converted with undefined
// behaviour (a float beyond u64) or wrap (a negative integer).
bool timeoutField(const Json& c, const char* key, std::uint64_t& slot) {
  auto it = c.find(key);
  if (it == c.end()) return true;
  if (!it->is_number_unsigned()) return false;
  slot = it->get<std::uint64_t>();
  return true;
}
}  // namespace

Json agentConfigJson(const AgentConfig& c) {
  return Json{{"owner_account", c.owner_account},
              {"network", c.network},
              {"http_timeout_ms", c.http_timeout_ms},
              {"wallet_timeout_ms", c.wallet_timeout_ms},
              {"policy", x402::toJson(c.policy)}};
}

Json agentStateJson(const AgentState& s) {
  Json reqs = Json::array();
  for (const auto& r : s.requests) reqs.push_back(x402::toJson(r));
  Json direct = Json::array();
  for (const auto& d : s.direct) direct.push_back(x402::toJson(d));
  return Json{{"version", kStateVersion}, {"config", agentConfigJson(s.config)}, {"spend_requests", reqs}, {"direct_spends", direct}};
}

lezpay::util::Result<AgentState> agentStateFromText(const std::string& text) {
  auto parsed = lezpay::util::parseJson(text);
  const Json j = parsed.ok() ? std::move(parsed).value() : Json();
  const auto corrupt = [](const std::string& why) { return Error{"STATE_CORRUPT", why}; };
  if (!j.is_object() || !j.contains("version") || j["version"] != kStateVersion) return corrupt("not a version-1 state object");
  AgentState s;
  try {
    const Json& c = j.value("config", Json::object());
    if (!c.is_object()) return corrupt("config: not an object");
    s.config.owner_account = c.value("owner_account", std::string());
    s.config.network = c.value("network", s.config.network);
    if (!timeoutField(c, "http_timeout_ms", s.config.http_timeout_ms)) return corrupt("config.http_timeout_ms: not an unsigned integer");
    if (!timeoutField(c, "wallet_timeout_ms", s.config.wallet_timeout_ms)) return corrupt("config.wallet_timeout_ms: not an unsigned integer");
    auto policy = x402::policyFromJson(c.value("policy", Json::object()), x402::SpendPolicy{});
    if (!policy.ok()) return corrupt("policy: " + policy.error().message);
    s.config.policy = policy.value();
    for (const auto& rj : j.value("spend_requests", Json::array())) {
      auto r = x402::spendRequestFromJson(rj);
      if (!r.ok()) return corrupt(r.error().message);
      s.requests.push_back(std::move(r).value());
    }
    for (const auto& dj : j.value("direct_spends", Json::array())) {
      auto d = x402::directSpendFromJson(dj);
      if (!d.ok()) return corrupt(d.error().message);
      s.direct.push_back(std::move(d).value());
    }
  } catch (const Json::exception& e) {  // a field of the wrong JSON type
    return corrupt(e.what());
  }
  return s;
}

}  // namespace x402mod
