#include "config_operations.h"

#include <algorithm>

#include "lezpay/sqlstore/database_url.h"
#include "logos/envelope.h"
#include "operation_params.h"
#include "result_shapes.h"

namespace payment_streams {
namespace {

using logos::ParamType;
using logos::sdk::Args;

constexpr std::uint64_t kMaxTimeoutMs = 600000;
constexpr std::uint64_t kMaxChainViewAgeMs = 1000;

logos::OperationSpec configureSpec() {
  return shapes::shaped({"configure", "Sets the program id, clock account, AT program id, timeouts and the proof-check read cache (persisted; absent keys keep their value).",
          {{"program_id", ParamType::Hex32, false, nullptr, "payment-streams program id (default: the testnet id)"},
           {"clock_account", ParamType::Account, false, nullptr, "clock account used for time (default CLOCK_01)"},
           {"at_program_id", ParamType::Hex32, false, nullptr, "authenticated_transfer program id pinned in Deposit"},
           {"wallet_timeout_ms", ParamType::U64, false, nullptr, "timeout of one chain read through the wallet"},
           {"tx_timeout_ms", ParamType::U64, false, nullptr, "how long a write waits for inclusion"},
           {"verify_read_cache", ParamType::Bool, false, nullptr, "proof checks reuse chain reads within one block height (default true)"},
           {"replay_store_url", ParamType::String, false, nullptr,
            "where the replay memory lives: \"\" = replay.sqlite here, sqlite:<path>, or postgresql://user:pw@host:port/db shared by a fleet"},
           {"chain_view_max_age_ms", ParamType::U64, false, nullptr,
            "with the read cache, proof checks use a block height read at most this long ago by the chain watch (default 25, at most 1000; 0 = a height read per check)"}},
          Json{{"config", Json::object()}}, Json{{"tx_timeout_ms", 30000}}},
                        Json{{"config", "object"}});
}

void configure(ModuleServices& s, const Args& a, Answer done) {
  ModuleConfig c = s.config();
  if (a.has("program_id")) c.program = lez::core::ProgramId::fromBytes32(a.hex32("program_id"));
  if (a.has("at_program_id")) c.atProgram = lez::core::ProgramId::fromBytes32(a.hex32("at_program_id"));
  if (a.has("clock_account")) {
    const AccountId clock = accountOf(a, "clock_account");
    if (clock != lez::core::kClock01 && clock != lez::core::kClock10 && clock != lez::core::kClock50) {
      return done(errorJson(kInvalidArgs, "clock_account must be CLOCK_01, CLOCK_10 or CLOCK_50 (the program refuses others: 6025)"));
    }
    c.clock = clock;
  }
  if (a.has("wallet_timeout_ms")) c.walletTimeoutMs = static_cast<int>(std::min(a.u64("wallet_timeout_ms"), kMaxTimeoutMs));
  if (a.has("tx_timeout_ms")) c.txTimeoutMs = static_cast<int>(std::min(a.u64("tx_timeout_ms"), kMaxTimeoutMs));
  if (a.has("verify_read_cache")) c.verifyReadCache = a.boolean("verify_read_cache");
  if (a.has("replay_store_url")) {
    const std::string url = a.str("replay_store_url");
    if (!url.empty() && !lezpay::sqlstore::isDatabaseUrl(url)) {
      return done(errorJson(kInvalidArgs, "replay_store_url must be \"\", sqlite:<path> or postgresql://... (got '" +
                                              lezpay::sqlstore::redactDatabaseUrl(url) + "')"));
    }
    // Opened before it is saved: a URL that cannot be reached is refused and the old store kept.
    if (url != c.replayStoreUrl) {
      if (auto st = s.state->useReplayStore(url); !st.ok()) return done(errorJson(st.error()));
    }
    c.replayStoreUrl = url;
  }
  if (a.has("chain_view_max_age_ms")) {
    if (a.u64("chain_view_max_age_ms") > kMaxChainViewAgeMs) {
      return done(errorJson(kInvalidArgs, "chain_view_max_age_ms must be at most 1000 (a longer view could serve a paused stream for that long)"));
    }
    c.chainViewMaxAgeMs = static_cast<int>(a.u64("chain_view_max_age_ms"));
  }
  s.state->config = c;
  if (auto st = s.state->save(); !st.ok()) return done(errorJson(st.error()));
  done(logos::okEnvelope(Json{{"config", toJson(c)}}));
}

}  // namespace

void registerConfigOperations(ModuleServices& s) { s.addOperation(configureSpec(), configure); }

}  // namespace payment_streams
