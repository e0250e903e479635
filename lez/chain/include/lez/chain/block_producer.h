#pragma once
// Building one block (LEZ spec §7 "Block building", §9): pop transactions FIFO, validate each
// against the state including earlier transactions of the same block, defer one that would
// exceed the block size, stop after the per-block limit, leave failed ones out (reported with
// their Rejection), append the clock tick last, hash and sign. Pure: the caller persists the
// block, applies `diff` and records the outcomes atomically.

#include <optional>
#include <vector>

#include "lez/chain/executor.h"
#include "lez/core/block.h"
#include "lez/core/schnorr.h"

namespace lez::chain {

struct PendingTransaction {
  core::Hash32 hash;
  core::PublicTransaction tx;
  std::size_t encodedSize = 0;  // Borsh size of the LeeTransaction
};

struct BlockLimits {
  std::size_t maxBlockBytes = 1024 * 1024;  // max_block_size (default 1 MiB)
  std::size_t maxUserTransactions = 20;     // max_num_tx_in_block
};

struct TransactionOutcome {
  enum class Kind { Included, Rejected, Deferred };
  core::Hash32 hash;
  Kind kind = Kind::Included;
  Rejection rejection;  // for Rejected
};

struct ProducedBlock {
  core::Block block;
  StateDiff diff;  // every change of the block, clock included
  std::vector<TransactionOutcome> outcomes;  // one per transaction considered, in order
};

struct BlockInputs {
  std::uint64_t blockId = 1;
  core::Hash32 prevBlockHash{};
  std::uint64_t timestampMs = 0;
  ProgramId clockProgram;
  std::set<AccountId> systemAccounts;
  BlockLimits limits;
};

// `candidates` in FIFO order; transactions after the block is full are not looked at (they
// get no outcome). The sequencer key signs the block hash with `aux` randomness.
ProducedBlock produceBlock(const BlockInputs& inputs, const std::vector<PendingTransaction>& candidates,
                           const StateReader& state, const ProgramRegistry& programs, const core::SecretKey& sequencerKey,
                           const core::AuxRand& aux);

}  // namespace lez::chain
