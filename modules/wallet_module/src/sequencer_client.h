#pragma once
// An event-driven client of a LEZ sequencer's JSON-RPC (LEZ spec §11): lez-localnet or a real LEZ
// node, chosen only by URL. Each call is one lezpay::net::AsyncHttpRequest on the thread that
// makes it (the module's), so a slow or silent sequencer never holds that thread: the answer
// comes later through a continuation, on the same thread, exactly once, never inside the call
// that started it. Big integers stay exact (libs/jsonrpc).
//
// Calls are made under a key (newKey()), one round trip in flight per key: an operation that
// chains round trips (status, then the fallback read) keeps its key, and cancel(key) aborts the
// one in flight; its continuation never runs afterwards. Starting a call on a key that has one
// in flight aborts the earlier one.
//
// Errors: CHAIN_UNREACHABLE (transport: refused, no complete answer within the timeout, HTTP
// error status), CHAIN_ERROR (the node answered an error; message is its text and code),
// CHAIN_BAD_ANSWER (an answer of the wrong shape).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lez/core/account.h"
#include "lez/core/account_id.h"
#include "lez/core/sha256.h"
#include "lezpay/jsonrpc/exact_json.h"
#include "lezpay/util/result.h"
#include "sequencer_answers.h"

namespace lezpay::net {
class AsyncHttpRequest;
}

namespace wallet {

class SequencerClient {
 public:
  template <typename T>
  using Then = std::function<void(lezpay::util::Result<T>)>;
  using Key = std::uint64_t;

  SequencerClient(std::string url, int timeoutMs);
  ~SequencerClient();
  SequencerClient(const SequencerClient&) = delete;
  SequencerClient& operator=(const SequencerClient&) = delete;

  // Later calls go to `url`, each bounded by `timeoutMs`; calls in flight keep theirs.
  void configure(std::string url, int timeoutMs);
  Key newKey() { return nextKey_++; }

  void call(Key key, const std::string& method, const Json& params, Then<Json> then);
  void getAccount(Key key, const lez::core::AccountId& id, Then<lez::core::Account> then);
  void lastBlockId(Key key, Then<std::uint64_t> then);
  void sendTransaction(Key key, const std::vector<std::uint8_t>& leeTransactionBytes, Then<lez::core::Hash32> then);
  // getTransactionStatus when the node has it (lez-localnet); otherwise getTransaction, which
  // can only tell included from not-yet-seen.
  void transactionStatus(Key key, const lez::core::Hash32& hash, Then<TransactionStatus> then);

  // Aborts the round trip in flight under `key`, if any. Idempotent.
  void cancel(Key key);
  // Aborts every round trip (module shutdown).
  void cancelAll();
  // Round trips in flight (tests, logs).
  std::size_t inFlight() const { return requests_.size(); }

 private:
  std::string url_;
  int timeoutMs_;
  std::int64_t nextId_ = 1;
  Key nextKey_ = 1;
  std::map<Key, std::unique_ptr<lezpay::net::AsyncHttpRequest>> requests_;
};

}  // namespace wallet
