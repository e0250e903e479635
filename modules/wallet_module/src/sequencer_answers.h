#pragma once
// Reading a LEZ sequencer's JSON-RPC answers (LEZ spec §11) into values, for SequencerClient.
// Pure: text and JSON in, values out, so the corpus-driven fuzz target fuzz/wallet_sequencer_answers.cpp
// runs the same code as the wallet. Errors: CHAIN_ERROR (the node answered a JSON-RPC error;
// message is its text and code), CHAIN_BAD_ANSWER (an answer of the wrong shape).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lez/core/account.h"
#include "lez/core/sha256.h"
#include "lezpay/jsonrpc/exact_json.h"
#include "lezpay/util/result.h"

namespace wallet {

using lezpay::jsonrpc::Json;

struct TransactionStatus {
  std::string status;  // pending | included | rejected | unknown
  std::uint64_t blockId = 0;
  Json details;        // the node's whole answer (code, message, guest_code, guest_name)
};

// The result of the HTTP body of a JSON-RPC answer to request `id`.
lezpay::util::Result<Json> rpcResultFromBody(std::string_view body, std::int64_t id);

// getAccount: {program_owner: 8 u32 words, balance, nonce: u128, data: byte array}.
lezpay::util::Result<lez::core::Account> accountFromAnswer(const Json& result);
// getLastBlockId: an unsigned integer.
lezpay::util::Result<std::uint64_t> lastBlockIdFromAnswer(const Json& result);
// sendTransaction: the transaction hash as 64 hex digits.
lezpay::util::Result<lez::core::Hash32> transactionHashFromAnswer(const Json& result);
// getTransactionStatus: {status: string, block_id?: unsigned (0 when absent or not one)};
// nullopt for any other shape.
std::optional<TransactionStatus> statusFromAnswer(const Json& result);
// getTransaction (nodes without getTransactionStatus): null = pending, else included, with the
// block id when the answer is [transaction, block_id].
TransactionStatus statusFromTransactionAnswer(const Json& result);

}  // namespace wallet
