#include "stream_history_operations.h"

#include "decoded_json.h"
#include "error_codes.h"
#include "lez/streams/pdas.h"
#include "lezpay/util/hex.h"
#include "logos/envelope.h"
#include "operation_params.h"
#include "result_shapes.h"

namespace payment_streams {
namespace {

using logos::ParamType;
using logos::sdk::Args;
namespace ls = lez::streams;

logos::OperationSpec getStreamHistorySpec() {
  return shapes::shaped({"getStreamHistory",
                         "A stream's stored states at each block where its account changed (oldest first), from the sequencer's account history.",
                         {kOwnerParam, kVaultParam, kStreamParam, {"since_block", ParamType::U64, false, 0, "first block to include"},
                          {"limit", ParamType::U64, false, 100, "at most this many states (1 to 1000)"}},
                         Json{{"entries", Json::array()}, {"next_since_block", nullptr}},
                         Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"stream_id", 0}}},
                        Json{{"owner", "base58"}, {"vault_id", "u64"}, {"stream_id", "u64"}, {"stream_account", "base58"},
                             {"entries", "array"}, {"next_since_block", "u64|null"}});
}

void getStreamHistory(ModuleServices& s, const Args& a, Answer done) {
  const AccountId owner = accountOf(a, "owner");
  const ls::VaultId vaultId = a.u64("vault_id");
  const ls::StreamId streamId = a.u64("stream_id");
  const std::uint64_t limit = a.u64("limit");
  if (limit == 0 || limit > 1000) return done(errorJson(kInvalidArgs, "limit must be 1 to 1000"));
  const ModuleConfig cfg = s.config();
  const AccountId account = ls::streamConfigId(cfg.program, ls::vaultConfigId(cfg.program, owner, vaultId), streamId);
  const Json params{{"account_id", account.toBase58()}, {"since_block", a.u64("since_block")}, {"limit", limit}};
  s.chain().walletCall("get_account_history", params, cfg.walletTimeoutMs, [=](const Json& w) {
    if (!logos::isOk(w)) {
      return done(errorJson(kChainReadFailed, "reading the stream's history: " + w.value("message", std::string("the wallet failed"))));
    }
    Json entries = Json::array();
    for (const auto& e : w.value("entries", Json::array())) {
      auto bytes = lezpay::util::fromHex(e.value("data", std::string()));
      if (!bytes.ok()) return done(errorJson(kInvalidAccountData, "a history entry's data is not hex"));
      Json item{{"block_id", e.value("block_id", Json())}, {"timestamp_ms", e.value("timestamp_ms", Json())}};
      if (bytes->empty()) {
        item["stored"] = nullptr;  // the account held nothing at that block
      } else {
        auto c = ls::decodeStreamConfig(bytes.value());
        if (!c.ok()) return done(errorJson(kInvalidAccountData, "StreamConfig at block " + e.value("block_id", Json()).dump() + ": " + c.error().message));
        item["stored"] = streamConfigJson(c.value());
      }
      entries.push_back(std::move(item));
    }
    done(logos::okEnvelope(Json{{"owner", owner.toBase58()}, {"vault_id", vaultId}, {"stream_id", streamId},
                                {"stream_account", account.toBase58()}, {"entries", std::move(entries)},
                                {"next_since_block", w.value("next_since_block", Json())}}));
  });
}

}  // namespace

void registerStreamHistoryOperations(ModuleServices& s) { s.addOperation(getStreamHistorySpec(), getStreamHistory); }

}  // namespace payment_streams
