#pragma once
// A blocking client of a LEZ sequencer's JSON-RPC (LEZ spec §11): lez-localnet or a real LEZ
// node, chosen only by URL. Big integers stay exact (libs/jsonrpc). Errors:
// CHAIN_UNREACHABLE (transport), CHAIN_ERROR (the node answered an error; message is its text,
// `rpc_code` in the details), CHAIN_BAD_ANSWER (an answer of the wrong shape).

#include <optional>
#include <string>

#include "lez/core/account.h"
#include "lez/core/account_id.h"
#include "lez/core/sha256.h"
#include "lezpay/jsonrpc/exact_json.h"
#include "lezpay/util/result.h"
#include "sequencer_answers.h"

namespace wallet {

class SequencerClient {
 public:
  SequencerClient(std::string url, int timeoutMs) : url_(std::move(url)), timeoutMs_(timeoutMs) {}

  lezpay::util::Result<Json> call(const std::string& method, const Json& params);

  lezpay::util::Result<lez::core::Account> getAccount(const lez::core::AccountId& id);
  lezpay::util::Result<std::uint64_t> lastBlockId();
  lezpay::util::Result<lez::core::Hash32> sendTransaction(const std::vector<std::uint8_t>& leeTransactionBytes);
  // getTransactionStatus when the node has it (lez-localnet); otherwise getTransaction, which
  // can only tell included from not-yet-seen.
  lezpay::util::Result<TransactionStatus> transactionStatus(const lez::core::Hash32& hash);

  const std::string& url() const { return url_; }

 private:
  std::string url_;
  int timeoutMs_;
  std::int64_t nextId_ = 1;
};

}  // namespace wallet
