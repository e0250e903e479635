#pragma once
// Persistent state of payment_streams_module, in its persistence directory:
//
//   payment_streams_state.json  schema_version 2: config, provider_policy, user_terms,
//                               peer_mappings, negotiations, inventory, provider_acceptances
//                               (sessions without their replay memory, each with the requester
//                               peer id it is bound to, null while unpinned), recency_clock.
//                               Version 1 (before the binding) is read and its sessions are
//                               unpinned; the next save writes version 2.
//                               Rewritten whole with writeFileAtomic (0600) on every change of
//                               low-rate state (configuration, proposals, acceptances, bindings).
//   replay.sqlite               the provider's replay memory (replay_store.h): one row per
//                               served request id for the session's life, recorded before a
//                               proof is answered OK; a session's rows go when it is forgotten.
//                               With config.replay_store_url it lives there instead (PostgreSQL
//                               shared by a fleet: rows are then kept when this instance evicts a
//                               session, since another instance may still serve it).
//
// No secret key: the user side's session keys live in wallet_module (create_session_key,
// sign_with_session_key); an install that still has session_keys.sealed hands its keys to the
// wallet once (session_key_migration.h).
//
// A state file that does not parse or has any other schema_version makes load() fail with
// STATE_CORRUPT naming the file: the module refuses to start rather than forget sessions.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lez/core/authenticated_transfer.h"
#include "lez/core/clock_data.h"
#include "lez/core/program_id.h"
#include "lez/stream_eligibility/session_book.h"
#include "lez/stream_eligibility/user_rules.h"
#include "lez/streams/pdas.h"
#include "module_types.h"
#include "replay_store.h"

namespace payment_streams {

using lez::stream_eligibility::Negotiation;
using lez::stream_eligibility::ProviderPolicy;
using lez::stream_eligibility::SessionBook;
using lez::stream_eligibility::UserTerms;
using lezpay::util::Status;

inline constexpr int kStateSchemaVersion = 2;
inline constexpr int kStateSchemaVersionUnbound = 1;  // read and migrated (sessions without a peer binding)
inline constexpr const char* kStateFile = "payment_streams_state.json";

struct ModuleConfig {
  lez::core::ProgramId program = lez::streams::kPaymentStreamsTestnetProgramId;
  AccountId clock = lez::core::kClock01;
  lez::core::ProgramId atProgram = lez::core::kAuthenticatedTransferProgramId;
  int walletTimeoutMs = 15000;  // one chain read through the wallet
  int txTimeoutMs = 30000;      // waiting for a write's inclusion
  // Proof checks reuse the stream and clock read at the chain's current block height.
  bool verifyReadCache = true;
  // Where the replay memory lives: "" = replay.sqlite in the persistence directory, or a
  // sqlite:/postgresql:// URL (a PostgreSQL shared by several provider instances). Kept whole in
  // the state file (0600), answered with its password redacted.
  std::string replayStoreUrl;
  // With the read cache: a proof check uses the block height a watch read at most this long ago
  // instead of reading it itself (chain_head_watch.h); 0 = one height read per check.
  int chainViewMaxAgeMs = 25;
};

struct InventoryEntry {
  AccountId owner;
  lez::streams::VaultId vaultId = 0;
  lez::streams::StreamId streamId = 0;
  AccountId provider;
  std::string providerPeerId;  // empty when not negotiated through a peer
  std::string txHash;          // empty when rediscovered
  std::string origin;          // "created" | "negotiated" | "registered" (an existing stream) | "rediscovered"
};

class ModuleState {
 public:
  explicit ModuleState(std::string dir) : dir_(std::move(dir)), replay_(defaultReplayLocation()) {}

  Status load();
  Status save() const;
  // Records a served request id of `session` durably, for the session's life: true if it was
  // new, false if it had been served already (a replay).
  lezpay::util::Result<bool> recordServed(const lez::stream_eligibility::ProviderSession& session, const std::string& requestId);
  // The same for several (session key, request id) pairs in one transaction (replay_batch.h).
  lezpay::util::Result<std::vector<bool>> recordServedAll(const std::vector<std::pair<eligibility::PublicKey, std::string>>& ids) {
    return replay_.recordAll(ids);
  }
  // True if `requestId` was ever served in `session` (the durable record, not the RAM window).
  lezpay::util::Result<bool> wasServed(const lez::stream_eligibility::ProviderSession& session, const std::string& requestId) const;
  lezpay::util::Result<std::uint64_t> servedCount(const eligibility::PublicKey& sessionKey) const { return replay_.count(sessionKey); }
  void dropReplay(const eligibility::PublicKey& sessionKey);
  // Moves the replay memory to `url` ("" = the default file); the old store stays in use when
  // the new one cannot be opened (REPLAY_STORE_FAILED).
  Status useReplayStore(const std::string& url);
  // The replay memory's location, password redacted.
  const std::string& replayStoreDisplay() const { return replay_.display(); }

  const std::string& dir() const { return dir_; }

  ModuleConfig config;
  std::optional<ProviderPolicy> policy;
  std::optional<UserTerms> terms;
  std::map<std::string, AccountId> peerMappings;     // provider peer id -> provider account
  std::map<std::string, Negotiation> negotiations;   // provider peer id -> negotiation
  std::vector<InventoryEntry> inventory;
  SessionBook sessions;
  lez::stream_eligibility::ProposalAttempts attempts;  // in memory only

  // Adds or refreshes an inventory entry (same owner, vault, stream).
  void remember(const InventoryEntry& entry);

 private:
  std::string defaultReplayLocation() const { return dir_ + "/replay.sqlite"; }

  std::string dir_;
  ReplayStore replay_;
};

Json toJson(const ProviderPolicy& p);
Json toJson(const UserTerms& t);
Json toJson(const Negotiation& n);
Json toJson(const InventoryEntry& e);
Json toJson(const ModuleConfig& c);

}  // namespace payment_streams
