#pragma once
// agent_state.json of the x402 agent: its writer's form and its reading back. Pure (text and JSON
// in, values out), so the corpus-driven fuzz target fuzz/x402_state_files.cpp runs the same code
// as Agent::open and Agent::saveState.

#include <cstdint>
#include <string>
#include <vector>

#include "logos/json.h"
#include "lezpay/util/result.h"
#include "x402/spend_policy.h"
#include "x402/spend_request.h"

namespace x402mod {

struct AgentConfig {
  std::string owner_account;                  // base58; "" until configured
  std::string network = "logos:lez-localnet"; // the network httpGet pays on
  x402::SpendPolicy policy;
  std::uint64_t http_timeout_ms = 30000;       // one HTTP exchange of httpGet
  std::uint64_t wallet_timeout_ms = 20000;     // one wallet_module call
};

struct AgentState {
  AgentConfig config;
  std::vector<x402::SpendRequest> requests;
  std::vector<x402::DirectSpend> direct;
};

logos::Json agentConfigJson(const AgentConfig& config);
logos::Json agentStateJson(const AgentState& state);

// The state file's text over the default config. STATE_CORRUPT, whose message says what is wrong,
// when it is not a version-1 state object or a field is missing its shape.
lezpay::util::Result<AgentState> agentStateFromText(const std::string& text);

}  // namespace x402mod
