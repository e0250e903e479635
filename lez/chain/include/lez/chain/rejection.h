#pragma once
// Why a transaction was not executed: a stable code (never renamed; getTransactionStatus
// reports it), a sentence, and for program failures the program's own error code and name.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lez::chain {

enum class RejectCode {
  // submission (stateless)
  TransactionTooLarge,
  UndecodableTransaction,
  UnsupportedTransaction,
  InvalidSignature,
  SequencerOnlyProgram,
  MempoolFull,
  // validation (LEZ spec §7 per public transaction)
  NonceCountMismatch,
  NonceMismatch,
  EmptyAccountIds,
  DuplicateAccountIds,
  UnknownProgram,
  TooManyChainedCalls,
  PreStateMismatch,
  AuthorizationMismatch,
  DuplicatePreState,         // rule 1
  StateCountMismatch,        // rule 2
  NonceChanged,              // rule 3
  OwnerChanged,              // rule 4
  UnauthorizedDebit,         // rule 5
  DataChangeNotAllowed,      // rule 6
  NonDefaultAccountWithDefaultOwner,  // rule 7
  BalanceNotConserved,       // rule 8
  ClaimedNonDefaultAccount,
  ClaimNotAuthorized,
  ClaimPdaMismatch,
  DefaultAccountModifiedWithoutClaim,
  DeclaredAccountMissingFromOutput,
  SystemAccountModified,
  ArithmeticOverflow,
  ProgramFailed,             // the program refused: see guestCode / guestName
};

std::string_view toString(RejectCode code);

struct Rejection {
  RejectCode code = RejectCode::ProgramFailed;
  std::string message;
  std::optional<std::uint32_t> guestCode;  // program error number, when it has one
  std::string guestName;                   // program error name, for ProgramFailed
};

}  // namespace lez::chain
