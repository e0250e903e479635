#include "sequencer_client.h"

#include "lez/core/hashing.h"
#include "lezpay/jsonrpc/jsonrpc.h"
#include "lezpay/net/async_http_client.h"
#include "lezpay/util/base64.h"

namespace wallet {

SequencerClient::SequencerClient(std::string url, int timeoutMs) : url_(std::move(url)), timeoutMs_(timeoutMs) {}

SequencerClient::~SequencerClient() = default;

void SequencerClient::configure(std::string url, int timeoutMs) {
  url_ = std::move(url);
  timeoutMs_ = timeoutMs;
}

void SequencerClient::call(Key key, const std::string& method, const Json& params, Then<Json> then) {
  cancel(key);
  const std::int64_t id = nextId_++;
  const std::string url = url_;
  lezpay::net::HttpClientOptions options;
  options.timeoutMs = timeoutMs_;
  auto request = lezpay::net::AsyncHttpRequest::start(
      "POST", url, {{"content-type", "application/json"}}, lezpay::jsonrpc::requestText(id, method, params), options,
      [this, key, id, url, then = std::move(then)](lezpay::util::Result<lezpay::http::HttpResponse> http) {
        // The entry under `key` is this request (a newer one would have destroyed it); it stays
        // alive until this callback returns, which may start the key's next round trip.
        auto held = requests_.extract(key);
        if (!http.ok()) return then(lezpay::util::Error{"CHAIN_UNREACHABLE", http.error().message});
        if (http->status != 200) {
          return then(lezpay::util::Error{"CHAIN_UNREACHABLE", "the sequencer at " + url + " answered HTTP " + std::to_string(http->status)});
        }
        then(rpcResultFromBody(http->body, id));
      });
  requests_[key] = std::move(request);
}

void SequencerClient::getAccount(Key key, const lez::core::AccountId& id, Then<lez::core::Account> then) {
  call(key, "getAccount", Json::array({id.toBase58()}), [then = std::move(then)](lezpay::util::Result<Json> r) {
    if (!r.ok()) return then(r.error());
    then(accountFromAnswer(r.value()));
  });
}

void SequencerClient::lastBlockId(Key key, Then<std::uint64_t> then) {
  call(key, "getLastBlockId", Json::array(), [then = std::move(then)](lezpay::util::Result<Json> r) {
    if (!r.ok()) return then(r.error());
    then(lastBlockIdFromAnswer(r.value()));
  });
}

void SequencerClient::sendTransaction(Key key, const std::vector<std::uint8_t>& bytes, Then<lez::core::Hash32> then) {
  call(key, "sendTransaction", Json::array({lezpay::util::toBase64(bytes)}), [then = std::move(then)](lezpay::util::Result<Json> r) {
    if (!r.ok()) return then(r.error());
    then(transactionHashFromAnswer(r.value()));
  });
}

void SequencerClient::transactionStatus(Key key, const lez::core::Hash32& hash, Then<TransactionStatus> then) {
  const std::string hex = lez::core::hashToHex(hash);
  call(key, "getTransactionStatus", Json::array({hex}), [this, key, hex, then = std::move(then)](lezpay::util::Result<Json> r) {
    if (r.ok()) {
      if (auto s = statusFromAnswer(r.value())) return then(*s);
    }
    if (!r.ok() && r.error().code == "CHAIN_UNREACHABLE") return then(r.error());
    // A node without getTransactionStatus (upstream LEZ): inclusion is all it can tell.
    call(key, "getTransaction", Json::array({hex}), [then](lezpay::util::Result<Json> t) {
      if (!t.ok()) return then(t.error());
      then(statusFromTransactionAnswer(t.value()));
    });
  });
}

void SequencerClient::cancel(Key key) {
  auto it = requests_.find(key);
  if (it == requests_.end()) return;
  auto held = std::move(it->second);
  requests_.erase(it);
  held->cancel();
}

void SequencerClient::cancelAll() {
  auto all = std::move(requests_);
  requests_.clear();
  for (auto& [key, request] : all) request->cancel();
}

}  // namespace wallet
