#include "sequencer.h"

#include <openssl/rand.h>

#include "lez/chain/native_programs.h"
#include "lez/core/authenticated_transfer.h"
#include "lez/core/block_codec.h"
#include "lez/core/clock_data.h"
#include "lez/core/hashing.h"
#include "lez/core/transaction_codec.h"

namespace lez::localnet {

Sequencer::Sequencer(std::unique_ptr<ChainStore> store, SequencerConfig config, core::SecretKey key)
    : store_(std::move(store)), config_(config), key_(std::move(key)) {
  programs_.add(chain::makeAuthenticatedTransfer(config_.atProgram));
  programs_.add(chain::makeClockProgram(config_.clockProgram));
  programs_.add(std::make_shared<streams::PaymentStreamsProgram>(config_.streamsProgram, config_.atProgram));
  systemAccounts_ = {core::kClockAccountIds.begin(), core::kClockAccountIds.end()};
}

lezpay::util::Result<std::unique_ptr<Sequencer>> Sequencer::open(std::unique_ptr<ChainStore> store, SequencerConfig config,
                                                                 const Genesis& genesis, core::SecretKey sequencerKey) {
  std::unique_ptr<Sequencer> s(new Sequencer(std::move(store), config, std::move(sequencerKey)));
  s->faucetAccount_ = genesis.faucetAccount;
  s->faucetKey_ = genesis.faucetKey;
  s->lastBlockId_ = s->store_->lastBlockId();
  if (s->lastBlockId_ == 0) {
    // Genesis: initial accounts, then block 1 with T = 0 that runs the clock once (spec §9).
    auto st = s->store_->writeAccounts(genesis.accounts);
    if (!st.ok()) return st.error();
    s->accounts_ = genesis.accounts;
    chain::BlockInputs in{1, {}, 0, config.clockProgram, s->systemAccounts_, config.limits};
    core::AuxRand aux{};
    RAND_bytes(aux.data(), static_cast<int>(aux.size()));
    chain::ProducedBlock b = chain::produceBlock(in, {}, *s, s->programs_, s->key_, aux);
    auto committed = s->store_->commitBlock(b.block, core::encode(b.block), b.diff, b.outcomes, 0);
    if (!committed.ok()) return committed.error();
    for (const auto& [id, a] : b.diff.writes) s->accounts_[id] = a;
    s->lastBlockId_ = 1;
    s->lastHash_ = b.block.header.hash;
    s->lastTimestamp_ = 0;
    return s;
  }
  s->accounts_ = s->store_->loadAccounts();
  auto bytes = s->store_->blockBytes(s->lastBlockId_);
  if (!bytes) return lezpay::util::Error{"STORE_ERROR", "last block " + std::to_string(s->lastBlockId_) + " is missing"};
  auto block = core::decodeBlock(*bytes);
  if (!block.ok()) return lezpay::util::Error{"STORE_ERROR", "last block does not decode: " + block.error().message};
  s->lastHash_ = block->header.hash;
  s->lastTimestamp_ = block->header.timestamp;
  return s;
}

core::Account Sequencer::account(const core::AccountId& id) const {
  auto it = accounts_.find(id);
  return it == accounts_.end() ? core::Account{} : it->second;
}

std::variant<core::Hash32, SubmitError> Sequencer::submit(const std::vector<std::uint8_t>& bytes) {
  auto refuse = [](chain::RejectCode c, std::string m) {
    return SubmitError{-32602, std::string(chain::toString(c)), std::move(m)};
  };
  const std::size_t maxTx = config_.limits.maxBlockBytes - 200;
  if (bytes.size() > maxTx) {
    return refuse(chain::RejectCode::TransactionTooLarge, "transaction of " + std::to_string(bytes.size()) +
                                                            " bytes is larger than the limit of " + std::to_string(maxTx));
  }
  auto decoded = core::decodeLeeTransaction(bytes);
  if (!decoded.ok()) return refuse(chain::RejectCode::UndecodableTransaction, "transaction does not decode: " + decoded.error().message);
  const core::PublicTransaction* tx = decoded->asPublic();
  if (tx == nullptr) return refuse(chain::RejectCode::UnsupportedTransaction, "only public transactions are supported by lez-localnet");
  if (auto bad = chain::checkStateless(*tx, programs_)) return refuse(bad->code, bad->message);
  const core::Hash32 hash = core::transactionHash(*tx);
  if (auto included = store_->includedTransaction(hash)) {
    return SubmitError{-32602, "ALREADY_INCLUDED",
                       "transaction " + core::hashToHex(hash) + " is already included in block " + std::to_string(included->second) +
                           "; a replay is never executed twice"};
  }
  if (store_->inMempool(hash)) return hash;  // the same submission again: idempotent
  if (store_->mempoolSize() >= config_.mempoolCapacity) {
    return SubmitError{-32603, std::string(chain::toString(chain::RejectCode::MempoolFull)),
                       "the mempool holds " + std::to_string(config_.mempoolCapacity) + " transactions; retry after the next block"};
  }
  auto st = store_->addToMempool({hash, bytes});
  if (!st.ok()) return SubmitError{-32603, "STORE_ERROR", st.error().message};
  return hash;
}

std::variant<core::Hash32, SubmitError> Sequencer::faucet(const core::AccountId& to, core::U128 amount) {
  if (!faucetEnabled()) return SubmitError{-32601, "FAUCET_DISABLED", "the faucet is off (start lez-localnet with --faucet)"};
  if (account(to).programOwner.isDefault()) {
    return SubmitError{-32602, "RECIPIENT_NOT_INITIALIZED",
                       "account " + to.toBase58() + " is not owned by authenticated_transfer yet: run AT Initialize first "
                       "(crediting a fresh account needs its signature)"};
  }
  core::PublicTransaction tx;
  tx.message.programId = config_.atProgram;
  tx.message.accountIds = {*faucetAccount_, to};
  // The faucet's next nonce counts the faucet transfers still waiting in the mempool.
  core::U128 nonce = account(*faucetAccount_).nonce;
  for (const auto& pending : store_->mempool(config_.mempoolCapacity)) {
    auto d = core::decodeLeeTransaction(pending.bytes);
    if (d.ok() && d->asPublic() && !d->asPublic()->witnessSet.witnesses.empty() &&
        core::publicAccountId(d->asPublic()->witnessSet.witnesses[0].publicKey) == *faucetAccount_) {
      nonce = nonce.checkedAdd(core::U128(1)).value_or(nonce);
    }
  }
  tx.message.nonces = {nonce};
  tx.message.instructionData = core::atTransferInstruction(amount);
  auto sig = core::sign(*faucetKey_, core::messageDigest(tx.message));
  if (!sig.ok()) return SubmitError{-32603, "SIGNING_FAILED", sig.error().message};
  tx.witnessSet.witnesses.push_back({sig.value(), faucetKey_->publicKey()});
  return submit(core::encode(core::LeeTransaction{tx}));
}

lezpay::util::Result<std::uint64_t> Sequencer::produceBlock(std::uint64_t nowMs) {
  std::vector<chain::PendingTransaction> candidates;
  for (auto& e : store_->mempool(config_.limits.maxUserTransactions * 5)) {
    auto d = core::decodeLeeTransaction(e.bytes);
    if (!d.ok() || d->asPublic() == nullptr) continue;  // cannot happen: checked at submission
    candidates.push_back({e.hash, *d->asPublic(), e.bytes.size()});
  }
  const std::uint64_t t = std::max(nowMs, lastTimestamp_ + 1);
  chain::BlockInputs in{lastBlockId_ + 1, lastHash_, t, config_.clockProgram, systemAccounts_, config_.limits};
  core::AuxRand aux{};
  RAND_bytes(aux.data(), static_cast<int>(aux.size()));
  chain::ProducedBlock b = chain::produceBlock(in, candidates, *this, programs_, key_, aux);
  auto st = store_->commitBlock(b.block, core::encode(b.block), b.diff, b.outcomes, nowMs);
  if (!st.ok()) return st.error();
  for (const auto& [id, a] : b.diff.writes) accounts_[id] = a;
  lastBlockId_ = b.block.header.blockId;
  lastHash_ = b.block.header.hash;
  lastTimestamp_ = t;
  return lastBlockId_;
}

lezpay::util::Result<std::uint64_t> Sequencer::produceBlockAt(std::uint64_t timestampMs) {
  if (timestampMs <= lastTimestamp_) {
    return lezpay::util::Error{"TIMESTAMP_NOT_INCREASING", "timestamp " + std::to_string(timestampMs) + " ms is not after block " +
                                                               std::to_string(lastBlockId_) + "'s timestamp " +
                                                               std::to_string(lastTimestamp_) + " ms; block times only move forward"};
  }
  return produceBlock(timestampMs);
}

}  // namespace lez::localnet
