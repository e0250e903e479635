#pragma once
// Parameter declarations shared by the payment-streams operation tables (one spelling per
// parameter: owner, vault_id, stream_id, amounts as u128 with `_lo`/`_hi` halves, §8), and the
// obviously fake accounts their examples use.

#include <string>
#include <string_view>
#include <vector>

#include "logos/operation.h"
#include "logos/sdk/args.h"
#include "module_types.h"

namespace payment_streams {

inline constexpr const char* kExampleOwner = "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo";
inline constexpr const char* kExampleProvider = "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY";

inline const logos::ParamSpec kOwnerParam{"owner", logos::ParamType::Account, true, nullptr,
                                          "vault owner account (base58 or 64 hex); its key signs"};
inline const logos::ParamSpec kVaultParam{"vault_id", logos::ParamType::U64, true, nullptr, "vault id (u64)"};
inline const logos::ParamSpec kStreamParam{"stream_id", logos::ParamType::U64, true, nullptr, "stream id (u64)"};

// A u128 amount: `key` as a decimal string, or its u64 halves `key_lo`/`key_hi` (both forms must
// agree). Declared optional so that a missing amount is the module's INVALID_ARGS answer (as every
// other fault of a write), not the host's refusal; handlers ask missingAmount first.
inline std::vector<logos::ParamSpec> amountParams(const std::string& key, const std::string& doc) {
  return {{key, logos::ParamType::Amount, false, nullptr, doc + " (required: u128 decimal string, or u64 halves " + key + "_lo/" + key + "_hi)"}};
}

// The error answer when amount `key` was given in neither form, else null.
inline Json missingAmount(const logos::sdk::Args& a, const std::string& key) {
  if (a.has(key)) return nullptr;
  return errorJson(kInvalidArgs, "missing parameter '" + key + "' (decimal string) or '" + key + "_lo'/'" + key + "_hi'");
}

inline std::vector<logos::ParamSpec> joinParams(std::vector<logos::ParamSpec> a, const std::vector<logos::ParamSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// An Account parameter the dispatcher already decoded (INVALID_ACCOUNT_ID never reaches a handler).
inline AccountId accountOf(const logos::sdk::Args& a, std::string_view name) { return AccountId(a.account(name)); }

}  // namespace payment_streams
