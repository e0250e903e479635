#include "wallet_state_files.h"

#include <nlohmann/json.hpp>

#include "lezpay/keystore/sealed_box.h"
#include "lezpay/util/json_parse.h"

namespace wallet {

using lezpay::util::Error;

lezpay::util::Result<WalletConfig> walletConfigFromText(const std::string& path, const std::string& text,
                                                        const WalletConfig& defaults) {
  WalletConfig c = defaults;
  auto parsed = lezpay::util::parseJson(text);
  if (!parsed.ok() || !parsed.value().is_object()) return c;
  const nlohmann::json& j = parsed.value();
  const auto invalid = [&](const std::string& why) { return Error{"INVALID_CONFIG", path + ": " + why}; };
  if (auto u = j.find("sequencer_url"); u != j.end()) {
    if (!u->is_string()) return invalid("sequencer_url: must be a string");
    c.sequencerUrl = u->get<std::string>();
  }
  if (auto t = j.find("rpc_timeout_ms"); t != j.end()) {
    // Integers only: a float or a value beyond int would be cast with undefined behaviour.
    if (!t->is_number_integer()) return invalid("rpc_timeout_ms: must be an integer");
    const bool isUnsigned = t->is_number_unsigned();
    const std::int64_t ms = isUnsigned && t->get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxRpcTimeoutMs)
                                ? kMaxRpcTimeoutMs + 1
                                : t->get<std::int64_t>();
    if (ms < kMinRpcTimeoutMs || ms > kMaxRpcTimeoutMs) {
      return invalid("rpc_timeout_ms: must be 0.." + std::to_string(kMaxRpcTimeoutMs));
    }
    c.rpcTimeoutMs = static_cast<int>(ms);
  }
  if (auto a = j.find("at_program_id"); a != j.end()) {
    if (!a->is_string()) return invalid("at_program_id: must be 64 hex digits");
    auto at = lez::core::ProgramId::fromHex(a->get<std::string>());
    if (at.ok()) c.atProgram = at.value();
  }
  return c;
}

lezpay::util::Result<std::vector<lez::core::SecretKey>> keysFromKeyList(const std::string& body) {
  auto parsed = lezpay::util::parseJson(body);
  nlohmann::json j = parsed.ok() ? std::move(parsed).value() : nlohmann::json();
  if (!j.is_object() || !j.contains("accounts") || !j["accounts"].is_array()) {
    return Error{"MALFORMED_KEYSTORE", "the keystore content is not a key list"};
  }
  std::vector<lez::core::SecretKey> keys;
  bool invalid = false;
  for (auto& entry : j["accounts"]) {
    const bool shaped = entry.is_object() && entry.contains("secret_key_hex") && entry["secret_key_hex"].is_string();
    if (!invalid) {
      auto k = lez::core::SecretKey::fromHex(shaped ? entry["secret_key_hex"].get<std::string>() : std::string());
      if (k.ok()) keys.push_back(k.value());
      else invalid = true;
    }
    if (shaped) lezpay::keystore::wipe(entry["secret_key_hex"].get_ref<std::string&>());
  }
  if (invalid) return Error{"MALFORMED_KEYSTORE", "the keystore holds an invalid key"};
  return keys;
}

}  // namespace wallet
