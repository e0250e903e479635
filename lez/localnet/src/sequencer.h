#pragma once
// The lez-localnet sequencer: accepts transactions (stateless checks, durable mempool), builds
// blocks on a timer through lez::chain, and answers queries. Single-threaded: it lives on the
// process's main thread; the JSON-RPC layer (rpc_service.h) calls it directly.

#include <memory>
#include <optional>

#include "chain_store.h"
#include "genesis.h"
#include "lez/chain/native_programs.h"
#include "lez/streams/program.h"

namespace lez::localnet {

struct SequencerConfig {
  core::ProgramId atProgram = chain::kAuthenticatedTransferId;
  core::ProgramId clockProgram = chain::kClockProgramId;
  core::ProgramId streamsProgram = streams::kPaymentStreamsTestnetProgramId;
  chain::BlockLimits limits;
  std::size_t mempoolCapacity = 1000;
  bool faucet = false;
};

// A submission refusal: JSON-RPC code (-32602 invalid params, -32603 internal) and sentence.
struct SubmitError {
  int rpcCode;
  std::string code;  // stable reason code (chain::RejectCode string or MEMPOOL_FULL, ...)
  std::string message;
};

class Sequencer final : public chain::StateReader {
 public:
  // Opens the store; on an empty store applies `genesis` and commits block 1 (T = 0).
  static lezpay::util::Result<std::unique_ptr<Sequencer>> open(std::unique_ptr<ChainStore> store, SequencerConfig config,
                                                               const Genesis& genesis, core::SecretKey sequencerKey);

  // Borsh LeeTransaction bytes in; its hash out once durably accepted.
  std::variant<core::Hash32, SubmitError> submit(const std::vector<std::uint8_t>& bytes);

  // Builds and commits the next block at `nowMs` (made monotonic). Returns the block id.
  lezpay::util::Result<std::uint64_t> produceBlock(std::uint64_t nowMs);

  // The test clock (--manual-blocks): the next block at exactly `timestampMs`, which must be after
  // the last block's timestamp (block times strictly increase; TIMESTAMP_NOT_INCREASING otherwise,
  // nothing produced). Returns the block id.
  lezpay::util::Result<std::uint64_t> produceBlockAt(std::uint64_t timestampMs);

  // Faucet (localnet only): signs an AT transfer from the faucet account to `to`.
  std::variant<core::Hash32, SubmitError> faucet(const core::AccountId& to, core::U128 amount);

  core::Account account(const core::AccountId& id) const override;
  std::uint64_t lastBlockId() const { return lastBlockId_; }
  std::uint64_t lastTimestamp() const { return lastTimestamp_; }
  const core::Hash32& lastHash() const { return lastHash_; }
  const ChainStore& store() const { return *store_; }
  const chain::ProgramRegistry& programs() const { return programs_; }
  const SequencerConfig& config() const { return config_; }
  bool faucetEnabled() const { return config_.faucet && faucetKey_.has_value(); }

 private:
  Sequencer(std::unique_ptr<ChainStore> store, SequencerConfig config, core::SecretKey key);

  std::unique_ptr<ChainStore> store_;
  SequencerConfig config_;
  core::SecretKey key_;
  chain::ProgramRegistry programs_;
  std::map<core::AccountId, core::Account> accounts_;  // cache of the committed state
  std::set<core::AccountId> systemAccounts_;
  std::optional<core::AccountId> faucetAccount_;
  std::optional<core::SecretKey> faucetKey_;
  std::uint64_t lastBlockId_ = 0;
  core::Hash32 lastHash_{};
  std::uint64_t lastTimestamp_ = 0;
};

}  // namespace lez::localnet
