#pragma once
// The payment-streams chainAction operations of payment-streams.md §8: vault and stream writes
// (each one transaction through wallet_module, waited to inclusion, then the state change read
// back and checked: §9 "no false positives"), decoded reads, the off-chain fold to the current
// clock, the local stream inventory and configuration.
//
// Write answers: {"status":"ok","success":true,"tx_hash","tx_status":"included","block_id",
// "wallet":{..}, ...operation facts}. A transaction the sequencer rejected answers
// {"status":"error","code":"TX_REJECTED","guest_code":6011,"guest_name":"AllocationExceedsUnallocated",
// "reason":{..},"tx_hash","message"}; a write that was included but whose effect could not be
// confirmed answers STATE_NOT_CONFIRMED.

#include "lez/streams/instruction.h"
#include "module_services.h"

namespace payment_streams {

class ChainOperations {
 public:
  explicit ChainOperations(ModuleServices& services) : s_(services) {}

  void registerOperations();

  // Submits one instruction and waits for inclusion; the answer as described above (without the
  // read-back check, which each operation does).
  Json submit(const lez::streams::InstructionAccounts& accounts, const lez::streams::Instruction& instruction);
  // CreateStream with read-back; used by createStream and by the eligibility handshake.
  Json createStream(const AccountId& owner, lez::streams::VaultId vaultId, std::optional<lez::streams::StreamId> streamId,
                    const AccountId& provider, std::uint64_t rate, const U128& allocation);
  // The folded status of one stream at the configured clock.
  Json streamStatus(const AccountId& owner, lez::streams::VaultId vaultId, lez::streams::StreamId streamId);

 private:
  const ModuleConfig& cfg() const { return s_.state->config; }
  // Registers a write operation: adds the `wait` parameter and runs the handler with wait_ set
  // from it (reset to true afterwards, so internal callers always wait).
  void addWrite(logos::OperationSpec spec, logos::sdk::Dispatcher::Handler handler);

  ModuleServices& s_;
  bool wait_ = true;  // false: answer at submission (tx_status "pending"), no read-back
};

}  // namespace payment_streams
