#pragma once
// Store eligibility (payment-streams.md §7) for both roles, over lez::stream_eligibility:
//
// User side (hook kProviderCapability; every key it signs with is in wallet_module): prepareEligibilityProofWithStreamProposalForStoreQuery
// (with options.existing_stream_id: a proposal that registers a stream created directly),
// prepareEligibilityProofWithStreamProofForStoreQuery, createStreamFromAcceptedProposal (the
// acknowledgment of an accepted proposal: creates the stream with exactly the negotiated terms),
// markProposalRejected, registerProviderMapping, configureUserTerms. Errors carry the §7
// user-side codes.
//
// Provider side (hook kVerifierCapability): verifyEligibilityForStoreQuery with the answer shapes
// of interfaces/logos/eligibility.h, configureProviderPolicy, listProviderSessions. Cost of one
// verification: proposal arm = 3 chain reads (clock, VaultConfig, VaultHolding) + 1 BIP-340
// verification + one state-file write; proof arm = 1 BIP-340 verification per candidate session
// (normally one), then the chain's block height (from the chain watch while fresh, else read:
// chain_head_watch.h) and, unless read already at that height, the StreamConfig and clock
// accounts (block_read_cache.h; configure verify_read_cache=false reads both every time, without
// the height), and its request id in the replay file, committed with the other proofs of the same
// event-loop turn before any of them is answered (replay_batch.h). Forged proofs and replays of
// the session's recent requests (its RAM window) are refused before any chain read; an older
// replay is refused by the record's write, after the check at the cached height.

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "chain_head_watch.h"
#include "eligibility/eligibility_types.h"
#include "lez/stream_eligibility/user_rules.h"
#include "module_services.h"
#include "replay_batch.h"
#include "session_key_migration.h"

namespace payment_streams {

// A hook call's parameters after the camelCase aliases are resolved (eligibility_operations.cpp
// hookParams); a parameter not given is "" (stream_id: null).
struct HookParams {
  std::string canonicalRequestHex;
  std::string providerPeerId;
  std::string proofHex;
  std::string requesterPeerId;
  Json streamId;
};

// The proposal hook's `options.existing_stream_id` (and optional `options.vault_id`): register a
// stream that already exists instead of proposing a new one (docs/protocol.md "Registering an
// existing stream").
struct ExistingStreamOption {
  lez::streams::StreamId streamId = 0;
  std::optional<lez::streams::VaultId> vaultId;
};

// A proposal signed by the vault owner. The session key it names (proposal.public_key) is held by
// wallet_module, which signs this side's stream proofs with it (sign_with_session_key).
struct SignedProposal {
  eligibility::StreamProposal proposal;
};

// Builds the unsigned proposal once the owner's and the fresh session's public keys are known.
using ProposalBuilder = std::function<eligibility::StreamProposal(const eligibility::PublicKey& ownerPublicKey,
                                                                  const eligibility::PublicKey& sessionPublicKey)>;

class EligibilityOperations {
 public:
  explicit EligibilityOperations(ModuleServices& services) : s_(services) {}
  void registerOperations();
  // Hands the session keys of an old install's own file to the wallet (session_key_migration.h);
  // proofs wait for it. STATE_CORRUPT when that file cannot be opened. After the state loaded.
  Status migrateSessionKeys();
  // Stops the chain watch (its timer belongs to the module's thread); before the state goes.
  void shutdown();

 private:
  // Each answers once through `done`, after its chain reads; state is looked up again after a
  // read, since other calls may have changed it meanwhile.
  void verify(const HookParams& params, Answer done);
  void verifyProposal(const eligibility::StreamProposal& proposal, const std::string& requester, Answer done);
  // A proposal naming an existing stream (StreamProposal.existing_stream_id): clock, vault and
  // stream reads, then lez/stream_eligibility/existing_stream_checks.h.
  void verifyExistingStreamProposal(const eligibility::StreamProposal& proposal, const AccountId& owner, const std::string& requester,
                                    Answer done);
  void verifyProof(const eligibility::StreamProof& proof, std::span<const std::uint8_t> n8, const std::string& requestId,
                   const std::string& requester, Answer done);
  void prepareProposal(const HookParams& params, Answer done);
  void prepareExistingProposal(const HookParams& params, const ExistingStreamOption& option, Answer done);
  void prepareProof(const HookParams& params, Answer done);
  // Asks the wallet for the owner's public key and a new session key (create_session_key), builds
  // the proposal and has the owner sign it; the session key is forgotten again when that fails.
  void signProposal(const AccountId& owner, ProposalBuilder build, std::function<void(Result<SignedProposal>)> then);
  // Replaces the negotiation with `n.providerPeerId` (session key and terms from the proposal)
  // and persists it; the wallet forgets the replaced negotiation's session key.
  Status recordNegotiation(lez::stream_eligibility::Negotiation n, const SignedProposal& signedProposal);
  Json proposalAnswer(const eligibility::StreamProposal& proposal, std::uint64_t streamId, const AccountId& provider,
                      const std::vector<std::uint8_t>& request) const;
  void createFromAccepted(const std::string& peer, Answer done);

  // Has the wallet drop a session key no negotiation names any more; a failure is only logged
  // (the key can no longer be used by this module either way).
  void forgetSessionKey(const eligibility::PublicKey& publicKey);

  ChainHeadWatch& headWatch();
  ReplayBatch& replayBatch();

  ModuleServices& s_;
  SessionKeyMigration migration_;
  // The block height proof checks use without a read of their own (made on first use).
  std::unique_ptr<ChainHeadWatch> head_;
  // Group commit of the served request ids (made on first use).
  std::unique_ptr<ReplayBatch> replay_;
  // StreamConfig and clock accounts of proof checks, reused within one block height.
  std::shared_ptr<AccountCache> proofReads_ = std::make_shared<AccountCache>();
};

}  // namespace payment_streams
