#include "wallet_chain.h"

#include "logos/envelope.h"
#include "logos/wallet_answers.h"

namespace x402mod {

using lezpay::util::Error;
using lezpay::util::Result;
using logos::Json;

namespace {
Error envelopeError(const Json& e) {
  return Error{e.value("code", std::string("WALLET_ERROR")), e.value("message", std::string("wallet_module failed"))};
}
}  // namespace

WalletChain::WalletChain(ContextFn context, std::string walletModule, int callTimeoutMs)
    : context_(std::move(context)), wallet_(std::move(walletModule)), timeoutMs_(callTimeoutMs) {}

x402::LezPayerState WalletChain::parsePayer(const Json& e, Error* error) {
  x402::LezPayerState s;
  if (!logos::isOk(e)) {
    *error = envelopeError(e);
    return s;
  }
  auto account = logos::wallet_answers::parseAccount(e);
  if (!account.ok()) {
    *error = account.error();
    return s;
  }
  s.programOwner = lez::core::ProgramId::fromBytes32(account->programOwner);
  s.balance = account->balance;
  s.nonce = account->nonce;
  return s;
}

Result<TxStatus> WalletChain::parseStatus(const Json& e) {
  TxStatus s;
  if (logos::isOk(e)) {
    s.kind = TxStatus::Kind::Included;
    s.blockId = e.value("block_id", std::uint64_t{0});
    return s;
  }
  const std::string code = e.value("code", std::string());
  if (code == "TX_REJECTED") {
    s.kind = TxStatus::Kind::Rejected;
    s.reason = e.value("message", std::string("rejected"));
    return s;
  }
  if (code == "TX_TIMEOUT") return s;  // pending
  if (code == "TX_UNKNOWN") {
    s.kind = TxStatus::Kind::Unknown;
    return s;
  }
  return envelopeError(e);
}

void WalletChain::readPayer(const lez::core::AccountId& id, std::function<void(Result<x402::LezPayerState>)> done) {
  context_()->callAsync(wallet_, "get_account_public", Json{{"account_id", id.toHex()}}, timeoutMs_,
                        [done = std::move(done)](const Json& e) {
                          Error err;
                          auto s = parsePayer(e, &err);
                          if (!err.code.empty()) return done(err);
                          done(s);
                        });
}

void WalletChain::submit(const std::string& transactionBase64, std::function<void(Result<std::string>)> done) {
  context_()->callAsync(wallet_, "submit_signed_transaction",
                        Json{{"transaction_base64", transactionBase64}, {"wait", false}}, timeoutMs_,
                        [done = std::move(done)](const Json& e) {
                          if (!logos::isOk(e)) return done(envelopeError(e));
                          done(e.value("tx_hash", std::string()));
                        });
}

void WalletChain::status(const std::string& txHashHex, std::function<void(Result<TxStatus>)> done) {
  context_()->callAsync(wallet_, "wait_for_transaction", Json{{"tx_hash", txHashHex}, {"timeout_ms", 0}}, timeoutMs_,
                        [done = std::move(done)](const Json& e) { done(parseStatus(e)); });
}

void WalletChain::statusWait(const std::string& txHashHex, int waitMs, std::function<void(Result<TxStatus>)> done) {
  context_()->callAsync(wallet_, "wait_for_transaction", Json{{"tx_hash", txHashHex}, {"timeout_ms", waitMs}}, waitMs + timeoutMs_,
                        [done = std::move(done)](const Json& e) { done(parseStatus(e)); });
}

}  // namespace x402mod
