#include "lez/chain/rejection.h"

namespace lez::chain {

std::string_view toString(RejectCode c) {
  switch (c) {
    case RejectCode::TransactionTooLarge: return "TRANSACTION_TOO_LARGE";
    case RejectCode::UndecodableTransaction: return "UNDECODABLE_TRANSACTION";
    case RejectCode::UnsupportedTransaction: return "UNSUPPORTED_TRANSACTION";
    case RejectCode::InvalidSignature: return "INVALID_SIGNATURE";
    case RejectCode::SequencerOnlyProgram: return "SEQUENCER_ONLY_PROGRAM";
    case RejectCode::MempoolFull: return "MEMPOOL_FULL";
    case RejectCode::NonceCountMismatch: return "NONCE_COUNT_MISMATCH";
    case RejectCode::NonceMismatch: return "NONCE_MISMATCH";
    case RejectCode::EmptyAccountIds: return "EMPTY_ACCOUNT_IDS";
    case RejectCode::DuplicateAccountIds: return "DUPLICATE_ACCOUNT_IDS";
    case RejectCode::UnknownProgram: return "UNKNOWN_PROGRAM";
    case RejectCode::TooManyChainedCalls: return "TOO_MANY_CHAINED_CALLS";
    case RejectCode::PreStateMismatch: return "PRE_STATE_MISMATCH";
    case RejectCode::AuthorizationMismatch: return "AUTHORIZATION_MISMATCH";
    case RejectCode::DuplicatePreState: return "DUPLICATE_PRE_STATE";
    case RejectCode::StateCountMismatch: return "STATE_COUNT_MISMATCH";
    case RejectCode::NonceChanged: return "NONCE_CHANGED";
    case RejectCode::OwnerChanged: return "OWNER_CHANGED";
    case RejectCode::UnauthorizedDebit: return "UNAUTHORIZED_DEBIT";
    case RejectCode::DataChangeNotAllowed: return "DATA_CHANGE_NOT_ALLOWED";
    case RejectCode::NonDefaultAccountWithDefaultOwner: return "NON_DEFAULT_ACCOUNT_WITH_DEFAULT_OWNER";
    case RejectCode::BalanceNotConserved: return "BALANCE_NOT_CONSERVED";
    case RejectCode::ClaimedNonDefaultAccount: return "CLAIMED_NON_DEFAULT_ACCOUNT";
    case RejectCode::ClaimNotAuthorized: return "CLAIM_NOT_AUTHORIZED";
    case RejectCode::ClaimPdaMismatch: return "CLAIM_PDA_MISMATCH";
    case RejectCode::DefaultAccountModifiedWithoutClaim: return "DEFAULT_ACCOUNT_MODIFIED_WITHOUT_CLAIM";
    case RejectCode::DeclaredAccountMissingFromOutput: return "DECLARED_ACCOUNT_MISSING_FROM_OUTPUT";
    case RejectCode::SystemAccountModified: return "SYSTEM_ACCOUNT_MODIFIED";
    case RejectCode::ArithmeticOverflow: return "ARITHMETIC_OVERFLOW";
    case RejectCode::ProgramFailed: return "PROGRAM_FAILED";
  }
  return "PROGRAM_FAILED";
}

}  // namespace lez::chain
