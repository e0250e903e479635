#include "lez/chain/native_programs.h"

#include "lez/core/clock_data.h"

namespace lez::chain {
namespace {

using core::U128;

class AuthenticatedTransfer final : public NativeProgram {
 public:
  explicit AuthenticatedTransfer(ProgramId id) : id_(id) {}
  ProgramId id() const override { return id_; }
  std::string name() const override { return "authenticated_transfer"; }

  ProgramResult execute(const ProgramContext&, const std::vector<AccountWithMetadata>& pre,
                        const std::vector<std::uint32_t>& words) const override {
    auto instruction = core::decodeAtInstruction(words);
    if (!instruction.ok()) return guestFailure("InvalidInstruction", instruction.error().message);
    if (const auto* transfer = std::get_if<core::AtTransfer>(&instruction.value())) {
      if (pre.size() != 2) return guestFailure("InvalidAccounts", "Transfer takes [sender, recipient]");
      const U128 amount = transfer->amount;
      if (!pre[0].isAuthorized) return guestFailure("SenderNotAuthorized", "the sender did not sign");
      auto debited = pre[0].account.balance.checkedSub(amount);
      if (!debited) {
        return guestFailure("InsufficientBalance", "sender balance " + pre[0].account.balance.toDecimal() + " is below " + amount.toDecimal());
      }
      auto credited = pre[1].account.balance.checkedAdd(amount);
      if (!credited) return guestFailure("ArithmeticOverflow", "recipient balance would overflow");
      ProgramOutput out = unchangedOutput(pre);
      out.postStates[0].account.balance = *debited;
      out.postStates[1].account.balance = *credited;
      if (pre[1].account.programOwner.isDefault()) out.postStates[1].claim = Claim::authorized();
      return out;
    }
    // Initialize
    if (pre.size() != 1) return guestFailure("InvalidAccounts", "Initialize takes [account]");
    if (!pre[0].account.isDefault()) return guestFailure("AccountAlreadyInitialized", "the account is not Account::default()");
    ProgramOutput out = unchangedOutput(pre);
    out.postStates[0].claim = Claim::authorized();
    return out;
  }

 private:
  ProgramId id_;
};

class ClockProgram final : public NativeProgram {
 public:
  explicit ClockProgram(ProgramId id) : id_(id) {}
  ProgramId id() const override { return id_; }
  std::string name() const override { return "clock"; }
  bool sequencerOnly() const override { return true; }

  ProgramResult execute(const ProgramContext&, const std::vector<AccountWithMetadata>& pre,
                        const std::vector<std::uint32_t>& words) const override {
    if (words.size() != 2) return guestFailure("InvalidInstruction", "the clock takes a u64 timestamp");
    if (pre.size() != 3 || pre[0].accountId != core::kClock01 || pre[1].accountId != core::kClock10 ||
        pre[2].accountId != core::kClock50) {
      return guestFailure("InvalidAccounts", "the clock takes [CLOCK_01, CLOCK_10, CLOCK_50]");
    }
    const std::uint64_t t = (static_cast<std::uint64_t>(words[1]) << 32) | words[0];
    auto current = core::decodeClockAccountData(pre[0].account.data);
    if (!current.ok()) return guestFailure("InvalidClockAccount", "CLOCK_01 data: " + current.error().message);
    const std::uint64_t blockId = current->blockId + 1;
    ProgramOutput out = unchangedOutput(pre);
    const std::uint64_t divisors[3] = {1, 10, 50};
    for (std::size_t i = 0; i < 3; ++i) {
      if (blockId % divisors[i] == 0) out.postStates[i].account.data = core::encode(core::ClockAccountData{blockId, t});
    }
    return out;
  }

 private:
  ProgramId id_;
};

}  // namespace

std::shared_ptr<const NativeProgram> makeAuthenticatedTransfer(ProgramId id) { return std::make_shared<AuthenticatedTransfer>(id); }
std::shared_ptr<const NativeProgram> makeClockProgram(ProgramId id) { return std::make_shared<ClockProgram>(id); }

core::PublicTransaction clockTickTransaction(const ProgramId& clockProgram, std::uint64_t timestampMs) {
  core::PublicTransaction tx;
  tx.message.programId = clockProgram;
  tx.message.accountIds = {core::kClock01, core::kClock10, core::kClock50};
  tx.message.instructionData = core::clockTickInstruction(timestampMs);
  return tx;
}

}  // namespace lez::chain
