#pragma once
// The error codes payment_streams_module answers with, besides the SDK's (INVALID_ARGS,
// METHOD_FAILED ...), the wallet's (TX_REJECTED, WALLET_NOT_OPEN ...) passed through, and the
// user-side eligibility codes of lez/stream_eligibility (payment-streams.md §7). error_table.h says
// what each means and what to do.

namespace payment_streams {

// Caller faults.
inline constexpr const char* kInvalidArgs = "INVALID_ARGS";
inline constexpr const char* kInvalidAccountId = "INVALID_ACCOUNT_ID";
inline constexpr const char* kArgsMismatch = "args_mismatch";
// Chain reads.
inline constexpr const char* kChainReadFailed = "CHAIN_READ_FAILED";
inline constexpr const char* kInvalidAccountData = "INVALID_ACCOUNT_DATA";
inline constexpr const char* kVaultNotFound = "VAULT_NOT_FOUND";
inline constexpr const char* kStreamNotFound = "STREAM_NOT_FOUND";
// Writes.
inline constexpr const char* kStateNotConfirmed = "STATE_NOT_CONFIRMED";
inline constexpr const char* kWalletFailed = "WALLET_FAILED";
inline constexpr const char* kProviderNotInitialized = "PROVIDER_NOT_INITIALIZED";
inline constexpr const char* kWithdrawDestinationUninitialized = "WITHDRAW_DESTINATION_UNINITIALIZED";
inline constexpr const char* kWithdrawPrestateUnavailable = "withdraw_prestate_unavailable";
inline constexpr const char* kWithdrawOwnerMismatch = "withdraw_owner_mismatch";
inline constexpr const char* kCreateProviderEqualsOwner = "create_provider_equals_owner";
inline constexpr const char* kClosePrestateUnavailable = "close_prestate_unavailable";
inline constexpr const char* kCloseOwnerMismatch = "close_owner_mismatch";
inline constexpr const char* kCloseProviderMismatch = "close_provider_mismatch";
// Eligibility and local state.
inline constexpr const char* kNoPendingProposal = "NO_PENDING_PROPOSAL";
inline constexpr const char* kStateWriteFailed = "STATE_WRITE_FAILED";
inline constexpr const char* kReplayStoreFailed = "REPLAY_STORE_FAILED";

}  // namespace payment_streams
