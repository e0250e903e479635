// Fuzz target: lez::localnet::parseGenesis (lez/localnet/src/genesis.h), which reads the genesis
// file lez-localnet starts from. Compiled with lez/localnet/src/genesis.cpp alone.
// Properties: no crash and no exception; a refusal is BAD_GENESIS naming the entry; an accepted
// genesis holds the three clock accounts owned by the clock program, a faucet key that belongs
// to the faucet account, and written back as a genesis file parses to the same accounts and
// faucet.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "genesis.h"
#include "lez/core/authenticated_transfer.h"
#include "lez/core/clock_data.h"
#include "lezpay/util/hex.h"

namespace {

constexpr auto kClockProgram = lez::core::ProgramId::fromHexLiteral("c10cc10cc10cc10cc10cc10cc10cc10cc10cc10cc10cc10cc10cc10cc10cc10c");

bool isClock(const lez::core::AccountId& id) {
  for (const auto& c : lez::core::kClockAccountIds) {
    if (c == id) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto& at = lez::core::kAuthenticatedTransferProgramId;
  auto g = lez::localnet::parseGenesis(text, at, kClockProgram);
  if (!g.ok()) {
    FUZZ_CHECK(g.error().code == "BAD_GENESIS" && g.error().message.rfind("genesis: ", 0) == 0);
    return 0;
  }
  for (const auto& c : lez::core::kClockAccountIds) {
    FUZZ_CHECK(g->accounts.count(c) == 1 && g->accounts.at(c).programOwner == kClockProgram);
  }
  FUZZ_CHECK(g->faucetAccount.has_value() == g->faucetKey.has_value());
  if (g->faucetKey) FUZZ_CHECK(lez::core::publicAccountId(g->faucetKey->publicKey()) == *g->faucetAccount);

  nlohmann::json accounts = nlohmann::json::array();
  for (const auto& [id, a] : g->accounts) {
    if (isClock(id)) continue;
    nlohmann::json e{{"account_id", id.toBase58()}, {"balance", a.balance.toDecimal()}, {"owner", a.programOwner.toHex()}};
    if (g->faucetAccount && *g->faucetAccount == id) {
      e["secret_key_hex"] = lezpay::util::toHex(g->faucetKey->exposeSecret());
      e["faucet"] = true;
    }
    accounts.push_back(e);
  }
  auto again = lez::localnet::parseGenesis(nlohmann::json{{"test_keys_only", true}, {"accounts", accounts}}.dump(), at, kClockProgram);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->accounts == g->accounts);
  FUZZ_CHECK(again->faucetAccount == g->faucetAccount);
  return 0;
}
