#include "error_table.h"

#include "error_codes.h"

namespace payment_streams {
namespace {

constexpr ErrorEntry kErrors[] = {
    // Caller faults.
    {kInvalidArgs, "a parameter is missing, has the wrong type or is out of range; the message names it",
     "correct the parameter (module-info lists every operation's parameters)"},
    {kInvalidAccountId, "an account parameter is neither 64 hex digits nor a base58 account id", "give the account in base58 or hex"},
    {kArgsMismatch, "an amount was given both as a decimal string and as _lo/_hi halves, and they disagree",
     "give one form, or make both equal"},
    // Chain reads.
    {kChainReadFailed, "wallet_module or the sequencer could not be read", "check that the wallet is open and the sequencer reachable, then retry"},
    {kInvalidAccountData, "an account at a payment-streams address or a clock does not decode",
     "check the program id and clock account (configure)"},
    {kVaultNotFound, "no vault exists for this owner and vault id", "create it with initializeVault, or correct owner and vault_id"},
    {kStreamNotFound, "no stream exists with this id in the vault", "correct stream_id (rediscoverStreams lists the vault's streams)"},
    // Writes.
    {kStateNotConfirmed, "the transaction was included but its effect did not read back",
     "read the state (getVaultStatus, getStreamStatus) before retrying: the write may have had another effect"},
    {kWalletFailed, "wallet_module did not submit the transaction and gave no code", "see the message and the wallet answer attached"},
    {kProviderNotInitialized, "the provider account is not owned by authenticated_transfer, so a claim could not credit it",
     "register the provider account (wallet register_public_account) first"},
    {kWithdrawDestinationUninitialized, "withdraw_to is a fresh account this wallet cannot initialize",
     "register the destination (wallet register_public_account), or withdraw to the owner"},
    {kWithdrawPrestateUnavailable, "the vault could not be read before a withdrawal", "check owner and vault_id; retry when the chain is reachable"},
    {kWithdrawOwnerMismatch, "the vault belongs to another owner", "sign with the vault's owner"},
    {kCreateProviderEqualsOwner, "the provider is the vault owner (program error 6027)", "stream to another account"},
    {kClosePrestateUnavailable, "the vault or the stream could not be read before closing", "check the ids; retry when the chain is reachable"},
    {kCloseOwnerMismatch, "the vault belongs to another owner", "close with the vault's owner, or as its provider"},
    {kCloseProviderMismatch, "the stream pays another provider than the one given", "give the stream's provider, or close as the owner"},
    {"TX_REJECTED", "the sequencer rejected the transaction; guest_code and guest_name give the program's reason",
     "fix what the reason names (for example AllocationExceedsUnallocated: deposit or allocate less)"},
    {"TX_TIMEOUT", "the transaction was not included within tx_timeout_ms", "querySequencerTransaction with its tx_hash tells whether it landed"},
    // Eligibility (payment-streams.md §7), provider side.
    {"PARAMS_REJECTED", "the proposal's terms are outside this provider's policy (policy_reject_reason says which)",
     "propose terms the provider accepts"},
    {"PROOF_INVALID", "the eligibility proof is malformed, badly signed, replayed, for another session, or presented by another peer than the one its session is bound to", "prepare a fresh proof; from another peer, propose a new session from that peer"},
    {"STREAM_NOT_ACTIVE", "the stream of the proof is paused, closed, depleted or pays another provider", "resume or top up the stream, or open a new one"},
    // A proposal naming an existing stream (options.existing_stream_id), provider side.
    {"EXISTING_STREAM_NOT_FOUND", "the proposal names a stream that does not exist in its vault", "give the id createStream answered (listMyStreams lists the vault's streams)"},
    {"EXISTING_STREAM_PROVIDER_MISMATCH", "the named stream pays another account than this provider", "create a stream to this provider's account, or ask the provider it pays"},
    {"EXISTING_STREAM_NOT_ACTIVE", "the named stream is paused, closed or depleted", "resume or top up the stream (a closed one cannot be used: create another)"},
    {"EXISTING_STREAM_RATE_TOO_LOW", "the named stream's rate is below the provider's minimum rate", "create a stream at the provider's rate (or above)"},
    {"EXISTING_STREAM_ALLOCATION_TOO_LOW", "the named stream's allocation is below the provider's minimum allocation", "top up the stream to the provider's minimum allocation"},
    {"EXISTING_STREAM_ALREADY_BOUND", "the named stream is already bound to a session of another peer", "use it from the peer that registered it, or create another stream"},
    {kStateWriteFailed, "the module could not record its state (session, request id or inventory)", "check the persistence directory's disk and permissions"},
    {kReplayStoreFailed, "the replay record could not be read or written (the file, or the PostgreSQL of replay_store_url, is unreachable)",
     "check replay.sqlite in the persistence directory, or that the PostgreSQL server of replay_store_url is up (the module reconnects by itself)"},
    // Eligibility, user side.
    {"UNKNOWN_PROVIDER", "no provider account is mapped to the peer", "registerProviderMapping for the peer"},
    {"NO_ELIGIBLE_VAULT", "no user terms, or the vault cannot fund the terms", "configureUserTerms and fund the vault"},
    {"PROPOSAL_PENDING", "a proposal to this provider awaits its stream", "createStreamFromAcceptedProposal, or markProposalRejected"},
    {"PROPOSAL_EXPIRED", "the proposal's create_stream_deadline has passed", "propose again"},
    {"STREAM_NOT_CONFIRMED", "no stream is confirmed for this provider yet", "createStreamFromAcceptedProposal first"},
    {"STREAM_PAUSED", "the stream is paused", "resumeStream"},
    {"STREAM_CLOSED", "the stream is closed", "propose again for a new stream"},
    {"STREAM_DEPLETED", "the stream has no unaccrued funds left", "topUpStream"},
    {"WALLET_SIGNING_FAILED", "the wallet could not sign for the owner, could not make a session key, or holds no session key for the negotiation",
     "import the owner's key into this wallet; for a missing session key, propose again (markProposalRejected, then a new Store query)"},
    {kNoPendingProposal, "no proposal was prepared for the peer", "make a Store request with this provider first"},
    // Local state and the host.
    {"STATE_CORRUPT", "a state file (payment_streams_state.json or autopilot.json) does not parse or has another schema version; the module refuses to start",
     "restore the file named in the message from a backup, or move it away to start empty"},
    {"CANCELLED", "the module stopped before the operation completed", "retry once the module is loaded again"},
    {"WALLET_NOT_OPEN", "wallet_module has no open keystore", "open the wallet (wallet_module open)"},
    {"TIMEOUT", "wallet_module did not answer in time", "retry; raise wallet_timeout_ms (configure) for a slow sequencer"},
    // wallet_module's codes that a write or ensureWalletOpen passes through unchanged.
    {"NO_KEYSTORE", "wallet_module has no keystore yet", "create one (wallet_module create_new), then open it"},
    {"UNKNOWN_ACCOUNT", "this host's wallet does not hold the key of the account that must sign", "import the signer's key into this wallet"},
    {"CHAIN_UNREACHABLE", "the wallet could not reach the sequencer", "check the sequencer URL (wallet configure) and that it runs"},
    {"CHAIN_ERROR", "the sequencer answered the wallet with an error", "see the message; retry when the sequencer is healthy"},
    {"CHAIN_BAD_ANSWER", "the sequencer's answer to the wallet did not parse", "check that the wallet points at a LEZ sequencer"},
    {"INVALID_PAYLOAD", "the wallet refused the transaction payload the module built", "report it with the message: the module built a bad payload"},
    {"INVALID_TRANSACTION", "the wallet could not build the transaction", "see the message; check the accounts involved"},
};

}  // namespace

std::span<const ErrorEntry> errorTable() { return kErrors; }

std::vector<logos::ErrorSpec> paymentStreamsErrors() {
  std::vector<logos::ErrorSpec> out;
  for (const auto& e : kErrors) out.push_back({e.code, e.meaning, e.action});
  return out;
}

}  // namespace payment_streams
