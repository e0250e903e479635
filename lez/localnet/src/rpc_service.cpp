#include "rpc_service.h"

#include "lez/core/hashing.h"
#include "lezpay/jsonrpc/jsonrpc.h"
#include "lezpay/util/base64.h"
#include "lezpay/util/hex.h"

namespace lez::localnet {
namespace {

using lezpay::jsonrpc::Json;
using lezpay::jsonrpc::param;
using lezpay::jsonrpc::rawNumber;
using lezpay::jsonrpc::RpcError;

constexpr int kInvalidParams = -32602;

struct Fail {
  RpcError error;
};

Json programIdWords(const core::ProgramId& id) {
  Json words = Json::array();
  for (auto w : id.words()) words.push_back(w);
  return words;
}

std::string str(const Json& params, std::size_t i, std::initializer_list<const char*> names, const char* what) {
  auto v = param(params, i, names);
  if (!v || !v->is_string()) throw Fail{{kInvalidParams, std::string("Invalid params: ") + what + " must be a string", nullptr}};
  return v->get<std::string>();
}

std::uint64_t u64(const Json& params, std::size_t i, std::initializer_list<const char*> names, const char* what) {
  auto v = param(params, i, names);
  if (v && v->is_number_unsigned()) return v->get<std::uint64_t>();
  if (v && v->is_number_integer() && v->get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v->get<std::int64_t>());
  throw Fail{{kInvalidParams, std::string("Invalid params: ") + what + " must be an unsigned integer", nullptr}};
}

core::AccountId accountId(const std::string& text) {
  auto id = core::AccountId::fromBase58(text);
  if (!id.ok()) throw Fail{{kInvalidParams, "Invalid params: account id '" + text + "': " + id.error().message, nullptr}};
  return id.value();
}

core::Hash32 txHash(const std::string& text) {
  auto h = lezpay::util::fromHexExact(text, 32);
  if (!h.ok()) throw Fail{{kInvalidParams, "Invalid params: transaction hash: " + h.error().message, nullptr}};
  core::Hash32 out{};
  std::copy(h->begin(), h->end(), out.begin());
  return out;
}

Json accountJson(const core::Account& a) {
  Json data = Json::array();
  for (auto b : a.data) data.push_back(b);
  return Json{{"program_owner", programIdWords(a.programOwner)},
              {"balance", rawNumber(a.balance.toDecimal())},
              {"data", data},
              {"nonce", rawNumber(a.nonce.toDecimal())}};
}

Json submitResult(const std::variant<core::Hash32, SubmitError>& r) {
  if (const auto* e = std::get_if<SubmitError>(&r)) {
    throw Fail{{e->rpcCode, e->message, Json{{"reason", e->code}}}};
  }
  return core::hashToHex(std::get<core::Hash32>(r));
}

}  // namespace

Json RpcService::accountHistory(const Json& p) const {
  const core::AccountId id = accountId(str(p, 0, {"account_id", "accountId"}, "account_id"));
  const std::uint64_t since = param(p, 1, {"since_block", "sinceBlock"}) ? u64(p, 1, {"since_block", "sinceBlock"}, "since_block") : 0;
  const std::uint64_t limit = param(p, 2, {"limit"}) ? u64(p, 2, {"limit"}, "limit") : 100;
  if (limit == 0 || limit > kMaxHistoryLimit) {
    throw Fail{{kInvalidParams, "Invalid params: limit must be 1 to " + std::to_string(kMaxHistoryLimit), nullptr}};
  }
  // One more than asked tells whether a next page exists without a second query.
  auto changes = sequencer_.store().accountHistory(id, since, static_cast<std::size_t>(limit) + 1);
  const bool more = changes.size() > limit;
  if (more) changes.resize(limit);
  Json entries = Json::array();
  for (const auto& c : changes) {
    entries.push_back(Json{{"block_id", c.blockId}, {"timestamp_ms", c.timestampMs}, {"account", accountJson(c.account)}});
  }
  Json out{{"account_id", id.toBase58()}, {"entries", std::move(entries)}};
  out["next_since_block"] = more ? Json(changes.back().blockId + 1) : Json(nullptr);
  return out;
}

std::string RpcService::handle(const std::string& body) {
  auto parsed = lezpay::jsonrpc::parseRequest(body);
  if (auto* failure = std::get_if<lezpay::jsonrpc::ParseFailure>(&parsed)) {
    return lezpay::jsonrpc::errorResponse(failure->id, failure->error);
  }
  const auto& req = std::get<lezpay::jsonrpc::RpcRequest>(parsed);
  const Json& p = req.params;
  Json result;
  try {
    const std::string& m = req.method;
    if (m == "sendTransaction") {
      auto bytes = lezpay::util::fromBase64(str(p, 0, {"tx", "transaction"}, "the transaction"));
      if (!bytes.ok()) throw Fail{{kInvalidParams, "Invalid params: transaction is not standard base64: " + bytes.error().message, nullptr}};
      result = submitResult(sequencer_.submit(bytes.value()));
    } else if (m == "checkHealth") {
      result = nullptr;
    } else if (m == "getLastBlockId") {
      result = sequencer_.lastBlockId();
    } else if (m == "getBlock") {
      auto bytes = sequencer_.store().blockBytes(u64(p, 0, {"block_id", "blockId"}, "block_id"));
      result = bytes ? Json(lezpay::util::toBase64(*bytes)) : Json(nullptr);
    } else if (m == "getBlockRange") {
      const std::uint64_t start = u64(p, 0, {"start_block_id", "startBlockId"}, "start_block_id");
      const std::uint64_t end = u64(p, 1, {"end_block_id", "endBlockId"}, "end_block_id");
      if (end < start) throw Fail{{kInvalidParams, "Invalid params: end_block_id is below start_block_id", nullptr}};
      if (end - start >= kMaxBlockRange) {
        throw Fail{{kInvalidParams, "Invalid params: at most " + std::to_string(kMaxBlockRange) + " blocks per call", nullptr}};
      }
      result = Json::array();
      for (std::uint64_t id = start; id <= end; ++id) {
        auto bytes = sequencer_.store().blockBytes(id);
        if (!bytes) throw Fail{{-31999, "Block " + std::to_string(id) + " not found", nullptr}};
        result.push_back(lezpay::util::toBase64(*bytes));
      }
    } else if (m == "getAccountBalance") {
      result = rawNumber(sequencer_.account(accountId(str(p, 0, {"account_id", "accountId"}, "account_id"))).balance.toDecimal());
    } else if (m == "getAccount") {
      result = accountJson(sequencer_.account(accountId(str(p, 0, {"account_id", "accountId"}, "account_id"))));
    } else if (m == "getAccountHistory") {
      result = accountHistory(p);
    } else if (m == "getAccountsNonces") {
      auto ids = param(p, 0, {"account_ids", "accountIds"});
      if (!ids || !ids->is_array()) throw Fail{{kInvalidParams, "Invalid params: account_ids must be an array of base58 ids", nullptr}};
      result = Json::array();
      for (const auto& id : *ids) {
        if (!id.is_string()) throw Fail{{kInvalidParams, "Invalid params: account_ids must hold strings", nullptr}};
        result.push_back(rawNumber(sequencer_.account(accountId(id.get<std::string>())).nonce.toDecimal()));
      }
    } else if (m == "getTransaction") {
      auto found = sequencer_.store().includedTransaction(txHash(str(p, 0, {"tx_hash", "txHash", "hash"}, "tx_hash")));
      result = found ? Json::array({lezpay::util::toBase64(found->first), found->second}) : Json(nullptr);
    } else if (m == "getTransactionStatus") {
      const core::Hash32 h = txHash(str(p, 0, {"tx_hash", "txHash", "hash"}, "tx_hash"));
      if (auto inc = sequencer_.store().includedTransaction(h)) {
        result = Json{{"status", "included"}, {"block_id", inc->second}};
      } else if (auto rej = sequencer_.store().rejection(h)) {
        result = Json{{"status", "rejected"}, {"code", rej->code}, {"message", rej->message}};
        if (rej->guestCode) result["guest_code"] = *rej->guestCode;
        if (!rej->guestName.empty()) result["guest_name"] = rej->guestName;
      } else if (sequencer_.store().inMempool(h)) {
        result = Json{{"status", "pending"}};
      } else {
        result = Json{{"status", "unknown"}, {"message", "this sequencer never accepted a transaction with that hash"}};
      }
    } else if (m == "getProgramIds") {
      result = Json::object();
      for (const auto& [id, program] : sequencer_.programs().all()) result[program->name()] = programIdWords(id);
    } else if (m == "getChannelId") {
      // lez-localnet publishes to no Bedrock channel; its id is derived from the sequencer's
      // genesis block so that two localnets never report the same channel (docs/decisions.md).
      auto genesis = sequencer_.store().blockBytes(1);
      result = core::hashToHex(core::sha256(genesis ? *genesis : std::vector<std::uint8_t>{}));
    } else if (m == "produceBlock") {
      if (!manualBlocks_) {
        throw Fail{{-32601, "produceBlock is the test clock: start lez-localnet with --manual-blocks to use it (blocks are timed otherwise)",
                    Json{{"reason", "MANUAL_BLOCKS_DISABLED"}}}};
      }
      auto produced = sequencer_.produceBlockAt(u64(p, 0, {"timestamp_ms", "timestampMs"}, "timestamp_ms"));
      if (!produced.ok()) {
        const bool refused = produced.error().code == "TIMESTAMP_NOT_INCREASING";
        throw Fail{{refused ? kInvalidParams : -32603, produced.error().message, Json{{"reason", refused ? produced.error().code : "STORE_ERROR"}}}};
      }
      result = Json{{"block_id", sequencer_.lastBlockId()},
                    {"timestamp_ms", sequencer_.lastTimestamp()},
                    {"hash", core::hashToHex(sequencer_.lastHash())}};
    } else if (m == "faucet" && sequencer_.faucetEnabled()) {
      const core::AccountId to = accountId(str(p, 0, {"account_id", "accountId"}, "account_id"));
      auto amountJson = param(p, 1, {"amount"});
      auto amountText = amountJson ? lezpay::jsonrpc::u128Text(*amountJson) : lezpay::util::Result<std::string>(lezpay::util::Error{"", "missing"});
      if (!amountText.ok()) throw Fail{{kInvalidParams, "Invalid params: amount must be an unsigned 128-bit integer", nullptr}};
      result = submitResult(sequencer_.faucet(to, core::U128::parseDecimal(amountText.value()).value()));
    } else {
      throw Fail{{-32601, "Method not found: " + m, nullptr}};
    }
  } catch (const Fail& f) {
    return req.notification ? std::string() : lezpay::jsonrpc::errorResponse(req.id, f.error);
  }
  return req.notification ? std::string() : lezpay::jsonrpc::resultResponse(req.id, result);
}

}  // namespace lez::localnet
