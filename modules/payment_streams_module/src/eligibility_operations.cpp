#include "eligibility_operations.h"

#include <QLoggingCategory>

#include "eligibility/eligibility_proof_codec.h"
#include "eligibility/signed_payloads.h"
#include "eligibility/stream_proposal_codec.h"
#include "lez/stream_eligibility/canonical_request_reader.h"
#include "lez/stream_eligibility/provider_checks.h"
#include "lez/streams/fold.h"
#include "lezpay/util/hex.h"
#include "logos/eligibility.h"
#include "logos/envelope.h"

Q_LOGGING_CATEGORY(lcStreamsEligibility, "lezpay.streams.eligibility")

namespace payment_streams {
namespace {

using logos::ParamType;
namespace se = lez::stream_eligibility;
namespace ls = lez::streams;

constexpr const char* kPeerDoc = "provider PeerId (mapped to an account with registerProviderMapping)";
constexpr const char* kExampleN8Doc = "N8 canonical Store request, prefix included, hex";

Json verdictJson(const se::Outcome& o, const char* code = nullptr) {
  if (o.ok()) return logos::okEnvelope(Json{{"eligibility", "OK"}, {"message", o.message}});
  const std::string verdict(se::toString(o.verdict));
  // Tag-30 desc is at most 512 bytes; cut on a UTF-8 boundary (service ids may be non-ASCII).
  std::string message = o.message;
  if (message.size() > logos::eligibility::kMaxDescriptionBytes) {
    std::size_t cut = logos::eligibility::kMaxDescriptionBytes;
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
    message.resize(cut);
  }
  Json e = errorJson(code ? code : verdict, message);
  e["eligibility"] = verdict;
  if (o.reason) {
    e["policy_reject_reason"] = std::string(se::toString(*o.reason));
    e["policy_reject_code"] = static_cast<std::uint32_t>(*o.reason);
  }
  return e;
}

Json userErrorJson(const Error& e) { return errorJson(e.code, e.message); }

// Same wording as the RAM window's refusal (provider_checks.cpp), so a replay reads the same
// whichever memory caught it.
se::Outcome replayOutcome(const std::string& requestId) {
  return se::Outcome::invalid("request_id '" + requestId + "' was already served in this session (replay)");
}

Result<std::vector<std::uint8_t>> canonicalParam(const Json& p) {
  auto bytes = lezpay::util::fromHex(p.value("canonical_request_hex", std::string()));
  if (!bytes.ok()) return Error{kInvalidArgs, "canonical_request_hex: " + bytes.error().message};
  auto info = se::readCanonicalRequest(bytes.value());
  if (!info.ok()) return Error{kInvalidArgs, info.error().message};
  return bytes.value();
}

std::string requestIdOf(const std::vector<std::uint8_t>& n8) { return se::readCanonicalRequest(n8).value().requestId; }

template <std::size_t N>
std::string hexOf(const std::array<std::uint8_t, N>& a) { return lezpay::util::toHex(a); }

// The hook operations take snake_case keys (interfaces/logos/eligibility.h); the upstream-style
// camelCase spellings (canonicalRequestHex, providerPeerId, streamId, proofHex, requesterPeerId)
// are accepted as aliases. Both spellings with different values are a caller fault.
constexpr std::pair<const char*, const char*> kAliases[] = {{"canonicalRequestHex", "canonical_request_hex"},
                                                             {"providerPeerId", "provider_peer_id"},
                                                             {"streamId", "stream_id"},
                                                             {"proofHex", "proof_hex"},
                                                             {"requesterPeerId", "requester_peer_id"}};

Result<Json> withAliases(const Json& p, std::initializer_list<const char*> required) {
  Json out = p;
  for (const auto& [alias, name] : kAliases) {
    if (!out.contains(alias)) continue;
    if (out.contains(name) && out[name] != out[alias]) {
      return Error{kInvalidArgs, std::string(alias) + " and " + name + " are the same parameter and disagree"};
    }
    out[name] = out[alias];
    out.erase(alias);
  }
  for (const char* key : required) {
    if (!out.contains(key) || !out[key].is_string()) return Error{kInvalidArgs, std::string("missing parameter '") + key + "' (string)"};
  }
  return out;
}

std::vector<logos::ParamSpec> aliasSpecs(std::initializer_list<const char*> names) {
  std::vector<logos::ParamSpec> out;
  for (const char* n : names) {
    for (const auto& [alias, name] : kAliases) {
      if (std::string(alias) == n) {
        out.push_back({alias, std::string(alias) == "streamId" ? ParamType::Any : ParamType::String, false, nullptr,
                       std::string("alias of ") + name});
      }
    }
  }
  return out;
}

}  // namespace

Json EligibilityOperations::verify(const Json& p) {
  auto n8 = canonicalParam(p);
  if (!n8.ok()) return errorJson(n8.error());
  const std::string requestId = requestIdOf(n8.value());
  const std::string requester = p.value("requester_peer_id", std::string());
  auto answer = [&](Json out, const char* arm) {
    qCInfo(lcStreamsEligibility).noquote() << "verify" << arm << "request" << QString::fromStdString(requestId) << "from"
                                           << QString::fromStdString(requester) << "->"
                                           << QString::fromStdString(out.value("eligibility", std::string("caller fault")));
    return out;
  };
  const std::string proofHex = p.value("proof_hex", std::string());
  if (proofHex.empty()) return answer(verdictJson(se::Outcome::invalid("missing proof")), "none");
  auto bytes = lezpay::util::fromHex(proofHex);
  if (!bytes.ok()) return answer(verdictJson(se::Outcome::invalid("proof_hex is not hex: " + bytes.error().message)), "none");
  auto proof = eligibility::decodeEligibilityProof(bytes.value());
  if (!proof.ok()) return answer(verdictJson(se::Outcome::invalid("malformed eligibility proof: " + proof.error().message)), "none");
  if (proof->kind() == eligibility::ProofKind::PROOF_OF_PAYMENT) {
    return answer(verdictJson(se::Outcome::invalid("proof_of_payment is answered by x402_module, not payment_streams_module")),
                  "proof_of_payment");
  }
  if (!s_.state->policy) {
    return answer(verdictJson(se::Outcome::rejected("this host has no provider policy (configureProviderPolicy)")), "none");
  }
  if (const auto* proposal = std::get_if<eligibility::StreamProposal>(&proof->arm)) {
    return answer(verifyProposal(*proposal, requester), "stream_proposal");
  }
  return answer(verifyProof(std::get<eligibility::StreamProof>(proof->arm), n8.value(), requestId, requester), "stream_proof");
}

Json EligibilityOperations::verifyProposal(const eligibility::StreamProposal& proposal, const std::string& requester) {
  const se::ProviderPolicy& policy = *s_.state->policy;
  auto owner = se::proposalOwner(proposal);
  if (!owner.ok()) return verdictJson(se::Outcome::invalid(owner.error().message));
  if (const auto* existing = s_.state->sessions.find(proposal.public_key)) {
    // A retried proposal (same session key, same terms) is answered again; other terms are refused.
    if (se::isSameAcceptedProposal(*existing, proposal)) {
      Json ok = verdictJson(se::Outcome::accept("proposal already accepted"));
      ok["session_public_key"] = hexOf(proposal.public_key);
      return ok;
    }
    return verdictJson(se::Outcome::invalid("this session key was already accepted with other terms or the proposal is not validly signed"));
  }
  auto chain = s_.chain();
  auto clock = chain.clock(s_.state->config.clock);
  if (!clock.ok()) return verdictJson(se::Outcome::invalid("could not read the clock: " + clock.error().message), kChainReadFailed);
  const ls::Timestamp now = ls::foldSeconds(clock->timestamp);
  if (const auto* pending = s_.state->sessions.pendingFor(owner.value(), proposal.vault_proof.vault_id, now)) {
    return verdictJson(se::Outcome::rejected("a proposal for vault " + std::to_string(pending->vaultId) +
                                             " awaits its stream until " + std::to_string(pending->params.create_stream_deadline)));
  }
  const ls::VaultId vaultId = proposal.vault_proof.vault_id;
  if (!s_.state->attempts.allowed(owner.value(), vaultId, now)) {
    return verdictJson(se::Outcome::rejected("too many proposals for vault " + std::to_string(vaultId) + " (at most " +
                                             std::to_string(policy.maxProposalAttempts) + " per " +
                                             std::to_string(policy.proposalAttemptWindow) + " s)"));
  }
  auto vault = chain.vault(s_.state->config.program, owner.value(), vaultId);
  if (!vault.ok()) return verdictJson(se::Outcome::invalid("could not read the vault: " + vault.error().message), kChainReadFailed);
  se::ProposalDecision d = se::checkProposal(proposal, policy, vault.value(), now);
  // Count attempts whose owner signature verified: accepted, or refused by a check after it.
  const bool signedAttempt = d.outcome.ok() || (d.outcome.reason && *d.outcome.reason != se::PolicyRejectReason::TokenNotAccepted);
  if (signedAttempt) s_.state->attempts.record(owner.value(), vaultId, now);
  if (!d.outcome.ok()) return verdictJson(d.outcome);
  d.session->requesterPeerId = requester;
  for (const auto& evicted : s_.state->sessions.insert(std::move(*d.session), now)) s_.state->dropReplay(evicted);
  if (auto st = s_.state->save(); !st.ok()) {
    s_.state->sessions.erase(proposal.public_key);
    return verdictJson(se::Outcome::invalid("could not record the session: " + st.error().message), "STATE_WRITE_FAILED");
  }
  Json ok = verdictJson(d.outcome);
  ok["session_public_key"] = hexOf(proposal.public_key);
  ok["create_stream_deadline"] = proposal.stream_params.create_stream_deadline;
  return ok;
}

Json EligibilityOperations::verifyProof(const eligibility::StreamProof& proof, std::span<const std::uint8_t> n8, const std::string& requestId,
                                        const std::string& requester) {
  const se::ProviderPolicy& policy = *s_.state->policy;
  const eligibility::Digest digest = eligibility::streamProofDigest(n8);
  se::ProviderSession* session = se::findSigningSession(s_.state->sessions, proof, digest, requester);
  if (!session) {
    return verdictJson(se::Outcome::invalid("the signature matches no accepted session for stream " + std::to_string(proof.stream_id) +
                                            " (unknown session key, wrong stream, or tampered request)"));
  }
  se::CanonicalRequestInfo info{requestId};
  if (auto pre = se::precheckProof(*session, proof, info, policy); !pre.ok()) return verdictJson(pre);
  // The RAM window only holds recent ids; the durable record holds every id of the session and
  // refuses an old replay before any chain read.
  auto seen = s_.state->wasServed(*session, requestId);
  if (!seen.ok()) return verdictJson(se::Outcome::invalid("could not read the replay record: " + seen.error().message), "REPLAY_STORE_FAILED");
  if (seen.value()) return verdictJson(replayOutcome(requestId));
  auto chain = s_.chain();
  auto stream = chain.stream(s_.state->config.program, session->owner, session->vaultId, proof.stream_id);
  if (!stream.ok()) return verdictJson(se::Outcome::invalid("could not read the stream: " + stream.error().message), kChainReadFailed);
  auto clock = chain.clock(s_.state->config.clock);
  if (!clock.ok()) return verdictJson(se::Outcome::invalid("could not read the clock: " + clock.error().message), kChainReadFailed);
  se::Outcome o = se::checkProofAgainstChain(*session, proof, policy, stream.value(), clock->timestamp);
  if (!o.ok()) return verdictJson(o);
  const bool firstBinding = !session->boundStreamId;
  se::commitProof(s_.state->sessions, *session, proof.stream_id, requestId);
  // The served request id is durable before the answer: a replay after a crash is still refused.
  auto recorded = s_.state->recordServed(*session, requestId);
  if (!recorded.ok()) {
    return verdictJson(se::Outcome::invalid("could not record the request id: " + recorded.error().message), "STATE_WRITE_FAILED");
  }
  if (!recorded.value()) return verdictJson(replayOutcome(requestId));  // the record is the authority
  if (firstBinding) {
    if (auto st = s_.state->save(); !st.ok()) {
      return verdictJson(se::Outcome::invalid("could not record the request id: " + st.error().message), "STATE_WRITE_FAILED");
    }
  }
  Json ok = verdictJson(o);
  ok["stream_id"] = proof.stream_id;
  ok["vault_id"] = session->vaultId;
  return ok;
}

Json EligibilityOperations::prepareProposal(const Json& p) {
  auto n8 = canonicalParam(p);
  if (!n8.ok()) return errorJson(n8.error());
  const std::string peer = p.value("provider_peer_id", std::string());
  auto mapping = s_.state->peerMappings.find(peer);
  if (mapping == s_.state->peerMappings.end()) {
    return userErrorJson(se::userError(se::UserError::UnknownProvider, "no provider account is mapped to peer '" + peer +
                                                                           "' (registerProviderMapping)"));
  }
  if (!s_.state->terms) {
    return userErrorJson(se::userError(se::UserError::NoEligibleVault, "no user terms configured (configureUserTerms)"));
  }
  const se::UserTerms terms = *s_.state->terms;
  auto chain = s_.chain();
  auto clock = chain.clock(s_.state->config.clock);
  if (!clock.ok()) return userErrorJson(se::userError(se::UserError::ChainReadFailed, clock.error().message));
  const ls::Timestamp now = ls::foldSeconds(clock->timestamp);
  auto existing = s_.state->negotiations.find(peer);
  const se::Negotiation* previous = existing == s_.state->negotiations.end() ? nullptr : &existing->second;
  if (auto gate = se::proposalGate(previous, now); !gate.ok()) return userErrorJson(gate.error());
  auto vault = chain.vault(s_.state->config.program, terms.owner, terms.vaultId);
  if (!vault.ok()) return userErrorJson(se::userError(se::UserError::ChainReadFailed, vault.error().message));
  if (auto ok = se::checkVaultEligible(vault->config, vault->holdingBalance, terms); !ok.ok()) return userErrorJson(ok.error());
  Json ownerKey = chain.walletCall("get_public_account_key", Json{{"account_id", terms.owner.toHex()}}, s_.state->config.walletTimeoutMs);
  if (!logos::isOk(ownerKey)) {
    return userErrorJson(se::userError(se::UserError::WalletSigningFailed, "the wallet holds no key for owner " + terms.owner.toBase58() +
                                                                               ": " + ownerKey.value("message", std::string())));
  }
  auto ownerPk = lezpay::util::fromHexFixed<32>(ownerKey.value("public_key", std::string()));
  if (!ownerPk.ok()) return userErrorJson(se::userError(se::UserError::WalletSigningFailed, "the wallet answered no public key"));
  auto sessionKey = lez::core::SecretKey::generate();
  if (!sessionKey.ok()) return userErrorJson(se::userError(se::UserError::WalletSigningFailed, sessionKey.error().message));
  const auto sessionPk = sessionKey->publicKey().bytes();
  const ls::Timestamp deadline = now + terms.deadlineDelay;
  eligibility::StreamProposal proposal = se::unsignedProposal(terms, mapping->second, ownerPk.value(), sessionPk, deadline);
  const eligibility::Digest digest = eligibility::vaultOwnerAuthDigest(proposal);
  Json sig = chain.walletCall("sign_public_payload", Json{{"account_id", terms.owner.toHex()}, {"digest_hex", lezpay::util::toHex(digest)}},
                              s_.state->config.walletTimeoutMs);
  auto sigBytes = lezpay::util::fromHexFixed<64>(sig.value("result", std::string()));
  if (!logos::isOk(sig) || !sigBytes.ok()) {
    return userErrorJson(se::userError(se::UserError::WalletSigningFailed, "the owner signature failed: " + sig.value("message", std::string())));
  }
  proposal.vault_proof.owner_signature = sigBytes.value();
  std::optional<eligibility::PublicKey> replaced;
  if (previous) replaced = previous->sessionKey;
  if (auto st = s_.state->storeSessionKey(sessionKey.value(), replaced); !st.ok()) return errorJson(st.error());
  se::Negotiation n;
  n.providerPeerId = peer;
  n.provider = mapping->second;
  n.owner = terms.owner;
  n.vaultId = terms.vaultId;
  n.sessionKey = sessionPk;
  n.params = proposal.stream_params;
  s_.state->negotiations[peer] = n;
  if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
  const auto bytes = eligibility::encodeEligibilityProof(eligibility::EligibilityProof{proposal});
  return logos::okEnvelope(Json{{"kind", "stream_proposal"}, {"bytes_hex", lezpay::util::toHex(bytes)},
                                {"vault_id", terms.vaultId}, {"stream_id", vault->config->nextStreamId},
                                {"create_stream_deadline", deadline}, {"session_public_key", hexOf(sessionPk)},
                                {"provider", mapping->second.toBase58()}, {"request_id", requestIdOf(n8.value())}});
}

Json EligibilityOperations::prepareProof(const Json& p) {
  auto n8 = canonicalParam(p);
  if (!n8.ok()) return errorJson(n8.error());
  const std::string peer = p.value("provider_peer_id", std::string());
  std::optional<ls::StreamId> requested;
  if (p.contains("stream_id") && !p["stream_id"].is_null() && !(p["stream_id"].is_string() && p["stream_id"].get<std::string>().empty())) {
    auto id = u64Value(p["stream_id"], "stream_id");
    if (!id.ok()) return errorJson(id.error());
    requested = id.value();
  }
  auto it = s_.state->negotiations.find(peer);
  if (it == s_.state->negotiations.end() && s_.state->peerMappings.count(peer) == 0) {
    return userErrorJson(se::userError(se::UserError::UnknownProvider, "no provider account is mapped to peer '" + peer + "'"));
  }
  se::Negotiation* n = it == s_.state->negotiations.end() ? nullptr : &it->second;
  auto chain = s_.chain();
  auto clock = chain.clock(s_.state->config.clock);
  if (!clock.ok()) return userErrorJson(se::userError(se::UserError::ChainReadFailed, clock.error().message));
  auto streamId = se::proofGate(n, requested, ls::foldSeconds(clock->timestamp));
  if (!streamId.ok()) return userErrorJson(streamId.error());
  auto stream = chain.stream(s_.state->config.program, n->owner, n->vaultId, streamId.value());
  if (!stream.ok()) return userErrorJson(se::userError(se::UserError::ChainReadFailed, stream.error().message));
  std::optional<ls::FoldedStream> folded;
  if (stream.value()) {
    auto f = ls::foldStoredStream(*stream.value(), clock.value());
    if (!f.ok()) return userErrorJson(se::userError(se::UserError::ChainReadFailed, "fold: " + f.error().message));
    folded = f.value();
  }
  if (auto usable = se::streamUsable(folded, n->provider); !usable.ok()) return userErrorJson(usable.error());
  if (n->state == se::NegotiationState::Pending) {
    // An explicit stream id while the proposal is pending: confirm it if it honours the terms.
    if (!se::streamMatchesTerms(*stream.value(), *n)) {
      return userErrorJson(se::userError(se::UserError::StreamNotFound, "stream " + std::to_string(streamId.value()) +
                                                                            " does not match the negotiated terms"));
    }
    n->state = se::NegotiationState::Confirmed;
    n->streamId = streamId.value();
    s_.state->remember(InventoryEntry{n->owner, n->vaultId, streamId.value(), n->provider, peer, "", "negotiated"});
    if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
  }
  const lez::core::SecretKey* key = s_.state->sessionKey(n->sessionKey);
  if (!key) return userErrorJson(se::userError(se::UserError::WalletSigningFailed, "the session key of this negotiation is not stored"));
  auto bytes = se::buildStreamProof(*key, streamId.value(), n8.value());
  if (!bytes.ok()) return userErrorJson(bytes.error());
  return logos::okEnvelope(Json{{"kind", "stream_proof"}, {"bytes_hex", lezpay::util::toHex(bytes.value())}, {"stream_id", streamId.value()},
                                {"vault_id", n->vaultId}, {"request_id", requestIdOf(n8.value())}});
}

Json EligibilityOperations::createFromAccepted(const Json& p) {
  const std::string peer = p["provider_peer_id"].get<std::string>();
  auto it = s_.state->negotiations.find(peer);
  if (it == s_.state->negotiations.end()) {
    return errorJson("NO_PENDING_PROPOSAL", "no proposal was prepared for peer '" + peer + "'");
  }
  se::Negotiation& n = it->second;
  if (n.state == se::NegotiationState::Confirmed) {
    return logos::okEnvelope(Json{{"already_confirmed", true}, {"stream_id", n.streamId.value_or(0)}, {"vault_id", n.vaultId}});
  }
  auto clock = s_.chain().clock(s_.state->config.clock);
  if (!clock.ok()) return userErrorJson(se::userError(se::UserError::ChainReadFailed, clock.error().message));
  if (ls::foldSeconds(clock->timestamp) > n.params.create_stream_deadline) {
    return userErrorJson(se::userError(se::UserError::ProposalExpired, "the create_stream_deadline " +
                                                                           std::to_string(n.params.create_stream_deadline) +
                                                                           " has passed; propose again"));
  }
  Json created = chainOps_.createStream(n.owner, n.vaultId, std::nullopt, n.provider, n.params.stream_rate, U128(n.params.allocation));
  if (!logos::isOk(created)) return created;
  n.state = se::NegotiationState::Confirmed;
  n.streamId = u64Of(created, "stream_id");
  s_.state->remember(InventoryEntry{n.owner, n.vaultId, *n.streamId, n.provider, peer, created.value("tx_hash", std::string()), "negotiated"});
  if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
  created["provider_peer_id"] = peer;
  return created;
}

void EligibilityOperations::registerOperations() {
  using PT = ParamType;
  auto& add = s_.addOperation;
  const std::string exampleN8 = lezpay::util::toHex(std::vector<std::uint8_t>{0x2f, 0x4c, 0x45, 0x5a});
  const logos::ParamSpec peer{"provider_peer_id", PT::String, true, nullptr, kPeerDoc};
  // Hook operations: required, but checked after the camelCase aliases are resolved.
  const logos::ParamSpec n8opt{"canonical_request_hex", PT::String, false, nullptr, std::string(kExampleN8Doc) + " (required)"};
  const logos::ParamSpec peerOpt{"provider_peer_id", PT::String, false, nullptr, std::string(kPeerDoc) + " (required)"};
  // delivery_module forwards the storeQuery "eligibility.options" object to every arm; ours ignore it.
  const logos::ParamSpec options{"options", PT::Any, false, nullptr, "ignored (accepted for the delivery hook's shape)"};

  add({std::string(logos::eligibility::kVerifyOperation),
       "Provider side: verdict on a Store request's eligibility proof (OK, PARAMS_REJECTED, PROOF_INVALID, STREAM_NOT_ACTIVE).",
       [&] {
         std::vector<logos::ParamSpec> v{{"proof_hex", PT::String, false, nullptr, "EligibilityProof bytes as hex; empty = no proof"},
                                         n8opt,
                                         {"requester_peer_id", PT::String, false, nullptr, "PeerId of the requester (a lookup hint for sessions)"}};
         for (auto& a : aliasSpecs({"proofHex", "canonicalRequestHex", "requesterPeerId"})) v.push_back(a);
         return v;
       }(),
       Json{{"eligibility", "OK"}, {"message", ""}},
       Json{{"proof_hex", ""}, {"canonical_request_hex", exampleN8}, {"requester_peer_id", "16Uiu2HAm..."}}},
      [this](const Json& raw) {
        auto p = withAliases(raw, {"canonical_request_hex"});
        return p.ok() ? verify(p.value()) : errorJson(p.error());
      });
  add({std::string(logos::eligibility::kPrepareProposalOperation),
       "User side: a signed StreamProposal for the mapped provider under the configured user terms (fresh session key).",
       [&] {
         std::vector<logos::ParamSpec> v{n8opt, peerOpt, options};
         for (auto& a : aliasSpecs({"canonicalRequestHex", "providerPeerId"})) v.push_back(a);
         return v;
       }(),
       Json{{"kind", "stream_proposal"}, {"bytes_hex", ""}, {"stream_id", 0}, {"vault_id", 0}},
       Json{{"canonical_request_hex", exampleN8}, {"provider_peer_id", "16Uiu2HAm..."}}},
      [this](const Json& raw) {
        auto p = withAliases(raw, {"canonical_request_hex", "provider_peer_id"});
        return p.ok() ? prepareProposal(p.value()) : errorJson(p.error());
      });
  add({std::string(logos::eligibility::kPrepareProofOperation),
       "User side: a StreamProof (session-key signature over SHA256(N8)); empty stream_id = the stream confirmed for this provider.",
       [&] {
         std::vector<logos::ParamSpec> v{n8opt, peerOpt,
                                         {"stream_id", PT::Any, false, nullptr, "u64 (integer or decimal string); absent, null or \"\" = the confirmed stream"},
                                         options};
         for (auto& a : aliasSpecs({"canonicalRequestHex", "providerPeerId", "streamId"})) v.push_back(a);
         return v;
       }(),
       Json{{"kind", "stream_proof"}, {"bytes_hex", ""}, {"stream_id", 0}, {"vault_id", 0}},
       Json{{"canonical_request_hex", exampleN8}, {"provider_peer_id", "16Uiu2HAm..."}, {"stream_id", ""}}},
      [this](const Json& raw) {
        auto p = withAliases(raw, {"canonical_request_hex", "provider_peer_id"});
        return p.ok() ? prepareProof(p.value()) : errorJson(p.error());
      });
  add({"createStreamFromAcceptedProposal",
       "User side: after the provider accepted a proposal, creates the on-chain stream with exactly the negotiated terms.",
       {peer}, Json{{"stream_id", 0}, {"tx_hash", ""}}, Json{{"provider_peer_id", "16Uiu2HAm..."}}},
      [this](const Json& p) { return createFromAccepted(p); });
  add({"markProposalRejected", "User side: forgets a pending proposal the provider refused, so a new one can be made.", {peer},
       Json{{"forgotten", true}}, Json{{"provider_peer_id", "16Uiu2HAm..."}}},
      [this](const Json& p) {
        const std::string peerId = p["provider_peer_id"].get<std::string>();
        auto it = s_.state->negotiations.find(peerId);
        const bool pending = it != s_.state->negotiations.end() && it->second.state == se::NegotiationState::Pending;
        if (pending) s_.state->negotiations.erase(it);
        if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
        return logos::okEnvelope(Json{{"forgotten", pending}});
      });
  add({"registerProviderMapping", "User side: maps a provider PeerId to the provider's LEZ account.",
       {{"peer_id", PT::String, true, nullptr, "provider PeerId"}, {"provider", PT::String, true, nullptr, "provider account (base58 or 64 hex)"}},
       Json::object(), Json{{"peer_id", "16Uiu2HAm..."}, {"provider", "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY"}}},
      [this](const Json& p) {
        auto provider = accountParam(p, "provider");
        if (!provider.ok()) return errorJson(provider.error());
        const std::string peerId = p["peer_id"].get<std::string>();
        if (peerId.empty()) return errorJson(kInvalidArgs, "peer_id must not be empty");
        s_.state->peerMappings[peerId] = provider.value();
        if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
        return logos::okEnvelope(Json{{"peer_id", peerId}, {"provider", provider->toBase58()}});
      });
  add({"configureUserTerms", "User side: owner, vault and proposal terms (persisted; absent keys keep their value).",
       {{"owner", PT::String, false, nullptr, "vault owner account; its key must be in this host's wallet"},
        {"vault_id", PT::U64, false, nullptr, "vault used for proposals"},
        {"rate", PT::U64, false, nullptr, "proposed stream_rate (tokens per second)"},
        {"allocation", PT::U64, false, nullptr, "proposed allocation (u64: the proposal field is u64)"},
        {"deadline_delay_seconds", PT::U64, false, nullptr, "seconds from now to create_stream_deadline (default 120)"},
        {"service_id", PT::String, false, nullptr, "service asked for (default /vac/waku/store-query/3.0.0)"}},
       Json{{"user_terms", Json::object()}}, Json{{"owner", "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo"}, {"vault_id", 0}, {"rate", 1}, {"allocation", 600}}},
      [this](const Json& p) {
        se::UserTerms t = s_.state->terms.value_or(se::UserTerms{});
        if (p.contains("owner")) {
          auto owner = accountParam(p, "owner");
          if (!owner.ok()) return errorJson(owner.error());
          t.owner = owner.value();
        } else if (!s_.state->terms) {
          return errorJson(kInvalidArgs, "owner is required the first time");
        }
        if (p.contains("vault_id")) t.vaultId = u64Of(p, "vault_id");
        if (p.contains("rate")) t.rate = u64Of(p, "rate");
        if (p.contains("allocation")) t.allocation = u64Of(p, "allocation");
        if (p.contains("deadline_delay_seconds")) t.deadlineDelay = u64Of(p, "deadline_delay_seconds");
        if (p.contains("service_id")) t.serviceId = p["service_id"].get<std::string>();
        if (t.rate == 0 || t.allocation == 0) return errorJson(kInvalidArgs, "rate and allocation must be > 0");
        if (auto st = eligibility::checkServiceId(t.serviceId); !st.ok()) return errorJson(kInvalidArgs, "service_id: " + st.error().message);
        s_.state->terms = t;
        if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
        return logos::okEnvelope(Json{{"user_terms", toJson(t)}});
      });
  add({"configureProviderPolicy", "Provider side: our account, service, minimum terms, deadline bound, tokens, memory bounds (persisted).",
       {{"provider_account", PT::String, false, nullptr, "our provider account; its key must be in this host's wallet for claim and close"},
        {"service_id", PT::String, false, nullptr, "service sold (default /vac/waku/store-query/3.0.0)"},
        {"min_rate", PT::U64, false, nullptr, "minimum stream_rate (default 1)"},
        {"min_allocation", PT::U64, false, nullptr, "minimum allocation (default 1)"},
        {"max_create_stream_deadline_delay", PT::U64, false, nullptr, "seconds (default 300)"},
        {"accepted_tokens", PT::Array, false, nullptr, "token ids (64 hex each; default: native = 32 zero bytes)"},
        {"replay_window", PT::U64, false, nullptr, "request ids remembered per session (default 1024)"},
        {"max_sessions", PT::U64, false, nullptr, "sessions remembered in all (default 4096)"},
        {"max_proposal_attempts", PT::U64, false, nullptr, "signed proposals allowed per vault per window (default 5)"},
        {"proposal_attempt_window_seconds", PT::U64, false, nullptr, "the attempts window (default 600)"}},
       Json{{"provider_policy", Json::object()}}, Json{{"provider_account", "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY"}, {"min_rate", 1}}},
      [this](const Json& p) {
        se::ProviderPolicy pol = s_.state->policy.value_or(se::ProviderPolicy{});
        if (p.contains("provider_account")) {
          auto provider = accountParam(p, "provider_account");
          if (!provider.ok()) return errorJson(provider.error());
          pol.provider = provider.value();
        } else if (!s_.state->policy) {
          return errorJson(kInvalidArgs, "provider_account is required the first time");
        }
        if (p.contains("service_id")) pol.serviceId = p["service_id"].get<std::string>();
        if (p.contains("min_rate")) pol.minRate = u64Of(p, "min_rate");
        if (p.contains("min_allocation")) pol.minAllocation = u64Of(p, "min_allocation");
        if (p.contains("max_create_stream_deadline_delay")) pol.maxCreateStreamDeadlineDelay = u64Of(p, "max_create_stream_deadline_delay");
        if (p.contains("accepted_tokens")) {
          pol.acceptedTokens.clear();
          for (const auto& t : p["accepted_tokens"]) {
            auto tok = t.is_string() ? lezpay::util::fromHexFixed<32>(t.get<std::string>()) : lezpay::util::Result<std::array<std::uint8_t, 32>>(Error{"", ""});
            if (!tok.ok()) return errorJson(kInvalidArgs, "accepted_tokens: every entry must be 64 hex digits");
            if (std::find(pol.acceptedTokens.begin(), pol.acceptedTokens.end(), tok.value()) == pol.acceptedTokens.end()) pol.acceptedTokens.push_back(tok.value());
          }
          if (pol.acceptedTokens.empty() || pol.acceptedTokens.size() > eligibility::kMaxAcceptedTokens) {
            return errorJson(kInvalidArgs, "accepted_tokens must hold 1..16 tokens");
          }
        }
        if (p.contains("replay_window")) pol.replayWindow = std::max<std::uint64_t>(1, std::min<std::uint64_t>(u64Of(p, "replay_window"), 1u << 20));
        if (p.contains("max_sessions")) pol.maxSessions = std::max<std::uint64_t>(1, std::min<std::uint64_t>(u64Of(p, "max_sessions"), 1u << 20));
        if (auto st = eligibility::checkServiceId(pol.serviceId); !st.ok()) return errorJson(kInvalidArgs, "service_id: " + st.error().message);
        if (p.contains("max_proposal_attempts")) pol.maxProposalAttempts = u64Of(p, "max_proposal_attempts");
        if (p.contains("proposal_attempt_window_seconds")) pol.proposalAttemptWindow = u64Of(p, "proposal_attempt_window_seconds");
        s_.state->policy = pol;
        s_.state->sessions.setMaxSessions(pol.maxSessions);
        s_.state->attempts.configure(pol.maxProposalAttempts, pol.proposalAttemptWindow);
        if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
        return logos::okEnvelope(Json{{"provider_policy", toJson(pol)}});
      });
  add({"getConfiguration", "Configuration, provider policy, user terms, peer mappings and negotiations (no keys).", {},
       Json{{"config", Json::object()}}, Json::object()},
      [this](const Json&) {
        Json out{{"config", toJson(s_.state->config)}};
        out["provider_policy"] = s_.state->policy ? toJson(*s_.state->policy) : Json(nullptr);
        out["user_terms"] = s_.state->terms ? toJson(*s_.state->terms) : Json(nullptr);
        out["peer_mappings"] = Json::object();
        for (const auto& [k, v] : s_.state->peerMappings) out["peer_mappings"][k] = v.toBase58();
        out["negotiations"] = Json::array();
        for (const auto& [k, v] : s_.state->negotiations) out["negotiations"].push_back(toJson(v));
        return logos::okEnvelope(out);
      });
  add({"listProviderSessions", "Provider side: accepted sessions (terms, binding, requests served); no keys beyond public ones.", {},
       Json{{"sessions", Json::array()}}, Json::object()},
      [this](const Json&) {
        Json list = Json::array();
        for (const auto& [key, sess] : s_.state->sessions.sessions()) {
          Json j{{"session_public_key", hexOf(key)}, {"owner", sess.owner.toBase58()}, {"vault_id", sess.vaultId},
                 {"service_id", sess.params.service_id}, {"stream_rate", sess.params.stream_rate},
                 {"allocation", sess.params.allocation}, {"create_stream_deadline", sess.params.create_stream_deadline},
                 {"requester_peer_id", sess.requesterPeerId}, {"requests_remembered", sess.replay.ids().size()}};
          auto served = s_.state->servedCount(key);
          j["requests_served"] = served.ok() ? served.value() : 0;
          j["bound_stream_id"] = sess.boundStreamId ? Json(*sess.boundStreamId) : Json(nullptr);
          list.push_back(j);
        }
        return logos::okEnvelope(Json{{"sessions", list}});
      });
}

}  // namespace payment_streams
