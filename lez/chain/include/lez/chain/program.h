#pragma once
// The native-program seam of the chain state machine (LEZ spec §7). A program is a pure
// function of its input accounts and instruction words: it returns post-states (with optional
// claims) and chained calls, or a guest failure. The executor (executor.h) enforces every
// sequencer rule around it, so a native program is held to the same rules as a guest program.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lez/core/account.h"
#include "lez/core/account_id.h"
#include "lez/core/pda.h"
#include "lez/core/program_id.h"

namespace lez::chain {

using core::Account;
using core::AccountId;
using core::PdaSeed;
using core::ProgramId;

// A program's view of one input account (reference AccountWithMetadata).
struct AccountWithMetadata {
  Account account;
  bool isAuthorized = false;
  AccountId accountId;

  friend bool operator==(const AccountWithMetadata&, const AccountWithMetadata&) = default;
};

// Ownership claim on a default-owned post-state (LEZ spec §7 "Claims").
struct Claim {
  enum class Kind { Authorized, Pda } kind = Kind::Authorized;
  PdaSeed seed{};  // for Pda

  static Claim authorized() { return {Kind::Authorized, {}}; }
  static Claim pda(const PdaSeed& s) { return {Kind::Pda, s}; }
};

struct PostState {
  Account account;
  std::optional<Claim> claim;
};

// A call the program asks the executor to make after it (depth-first, in order).
struct ChainedCall {
  ProgramId programId;
  std::vector<AccountWithMetadata> preStates;
  std::vector<std::uint32_t> instruction;
  std::vector<PdaSeed> pdaSeeds;  // accounts the caller authorises as its PDAs
};

struct ProgramOutput {
  std::vector<AccountWithMetadata> preStates;  // echo of the inputs
  std::vector<PostState> postStates;           // same length and order
  std::vector<ChainedCall> chainedCalls;
};

// A program refused the instruction. `code` is the program's stable error number (payment
// streams: 6001..6028) or 0 for framework failures that carry no code; `name` is its stable name.
struct GuestFailure {
  std::uint32_t code = 0;
  std::string name;
  std::string message;
};

using ProgramResult = std::variant<ProgramOutput, GuestFailure>;

// What a program may know about where it runs.
struct ProgramContext {
  ProgramId self;
  std::optional<ProgramId> caller;
  std::uint64_t blockId = 0;
  std::uint64_t timestampMs = 0;
};

class NativeProgram {
 public:
  virtual ~NativeProgram() = default;
  virtual ProgramId id() const = 0;
  virtual std::string name() const = 0;  // getProgramIds key
  // Only the sequencer may call it (the clock); user transactions naming it are refused.
  virtual bool sequencerOnly() const { return false; }
  virtual ProgramResult execute(const ProgramContext& context, const std::vector<AccountWithMetadata>& preStates,
                                const std::vector<std::uint32_t>& instruction) const = 0;
};

// Deployed programs by id.
class ProgramRegistry {
 public:
  void add(std::shared_ptr<const NativeProgram> program) { programs_[program->id()] = std::move(program); }
  const NativeProgram* find(const ProgramId& id) const {
    auto it = programs_.find(id);
    return it == programs_.end() ? nullptr : it->second.get();
  }
  const std::map<ProgramId, std::shared_ptr<const NativeProgram>>& all() const { return programs_; }

 private:
  std::map<ProgramId, std::shared_ptr<const NativeProgram>> programs_;
};

// Helpers for programs.
inline ProgramOutput unchangedOutput(const std::vector<AccountWithMetadata>& preStates) {
  ProgramOutput out;
  out.preStates = preStates;
  for (const auto& p : preStates) out.postStates.push_back({p.account, std::nullopt});
  return out;
}
inline GuestFailure guestFailure(std::string name, std::string message, std::uint32_t code = 0) {
  return GuestFailure{code, std::move(name), std::move(message)};
}

}  // namespace lez::chain
