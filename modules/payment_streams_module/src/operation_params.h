#pragma once
// Parameter declarations shared by the payment-streams operation tables (one spelling per
// parameter: owner, vault_id, stream_id, amounts as u128 with `_lo`/`_hi` halves, §8), and the
// obviously fake accounts their examples use.

#include <string>
#include <vector>

#include "logos/operation.h"
#include "logos/sdk/args.h"
#include "param_parsing.h"

namespace payment_streams {

inline constexpr const char* kExampleOwner = "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo";
inline constexpr const char* kExampleProvider = "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY";

inline const logos::ParamSpec kOwnerParam{"owner", logos::ParamType::String, true, nullptr,
                                          "vault owner account (base58 or 64 hex); its key signs"};
inline const logos::ParamSpec kVaultParam{"vault_id", logos::ParamType::U64, true, nullptr, "vault id (u64)"};
inline const logos::ParamSpec kStreamParam{"stream_id", logos::ParamType::U64, true, nullptr, "stream id (u64)"};

// `key` as a decimal u128 plus its u64 halves.
inline std::vector<logos::ParamSpec> amountParams(const std::string& key, const std::string& doc) {
  return {{key, logos::ParamType::U128, false, nullptr, doc + " as a decimal string (wins over _lo/_hi; both must agree)"},
          {key + "_lo", logos::ParamType::U64, false, nullptr, "low 64 bits of " + key},
          {key + "_hi", logos::ParamType::U64, false, nullptr, "high 64 bits of " + key}};
}

inline std::vector<logos::ParamSpec> joinParams(std::vector<logos::ParamSpec> a, const std::vector<logos::ParamSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// An account parameter (base58 or 64 hex) and a u128 amount parameter of a checked call.
inline Result<AccountId> accountArg(const logos::sdk::Args& a, const std::string& name) { return accountParam(a.json(), name); }
inline Result<U128> amountArg(const logos::sdk::Args& a, const std::string& name) { return amountParam(a.json(), name); }

}  // namespace payment_streams
