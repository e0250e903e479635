#include "genesis.h"

#include <nlohmann/json.hpp>

#include "lez/core/clock_data.h"
#include "lezpay/util/json_parse.h"

namespace lez::localnet {

lezpay::util::Result<Genesis> parseGenesis(const std::string& text, const core::ProgramId& at, const core::ProgramId& clock) {
  auto bad = [](const std::string& why) { return lezpay::util::Error{"BAD_GENESIS", "genesis: " + why}; };
  auto parsed = lezpay::util::parseJson(text);
  if (!parsed.ok()) return bad(parsed.error().message);
  const nlohmann::json& j = parsed.value();
  if (!j.is_object() || !j.contains("accounts") || !j["accounts"].is_array()) return bad("needs an \"accounts\" array");
  Genesis g;
  for (std::size_t i = 0; i < j["accounts"].size(); ++i) {
    const auto& e = j["accounts"][i];
    const std::string where = "accounts[" + std::to_string(i) + "]";
    if (!e.is_object()) return bad(where + ": not an object");
    if (!e.contains("account_id") || !e["account_id"].is_string()) return bad(where + ".account_id: missing");
    auto id = core::AccountId::fromBase58(e["account_id"].get<std::string>());
    if (!id.ok()) return bad(where + ".account_id: " + id.error().message);
    core::Account a;
    if (!e.contains("balance") || !e["balance"].is_string()) return bad(where + ".balance: a decimal string is required");
    auto balance = core::U128::parseDecimal(e["balance"].get<std::string>());
    if (!balance.ok()) return bad(where + ".balance: " + balance.error().message);
    a.balance = balance.value();
    if (e.contains("owner") && !e["owner"].is_string()) return bad(where + ".owner: not a string");
    if (e.contains("faucet") && !e["faucet"].is_boolean()) return bad(where + ".faucet: not true or false");
    const std::string owner = e.value("owner", "authenticated_transfer");
    if (owner == "authenticated_transfer") {
      a.programOwner = at;
    } else {
      auto p = core::ProgramId::fromHex(owner);
      if (!p.ok()) return bad(where + ".owner: " + p.error().message);
      a.programOwner = p.value();
    }
    if (e.contains("secret_key_hex")) {
      if (!e["secret_key_hex"].is_string()) return bad(where + ".secret_key_hex: not a string");
      auto key = core::SecretKey::fromHex(e["secret_key_hex"].get<std::string>());
      if (!key.ok()) return bad(where + ".secret_key_hex: " + key.error().message);
      if (core::publicAccountId(key->publicKey()) != id.value()) return bad(where + ": secret_key_hex does not belong to account_id");
      if (e.value("faucet", false)) {
        g.faucetAccount = id.value();
        g.faucetKey = key.value();
      }
    } else if (e.value("faucet", false)) {
      return bad(where + ": the faucet account needs its secret_key_hex");
    }
    if (g.accounts.count(id.value())) return bad(where + ": account listed twice");
    g.accounts[id.value()] = a;
  }
  for (const auto& clockId : core::kClockAccountIds) {
    core::Account c;
    c.programOwner = clock;
    c.data = core::encode(core::ClockAccountData{0, 0});
    g.accounts[clockId] = c;
  }
  return g;
}

}  // namespace lez::localnet
