#pragma once
// The one path of every payment-streams write (payment-streams.md §8, §9 "no false positives"):
// submit the instruction through wallet_module, wait for its inclusion, read the state back and
// confirm the effect. Operations only say what to submit and how to read back.
//
// Answers: {"status":"ok","success":true,"tx_hash","tx_status":"included","block_id","wallet":{..},
// ...operation facts}. With wait=false: the submission answer (tx_status "pending"), no read-back.
// A transaction the sequencer rejected answers {"status":"error","code":"TX_REJECTED",
// "guest_code":6011,"guest_name":"AllocationExceedsUnallocated","reason":{..},"tx_hash","message"};
// a write that was included but whose effect did not read back answers STATE_NOT_CONFIRMED.

#include <functional>

#include "lez/streams/instruction.h"
#include "lez/streams/instruction_accounts.h"
#include "module_services.h"

namespace payment_streams {

struct WritePlan {
  lez::streams::InstructionAccounts accounts;
  lez::streams::Instruction instruction;
  // After inclusion: reads the state and answers the operation's facts (merged into the answer
  // with the transaction's), or an error whose message says what did not read back.
  std::function<void(const Json& tx, Then<Json> facts)> readBack;
};

// Submits, waits (when `wait`), reads back; answers once through `done`.
void runWrite(ModuleServices& s, WritePlan plan, bool wait, Answer done);

// Submits one instruction (waiting for inclusion when `wait`); the envelope described above,
// without read-back.
void submitInstruction(ModuleServices& s, const lez::streams::InstructionAccounts& accounts,
                       const lez::streams::Instruction& instruction, bool wait, Answer done);

// Registers a write: adds the `wait` parameter (default true) to `spec`.
void addWrite(ModuleServices& s, logos::OperationSpec spec, OperationHandler handler);

}  // namespace payment_streams
