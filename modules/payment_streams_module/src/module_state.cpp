#include "module_state.h"

#include <set>

#include <sys/stat.h>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/sqlstore/database_url.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"

namespace payment_streams {
namespace {

using lez::stream_eligibility::NegotiationState;
using lez::stream_eligibility::ProviderSession;
namespace se = lez::stream_eligibility;

Error corrupt(const std::string& file, const std::string& why) { return Error{"STATE_CORRUPT", file + ": " + why}; }

template <std::size_t N>
std::string hexOf(const std::array<std::uint8_t, N>& a) { return lezpay::util::toHex(a); }

template <std::size_t N>
std::array<std::uint8_t, N> arrayOf(const Json& j, const char* key) {
  auto v = lezpay::util::fromHexFixed<N>(j.at(key).get<std::string>());
  if (!v.ok()) throw std::runtime_error(std::string(key) + ": " + v.error().message);
  return v.value();
}

AccountId accountOf(const Json& j, const char* key) {
  auto v = AccountId::fromBase58(j.at(key).get<std::string>());
  if (!v.ok()) throw std::runtime_error(std::string(key) + ": " + v.error().message);
  return v.value();
}

Json paramsJson(const eligibility::StreamParams& p) {
  return Json{{"service_id", p.service_id}, {"stream_rate", p.stream_rate}, {"allocation", p.allocation},
              {"create_stream_deadline", p.create_stream_deadline}};
}

eligibility::StreamParams paramsOf(const Json& j) {
  eligibility::StreamParams p;
  p.service_id = j.at("service_id").get<std::string>();
  p.stream_rate = j.at("stream_rate").get<std::uint64_t>();
  p.allocation = j.at("allocation").get<std::uint64_t>();
  p.create_stream_deadline = j.at("create_stream_deadline").get<std::uint64_t>();
  return p;
}

Json sessionJson(const ProviderSession& s) {
  Json j{{"session_public_key", hexOf(s.sessionKey)}, {"stream_params", paramsJson(s.params)}, {"vault_id", s.vaultId},
         {"provider_id", s.providerId.toBase58()}, {"owner_public_key", hexOf(s.ownerPublicKey)}, {"owner", s.owner.toBase58()},
         {"token_id", hexOf(s.tokenId)}, {"accepted_at", s.acceptedAt},
         {"last_used", s.lastUsed}, {"replay_capacity", s.replay.capacity()}};
  j["bound_stream_id"] = s.boundStreamId ? Json(*s.boundStreamId) : Json(nullptr);
  j["requester_peer_id"] = s.requesterPeerId ? Json(*s.requesterPeerId) : Json(nullptr);
  return j;
}

// `schemaVersion` 1 predates the peer binding: its requester_peer_id was a lookup hint (always ""
// then), so such a session is read unpinned and the first peer with a valid proof is pinned.
ProviderSession sessionOf(const Json& j, int schemaVersion) {
  ProviderSession s;
  s.sessionKey = arrayOf<32>(j, "session_public_key");
  s.params = paramsOf(j.at("stream_params"));
  s.vaultId = j.at("vault_id").get<std::uint64_t>();
  s.providerId = accountOf(j, "provider_id");
  s.ownerPublicKey = arrayOf<32>(j, "owner_public_key");
  s.owner = accountOf(j, "owner");
  s.tokenId = arrayOf<32>(j, "token_id");
  if (schemaVersion >= 2 && j.contains("requester_peer_id") && !j["requester_peer_id"].is_null()) {
    s.requesterPeerId = j["requester_peer_id"].get<std::string>();
  }
  s.acceptedAt = j.at("accepted_at").get<std::uint64_t>();
  s.lastUsed = j.value("last_used", std::uint64_t{0});
  s.replay = se::ReplayWindow(j.value("replay_capacity", std::size_t{1024}));
  if (j.contains("bound_stream_id") && !j["bound_stream_id"].is_null()) s.boundStreamId = j["bound_stream_id"].get<std::uint64_t>();
  return s;
}

Negotiation negotiationOf(const std::string& peer, const Json& j) {
  Negotiation n;
  n.providerPeerId = peer;
  n.provider = accountOf(j, "provider");
  n.owner = accountOf(j, "owner");
  n.vaultId = j.at("vault_id").get<std::uint64_t>();
  n.sessionKey = arrayOf<32>(j, "session_public_key");
  n.params = paramsOf(j.at("stream_params"));
  n.state = j.at("state").get<std::string>() == "confirmed" ? NegotiationState::Confirmed : NegotiationState::Pending;
  if (j.contains("stream_id") && !j["stream_id"].is_null()) n.streamId = j["stream_id"].get<std::uint64_t>();
  return n;
}

}  // namespace

Json toJson(const ProviderPolicy& p) {
  Json tokens = Json::array();
  for (const auto& t : p.acceptedTokens) tokens.push_back(hexOf(t));
  return Json{{"provider_account", p.provider.toBase58()}, {"service_id", p.serviceId}, {"min_rate", p.minRate},
              {"min_allocation", p.minAllocation}, {"max_create_stream_deadline_delay", p.maxCreateStreamDeadlineDelay},
              {"accepted_tokens", tokens}, {"replay_window", p.replayWindow}, {"max_sessions", p.maxSessions},
              {"max_proposal_attempts", p.maxProposalAttempts}, {"proposal_attempt_window_seconds", p.proposalAttemptWindow}};
}

Json toJson(const UserTerms& t) {
  return Json{{"owner", t.owner.toBase58()}, {"vault_id", t.vaultId}, {"rate", t.rate}, {"allocation", t.allocation},
              {"deadline_delay_seconds", t.deadlineDelay}, {"service_id", t.serviceId}};
}

Json toJson(const Negotiation& n) {
  Json j{{"provider_peer_id", n.providerPeerId}, {"provider", n.provider.toBase58()}, {"owner", n.owner.toBase58()},
         {"vault_id", n.vaultId}, {"session_public_key", hexOf(n.sessionKey)}, {"stream_params", paramsJson(n.params)},
         {"state", std::string(se::toString(n.state))}};
  j["stream_id"] = n.streamId ? Json(*n.streamId) : Json(nullptr);
  return j;
}

Json toJson(const InventoryEntry& e) {
  return Json{{"owner", e.owner.toBase58()}, {"vault_id", e.vaultId}, {"stream_id", e.streamId},
              {"provider", e.provider.toBase58()}, {"provider_peer_id", e.providerPeerId}, {"tx_hash", e.txHash},
              {"origin", e.origin}};
}

Json toJson(const ModuleConfig& c) {
  return Json{{"program_id", c.program.toHex()}, {"clock_account", c.clock.toBase58()}, {"at_program_id", c.atProgram.toHex()},
              {"wallet_timeout_ms", c.walletTimeoutMs}, {"tx_timeout_ms", c.txTimeoutMs}, {"verify_read_cache", c.verifyReadCache},
              {"replay_store_url", lezpay::sqlstore::redactDatabaseUrl(c.replayStoreUrl)},
              {"chain_view_max_age_ms", c.chainViewMaxAgeMs}};
}

void ModuleState::remember(const InventoryEntry& entry) {
  for (auto& e : inventory) {
    if (e.owner == entry.owner && e.vaultId == entry.vaultId && e.streamId == entry.streamId) {
      if (!entry.providerPeerId.empty()) e.providerPeerId = entry.providerPeerId;
      if (!entry.txHash.empty()) e.txHash = entry.txHash;
      e.provider = entry.provider;
      if (entry.origin != "rediscovered") e.origin = entry.origin;
      return;
    }
  }
  inventory.push_back(entry);
}

Status ModuleState::save() const {
  Json j{{"schema_version", kStateSchemaVersion}, {"config", toJson(config)}};
  j["config"]["replay_store_url"] = config.replayStoreUrl;  // whole: the state file is 0600
  j["provider_policy"] = policy ? toJson(*policy) : Json(nullptr);
  j["user_terms"] = terms ? toJson(*terms) : Json(nullptr);
  j["peer_mappings"] = Json::object();
  for (const auto& [peer, id] : peerMappings) j["peer_mappings"][peer] = id.toBase58();
  j["negotiations"] = Json::object();
  for (const auto& [peer, n] : negotiations) j["negotiations"][peer] = toJson(n);
  j["inventory"] = Json::array();
  for (const auto& e : inventory) j["inventory"].push_back(toJson(e));
  j["provider_acceptances"] = Json::object();
  for (const auto& [key, s] : sessions.sessions()) j["provider_acceptances"][hexOf(key)] = sessionJson(s);
  j["recency_clock"] = sessions.recencyClock();
  return lezpay::fileio::writeFileAtomic(dir_ + "/" + kStateFile, j.dump(1) + "\n", 0600);
}

lezpay::util::Result<bool> ModuleState::recordServed(const ProviderSession& s, const std::string& requestId) {
  return replay_.record(s.sessionKey, requestId);
}

lezpay::util::Result<bool> ModuleState::wasServed(const ProviderSession& s, const std::string& requestId) const {
  return replay_.contains(s.sessionKey, requestId);
}

void ModuleState::dropReplay(const eligibility::PublicKey& key) {
  // A shared store's rows of a session this instance evicts may still guard another instance.
  if (replay_.shared()) return;
  (void)replay_.forget(key);
}

Status ModuleState::useReplayStore(const std::string& url) {
  return replay_.reopen(url.empty() ? defaultReplayLocation() : url);
}

Status ModuleState::load() {
  const std::string path = dir_ + "/" + kStateFile;
  auto text = lezpay::fileio::readFile(path);
  if (!text.ok()) {
    if (text.error().code == "NOT_FOUND") {
      return replay_.open();
    }
    return text.error();
  }
  auto parsed = lezpay::util::parseJson(text.value());
  if (!parsed.ok()) return corrupt(path, parsed.error().message);
  const Json& j = parsed.value();
  if (!j.is_object()) return corrupt(path, "not a JSON object");
  const Json version = j.value("schema_version", Json());
  if (version != Json(kStateSchemaVersion) && version != Json(kStateSchemaVersionUnbound)) {
    return corrupt(path, "schema_version is not " + std::to_string(kStateSchemaVersion) + " (or " +
                             std::to_string(kStateSchemaVersionUnbound) + ", migrated on load)");
  }
  const int schemaVersion = version.get<int>();
  try {
    const Json& c = j.at("config");
    auto program = lez::core::ProgramId::fromHex(c.at("program_id").get<std::string>());
    auto at = lez::core::ProgramId::fromHex(c.at("at_program_id").get<std::string>());
    if (!program.ok() || !at.ok()) return corrupt(path, "config: bad program id");
    config.program = program.value();
    config.atProgram = at.value();
    config.clock = accountOf(c, "clock_account");
    config.walletTimeoutMs = c.at("wallet_timeout_ms").get<int>();
    config.txTimeoutMs = c.at("tx_timeout_ms").get<int>();
    // Absent from state written before the setting existed: the default.
    config.verifyReadCache = c.contains("verify_read_cache") ? c.at("verify_read_cache").get<bool>() : true;
    config.replayStoreUrl = c.value("replay_store_url", std::string());
    if (auto st = useReplayStore(config.replayStoreUrl); !st.ok()) return st;
    config.chainViewMaxAgeMs = c.contains("chain_view_max_age_ms") ? c.at("chain_view_max_age_ms").get<int>() : ModuleConfig{}.chainViewMaxAgeMs;
    if (j.contains("provider_policy") && !j["provider_policy"].is_null()) {
      const Json& p = j["provider_policy"];
      ProviderPolicy pol;
      pol.provider = accountOf(p, "provider_account");
      pol.serviceId = p.at("service_id").get<std::string>();
      pol.minRate = p.at("min_rate").get<std::uint64_t>();
      pol.minAllocation = p.at("min_allocation").get<std::uint64_t>();
      pol.maxCreateStreamDeadlineDelay = p.at("max_create_stream_deadline_delay").get<std::uint64_t>();
      pol.acceptedTokens.clear();
      for (const auto& t : p.at("accepted_tokens")) {
        auto tok = lezpay::util::fromHexFixed<32>(t.get<std::string>());
        if (!tok.ok()) return corrupt(path, "accepted_tokens: " + tok.error().message);
        pol.acceptedTokens.push_back(tok.value());
      }
      pol.replayWindow = p.at("replay_window").get<std::size_t>();
      pol.maxSessions = p.at("max_sessions").get<std::size_t>();
      pol.maxProposalAttempts = p.value("max_proposal_attempts", pol.maxProposalAttempts);
      pol.proposalAttemptWindow = p.value("proposal_attempt_window_seconds", pol.proposalAttemptWindow);
      policy = pol;
      sessions.setMaxSessions(pol.maxSessions);
      attempts.configure(pol.maxProposalAttempts, pol.proposalAttemptWindow);
    }
    if (j.contains("user_terms") && !j["user_terms"].is_null()) {
      const Json& t = j["user_terms"];
      UserTerms terms2;
      terms2.owner = accountOf(t, "owner");
      terms2.vaultId = t.at("vault_id").get<std::uint64_t>();
      terms2.rate = t.at("rate").get<std::uint64_t>();
      terms2.allocation = t.at("allocation").get<std::uint64_t>();
      terms2.deadlineDelay = t.at("deadline_delay_seconds").get<std::uint64_t>();
      terms2.serviceId = t.at("service_id").get<std::string>();
      terms = terms2;
    }
    for (const auto& [peer, id] : j.at("peer_mappings").items()) {
      auto a = AccountId::fromBase58(id.get<std::string>());
      if (!a.ok()) return corrupt(path, "peer_mappings." + peer + ": " + a.error().message);
      peerMappings[peer] = a.value();
    }
    for (const auto& [peer, n] : j.at("negotiations").items()) negotiations[peer] = negotiationOf(peer, n);
    for (const auto& e : j.at("inventory")) {
      InventoryEntry entry;
      entry.owner = accountOf(e, "owner");
      entry.vaultId = e.at("vault_id").get<std::uint64_t>();
      entry.streamId = e.at("stream_id").get<std::uint64_t>();
      entry.provider = accountOf(e, "provider");
      entry.providerPeerId = e.value("provider_peer_id", std::string());
      entry.txHash = e.value("tx_hash", std::string());
      entry.origin = e.value("origin", std::string("created"));
      inventory.push_back(entry);
    }
    sessions.setRecencyClock(j.value("recency_clock", std::uint64_t{0}));
    for (const auto& [key, sj] : j.at("provider_acceptances").items()) {
      ProviderSession s = sessionOf(sj, schemaVersion);
      const auto lastUsed = s.lastUsed;
      sessions.insert(std::move(s), 0);
      if (auto* stored = sessions.find(arrayOf<32>(sj, "session_public_key"))) stored->lastUsed = lastUsed;
    }
    sessions.setRecencyClock(j.value("recency_clock", std::uint64_t{0}));
    // Rows of sessions evicted before a crash are garbage. The RAM windows start empty: the
    // durable record answers for every request id served before the restart.
    std::set<eligibility::PublicKey> known;
    for (const auto& [key, s] : sessions.sessions()) known.insert(key);
    if (auto st = replay_.forgetAllExcept(known); !st.ok()) return st;
  } catch (const std::exception& e) {
    return corrupt(path, e.what());
  }
  return lezpay::util::okStatus();
}

}  // namespace payment_streams
