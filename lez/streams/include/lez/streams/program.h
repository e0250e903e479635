#pragma once
// PaymentStreamsProgram: the lez-payment-streams v0.1 program as a native program of lez::chain
// (payment-streams.md §1-§6). Pure: a function of its input accounts and instruction words;
// the executor (lez/chain/executor.h) holds it to every LEZ rule like a guest program.
//
// Per call (§4, §6):
//   1. Decode the instruction words (instruction.h); failure -> InvalidInstruction.
//   2. Framework checks, account by account in list order: count (AccountCountMismatch), signer
//      (MissingSignature), init account is Account::default() (AccountNotDefault), CFG/HLD/STR id
//      equals its PDA (PdaMismatch). CFG seeds use the owner account and vault_id; HLD seeds the
//      CFG id and the native token id (InitializeVault: its token_id argument); STR seeds the CFG
//      id and stream_id.
//   3. The handler of §6, loading context in the order of §6 ("Stream instructions load context
//      in this order"), then the instruction's own checks in the reference order.
// Framework failures are GuestFailure{code 0, name, message}; domain failures carry 6001..6028
// and the reference name (error_codes.h). 6026 is never emitted.
//
// Effects:
//   InitializeVault  CFG := {1, owner, vault_id, 0, 0, tier, token_id}, HLD := {1}; both claimed
//                    Claim::pda(combined seed) (pdas.h).
//   Deposit          no account changes; exactly one chained call: AT Transfer{amount} over
//                    [owner (authorized), HLD], no pda_seeds. The instruction's
//                    authenticated_transfer_program_id must equal the pinned AT id
//                    (AuthenticatedTransferProgramMismatch otherwise).
//   Withdraw(ToOwner) HLD -= amount, destination += amount; a destination that is exactly
//                    Account::default() is claimed Authorized (it must then sign).
//   CreateStream     STR := {1, id, provider, rate, allocation, 0, Active, now} claimed
//                    Claim::pda; CFG next_stream_id += 1, total_allocated += allocation.
//   Pause/Resume/TopUp/Close*  fold to now, then as §6.
//   Claim            HLD -= payout, provider += payout (the provider is not claimed: a
//                    default-owned provider makes the executor reject the transaction).
// `now` = foldSeconds(timestamp) of the clock account, which must be CLOCK_01/10/50 (6025).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lez/chain/program.h"
#include "lez/core/authenticated_transfer.h"
#include "lez/streams/pdas.h"

namespace lez::streams {

// getProgramIds key of the program.
inline constexpr std::string_view kPaymentStreamsProgramName = "payment_streams";

class PaymentStreamsProgram final : public chain::NativeProgram {
 public:
  // `self`: this program's id (every PDA depends on it). `authenticatedTransfer`: the AT program
  // Deposit chains to; a Deposit naming any other id is refused.
  explicit PaymentStreamsProgram(ProgramId self = kPaymentStreamsTestnetProgramId,
                                 ProgramId authenticatedTransfer = core::kAuthenticatedTransferProgramId);

  ProgramId id() const override { return self_; }
  std::string name() const override { return std::string(kPaymentStreamsProgramName); }
  const ProgramId& authenticatedTransferProgram() const { return authenticatedTransfer_; }

  chain::ProgramResult execute(const chain::ProgramContext& context, const std::vector<chain::AccountWithMetadata>& preStates,
                               const std::vector<std::uint32_t>& instruction) const override;

 private:
  ProgramId self_;
  ProgramId authenticatedTransfer_;
};

// Convenience for ProgramRegistry::add.
std::shared_ptr<const chain::NativeProgram> makePaymentStreamsProgram(
    ProgramId self = kPaymentStreamsTestnetProgramId, ProgramId authenticatedTransfer = core::kAuthenticatedTransferProgramId);

}  // namespace lez::streams
