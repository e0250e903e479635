#pragma once
// Genesis of lez-localnet from a JSON file (default fixtures/localnet_genesis.json):
//   {"test_keys_only": true,
//    "accounts": [{"name": "...", "account_id": "<base58>", "balance": "<u128 decimal>",
//                  "owner": "authenticated_transfer" | "<64 hex program id>",
//                  "secret_key_hex": "<64 hex, TEST KEY>" (optional), "faucet": true (optional)}]}
// Funded accounts are owned by authenticated_transfer so they can send at once (LEZ spec §7
// consequences); the three clock accounts are created owned by the clock program with {0, 0}.

#include <map>
#include <optional>
#include <string>

#include "lez/core/account.h"
#include "lez/core/account_id.h"
#include "lez/core/schnorr.h"
#include "lezpay/util/result.h"

namespace lez::localnet {

struct Genesis {
  std::map<core::AccountId, core::Account> accounts;
  std::optional<core::AccountId> faucetAccount;
  std::optional<core::SecretKey> faucetKey;
};

// Error code BAD_GENESIS naming the entry and field.
lezpay::util::Result<Genesis> parseGenesis(const std::string& jsonText, const core::ProgramId& atProgram,
                                           const core::ProgramId& clockProgram);

}  // namespace lez::localnet
