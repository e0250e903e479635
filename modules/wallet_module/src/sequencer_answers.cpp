#include "sequencer_answers.h"

#include <algorithm>

#include "lez/core/program_id.h"
#include "lezpay/jsonrpc/jsonrpc.h"
#include "lezpay/util/hex.h"

namespace wallet {
namespace {

lezpay::util::Error badAnswer(const std::string& what) { return {"CHAIN_BAD_ANSWER", "the sequencer answered " + what}; }

}  // namespace

lezpay::util::Result<Json> rpcResultFromBody(std::string_view body, std::int64_t id) {
  auto r = lezpay::jsonrpc::readResponse(body, id);
  if (!r.ok()) {
    if (r.error().code.rfind("RPC_", 0) == 0 && r.error().code != "RPC_BAD_RESPONSE") {
      return lezpay::util::Error{"CHAIN_ERROR", r.error().message + " (JSON-RPC " + r.error().code.substr(4) + ")"};
    }
    return lezpay::util::Error{"CHAIN_BAD_ANSWER", r.error().message};
  }
  return r.value();
}

lezpay::util::Result<lez::core::Account> accountFromAnswer(const Json& j) {
  if (!j.is_object()) return badAnswer("getAccount with something other than an object");
  lez::core::Account a;
  const Json& owner = j.value("program_owner", Json());
  if (!owner.is_array() || owner.size() != 8) return badAnswer("a program_owner that is not 8 words");
  lez::core::ProgramId::Words w{};
  for (std::size_t i = 0; i < 8; ++i) {
    if (!owner[i].is_number_unsigned() || owner[i].get<std::uint64_t>() > 0xffffffffu) return badAnswer("a program_owner word out of range");
    w[i] = owner[i].get<std::uint32_t>();
  }
  a.programOwner = lez::core::ProgramId(w);
  for (const char* field : {"balance", "nonce"}) {
    auto text = lezpay::jsonrpc::u128Text(j.value(field, Json()));
    if (!text.ok()) return badAnswer(std::string("a ") + field + " that is not a u128");
    (std::string(field) == "balance" ? a.balance : a.nonce) = lez::core::U128::parseDecimal(text.value()).value();
  }
  const Json& data = j.value("data", Json());
  if (!data.is_array() || data.size() > lez::core::kMaxAccountDataBytes) return badAnswer("account data that is not a byte array");
  for (const auto& b : data) {
    if (!b.is_number_unsigned() || b.get<std::uint64_t>() > 255) return badAnswer("account data with a value that is not a byte");
    a.data.push_back(b.get<std::uint8_t>());
  }
  return a;
}

lezpay::util::Result<std::uint64_t> lastBlockIdFromAnswer(const Json& r) {
  if (!r.is_number_unsigned()) return badAnswer("getLastBlockId with something other than an unsigned integer");
  return r.get<std::uint64_t>();
}

lezpay::util::Result<lez::core::Hash32> transactionHashFromAnswer(const Json& r) {
  if (!r.is_string()) return badAnswer("sendTransaction without a hash");
  auto h = lezpay::util::fromHexExact(r.get<std::string>(), 32);
  if (!h.ok()) return badAnswer("sendTransaction with a malformed hash");
  lez::core::Hash32 out{};
  std::copy(h->begin(), h->end(), out.begin());
  return out;
}

std::optional<TransactionStatus> statusFromAnswer(const Json& r) {
  if (!r.is_object() || !r.contains("status") || !r["status"].is_string()) return std::nullopt;
  TransactionStatus s;
  s.status = r["status"].get<std::string>();
  // value() would throw on a block_id of another type; the wallet reads that as "unknown" (0).
  if (r.contains("block_id") && r["block_id"].is_number_unsigned()) s.blockId = r["block_id"].get<std::uint64_t>();
  s.details = r;
  return s;
}

TransactionStatus statusFromTransactionAnswer(const Json& t) {
  TransactionStatus s;
  if (t.is_null()) {
    s.status = "pending";
  } else {
    s.status = "included";
    if (t.is_array() && t.size() == 2 && t[1].is_number_unsigned()) s.blockId = t[1].get<std::uint64_t>();
  }
  s.details = Json{{"status", s.status}};
  return s;
}

}  // namespace wallet
