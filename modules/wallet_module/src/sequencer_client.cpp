#include "sequencer_client.h"

#include "lez/core/hashing.h"
#include "lezpay/jsonrpc/jsonrpc.h"
#include "lezpay/net/http_client.h"
#include "lezpay/util/base64.h"

namespace wallet {

lezpay::util::Result<Json> SequencerClient::call(const std::string& method, const Json& params) {
  const std::int64_t id = nextId_++;
  auto http = lezpay::net::httpPostJson(url_, lezpay::jsonrpc::requestText(id, method, params), {timeoutMs_});
  if (!http.ok()) return lezpay::util::Error{"CHAIN_UNREACHABLE", http.error().message};
  if (http->status != 200) {
    return lezpay::util::Error{"CHAIN_UNREACHABLE", "the sequencer at " + url_ + " answered HTTP " + std::to_string(http->status)};
  }
  return rpcResultFromBody(http->body, id);
}

lezpay::util::Result<lez::core::Account> SequencerClient::getAccount(const lez::core::AccountId& id) {
  auto r = call("getAccount", Json::array({id.toBase58()}));
  if (!r.ok()) return r.error();
  return accountFromAnswer(r.value());
}

lezpay::util::Result<std::uint64_t> SequencerClient::lastBlockId() {
  auto r = call("getLastBlockId", Json::array());
  if (!r.ok()) return r.error();
  return lastBlockIdFromAnswer(r.value());
}

lezpay::util::Result<lez::core::Hash32> SequencerClient::sendTransaction(const std::vector<std::uint8_t>& bytes) {
  auto r = call("sendTransaction", Json::array({lezpay::util::toBase64(bytes)}));
  if (!r.ok()) return r.error();
  return transactionHashFromAnswer(r.value());
}

lezpay::util::Result<TransactionStatus> SequencerClient::transactionStatus(const lez::core::Hash32& hash) {
  const std::string hex = lez::core::hashToHex(hash);
  auto r = call("getTransactionStatus", Json::array({hex}));
  if (r.ok()) {
    if (auto s = statusFromAnswer(r.value())) return *s;
  }
  if (!r.ok() && r.error().code == "CHAIN_UNREACHABLE") return r.error();
  // A node without getTransactionStatus (upstream LEZ): inclusion is all it can tell.
  auto t = call("getTransaction", Json::array({hex}));
  if (!t.ok()) return t.error();
  return statusFromTransactionAnswer(t.value());
}

}  // namespace wallet
