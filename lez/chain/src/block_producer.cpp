#include "lez/chain/block_producer.h"

#include "lez/chain/native_programs.h"
#include "lez/core/block_codec.h"
#include "lez/core/hashing.h"
#include "lez/core/transaction_codec.h"

namespace lez::chain {

ProducedBlock produceBlock(const BlockInputs& in, const std::vector<PendingTransaction>& candidates, const StateReader& state,
                           const ProgramRegistry& programs, const core::SecretKey& sequencerKey, const core::AuxRand& aux) {
  ProducedBlock out;
  ExecutionContext context{in.blockId, in.timestampMs, in.systemAccounts};
  const core::PublicTransaction tick = clockTickTransaction(in.clockProgram, in.timestampMs);
  const core::LeeTransaction tickLee{tick};
  // Header, body count, clock transaction and status byte are always there.
  std::size_t size = core::encode(core::Block{}).size() + core::encode(tickLee).size();
  std::size_t included = 0;
  for (const auto& candidate : candidates) {
    if (included >= in.limits.maxUserTransactions) break;
    if (size + candidate.encodedSize > in.limits.maxBlockBytes) {
      out.outcomes.push_back({candidate.hash, TransactionOutcome::Kind::Deferred, {}});
      continue;
    }
    OverlayState view(state, out.diff);
    ExecutionResult r = executeUserTransaction(candidate.tx, view, programs, context);
    if (auto* rejection = std::get_if<Rejection>(&r)) {
      out.outcomes.push_back({candidate.hash, TransactionOutcome::Kind::Rejected, *rejection});
      continue;
    }
    out.diff.merge(std::get<StateDiff>(r));
    out.block.body.transactions.push_back(core::LeeTransaction{candidate.tx});
    out.outcomes.push_back({candidate.hash, TransactionOutcome::Kind::Included, {}});
    size += candidate.encodedSize;
    ++included;
  }
  // The clock tick is last. It cannot fail on a well-formed chain; if it does (corrupt clock
  // accounts) the block carries no tick and the caller sees it in the outcome list.
  OverlayState view(state, out.diff);
  ExecutionResult tickResult = executeSystemTransaction(tick, view, programs, context);
  if (auto* d = std::get_if<StateDiff>(&tickResult)) {
    out.diff.merge(*d);
    out.block.body.transactions.push_back(tickLee);
  } else {
    out.outcomes.push_back({core::transactionHash(tick), TransactionOutcome::Kind::Rejected, std::get<Rejection>(tickResult)});
  }
  out.block.header.blockId = in.blockId;
  out.block.header.prevBlockHash = in.prevBlockHash;
  out.block.header.timestamp = in.timestampMs;
  out.block.header.hash = core::blockHash(core::hashableData(out.block));
  out.block.header.signature = core::sign(sequencerKey, out.block.header.hash, aux);
  out.block.bedrockStatus = core::BedrockStatus::Pending;
  return out;
}

}  // namespace lez::chain
