// Fuzz target: how wallet_module reads a sequencer's JSON-RPC answers
// (modules/wallet_module/src/sequencer_answers.h, used by SequencerClient): the HTTP body as a
// JSON-RPC response to request id 1, then its result as the answer to each method the wallet
// calls (getAccount, getLastBlockId, sendTransaction, getTransactionStatus, getTransaction).
// Properties: no crash and no exception; a refusal is CHAIN_ERROR or CHAIN_BAD_ANSWER with a
// sentence; an account read written back in the sequencer's shape reads to the same account; a
// transaction hash written back as hex reads to the same hash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "lezpay/util/hex.h"
#include "sequencer_answers.h"

namespace {

using wallet::Json;

void checkError(const lezpay::util::Error& e) {
  FUZZ_CHECK((e.code == "CHAIN_ERROR" || e.code == "CHAIN_BAD_ANSWER") && !e.message.empty());
}

void readAs(const Json& result) {
  if (auto a = wallet::accountFromAnswer(result); a.ok()) {
    Json words = Json::array();
    for (std::uint32_t w : a->programOwner.words()) words.push_back(w);
    Json bytes = Json::array();
    for (std::uint8_t b : a->data) bytes.push_back(b);
    const Json back{{"program_owner", words}, {"balance", a->balance.toDecimal()}, {"nonce", a->nonce.toDecimal()}, {"data", bytes}};
    auto again = wallet::accountFromAnswer(back);
    FUZZ_CHECK(again.ok() && *again == *a);
  } else {
    checkError(a.error());
  }
  if (auto n = wallet::lastBlockIdFromAnswer(result); !n.ok()) checkError(n.error());
  if (auto h = wallet::transactionHashFromAnswer(result); h.ok()) {
    auto again = wallet::transactionHashFromAnswer(Json(lezpay::util::toHex(*h)));
    FUZZ_CHECK(again.ok() && *again == *h);
  } else {
    checkError(h.error());
  }
  if (auto s = wallet::statusFromAnswer(result)) FUZZ_CHECK(s->status == result["status"].get<std::string>());
  const auto t = wallet::statusFromTransactionAnswer(result);
  FUZZ_CHECK(t.status == (result.is_null() ? "pending" : "included"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto r = wallet::rpcResultFromBody(body, 1);
  if (!r.ok()) {
    checkError(r.error());
    return 0;
  }
  readAs(*r);
  return 0;
}
