#include "eligibility_operations.h"

#include <QLoggingCategory>

#include <chrono>

#include "eligibility/eligibility_proof_codec.h"
#include "eligibility/signed_payloads.h"
#include "eligibility/stream_proposal_codec.h"
#include "lez/stream_eligibility/canonical_request_reader.h"
#include "lez/stream_eligibility/existing_stream_checks.h"
#include "lez/stream_eligibility/provider_checks.h"
#include "lez/streams/fold.h"
#include "lezpay/util/hex.h"
#include "logos/eligibility.h"
#include "logos/envelope.h"
#include "operation_params.h"
#include "result_shapes.h"
#include "stream_operations.h"

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

Result<std::vector<std::uint8_t>> canonicalParam(const HookParams& p) {
  auto bytes = lezpay::util::fromHex(p.canonicalRequestHex);
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

// One spelling's value through its accessor (String or Any, as aliasSpecs declares them); null
// when not given or not declared by this operation.
Json givenParam(const logos::sdk::Args& a, const char* key) {
  if (!a.has(key)) return nullptr;
  for (const auto& spec : a.spec().params) {
    if (spec.name == key && spec.type == ParamType::String) return a.str(key);
  }
  return a.value(key);
}

Result<HookParams> hookParams(const logos::sdk::Args& a, std::initializer_list<const char*> required) {
  Json resolved = Json::object();
  for (const auto& [alias, name] : kAliases) {
    const Json byName = givenParam(a, name);
    const Json byAlias = givenParam(a, alias);
    if (!byName.is_null() && !byAlias.is_null() && byName != byAlias) {
      return Error{kInvalidArgs, std::string(alias) + " and " + name + " are the same parameter and disagree"};
    }
    resolved[name] = byAlias.is_null() ? byName : byAlias;
  }
  for (const char* key : required) {
    if (!resolved[key].is_string()) return Error{kInvalidArgs, std::string("missing parameter '") + key + "' (string)"};
  }
  const auto text = [&resolved](const char* key) { return resolved[key].is_string() ? resolved[key].get<std::string>() : std::string(); };
  return HookParams{text("canonical_request_hex"), text("provider_peer_id"), text("proof_hex"), text("requester_peer_id"), resolved["stream_id"]};
}

// The hook's stream_id is declared Any (absent, null and "" mean "the confirmed stream", and the
// camelCase alias may carry it), so its u64 rule is applied here: a JSON integer or a decimal string.
Result<std::uint64_t> hookStreamId(const Json& v) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v.get<std::int64_t>());
  if (v.is_string()) {
    auto d = U128::parseDecimal(v.get<std::string>());
    if (d.ok() && d->toU64()) return *d->toU64();
  }
  return Error{kInvalidArgs, "stream_id must be an unsigned 64-bit integer (JSON integer or decimal string)"};
}

// What a user who created a stream directly (createStream) does to use it with this provider.
std::string registerHint(ls::StreamId id) {
  return "; to use a stream created directly, register it with the provider first: a Store query with eligibility "
         "{\"arm\":\"stream_proposal\",\"options\":{\"existing_stream_id\":" + std::to_string(id) + "}}";
}

// The proposal hook's options object (delivery_module forwards storeQuery's eligibility.options
// to every arm): `existing_stream_id` selects the existing-stream proposal, `vault_id` overrides
// the configured vault; other keys belong to other arms and are ignored.
Result<std::optional<ExistingStreamOption>> existingStreamOption(const logos::sdk::Args& a) {
  if (!a.has("options")) return std::optional<ExistingStreamOption>();
  const Json& o = a.value("options");
  if (!o.is_object() || !o.contains("existing_stream_id")) return std::optional<ExistingStreamOption>();
  ExistingStreamOption out;
  auto id = hookStreamId(o["existing_stream_id"]);
  if (!id.ok()) return Error{kInvalidArgs, "options.existing_stream_id must be an unsigned 64-bit integer (JSON integer or decimal string)"};
  out.streamId = id.value();
  if (o.contains("vault_id")) {
    auto v = hookStreamId(o["vault_id"]);
    if (!v.ok()) return Error{kInvalidArgs, "options.vault_id must be an unsigned 64-bit integer (JSON integer or decimal string)"};
    out.vaultId = v.value();
  }
  return std::optional<ExistingStreamOption>(out);
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

void EligibilityOperations::verify(const HookParams& p, Answer done) {
  auto n8 = canonicalParam(p);
  if (!n8.ok()) return done(errorJson(n8.error()));
  const std::string requestId = requestIdOf(n8.value());
  const std::string requester = p.requesterPeerId;
  auto answer = [requestId, requester, done](const char* arm) {
    return [requestId, requester, done, arm](Json out) {
      // An accepted proof is the normal case of every paid query: logged at debug level (the
      // counters are in getProviderSessions); a refusal is worth an operator's eye.
      const std::string verdict = out.value("eligibility", std::string("caller fault"));
      auto line = [&] {
        return QStringLiteral("verify %1 request %2 from %3 -> %4")
            .arg(QString::fromLatin1(arm), QString::fromStdString(requestId), QString::fromStdString(requester), QString::fromStdString(verdict));
      };
      if (verdict == "OK") {
        qCDebug(lcStreamsEligibility).noquote() << line();
      } else {
        qCInfo(lcStreamsEligibility).noquote() << line();
      }
      done(std::move(out));
    };
  };
  const std::string& proofHex = p.proofHex;
  if (proofHex.empty()) return answer("none")(verdictJson(se::Outcome::invalid("missing proof")));
  auto bytes = lezpay::util::fromHex(proofHex);
  if (!bytes.ok()) return answer("none")(verdictJson(se::Outcome::invalid("proof_hex is not hex: " + bytes.error().message)));
  auto proof = eligibility::decodeEligibilityProof(bytes.value());
  if (!proof.ok()) return answer("none")(verdictJson(se::Outcome::invalid("malformed eligibility proof: " + proof.error().message)));
  if (proof->kind() == eligibility::ProofKind::PROOF_OF_PAYMENT) {
    return answer("proof_of_payment")(verdictJson(se::Outcome::invalid("proof_of_payment is answered by x402_module, not payment_streams_module")));
  }
  if (!s_.state->policy) {
    return answer("none")(verdictJson(se::Outcome::rejected("this host has no provider policy (configureProviderPolicy)")));
  }
  if (const auto* proposal = std::get_if<eligibility::StreamProposal>(&proof->arm)) {
    return verifyProposal(*proposal, requester, answer("stream_proposal"));
  }
  verifyProof(std::get<eligibility::StreamProof>(proof->arm), n8.value(), requestId, requester, answer("stream_proof"));
}

void EligibilityOperations::verifyProposal(const eligibility::StreamProposal& proposal, const std::string& requester, Answer done) {
  auto owner = se::proposalOwner(proposal);
  if (!owner.ok()) return done(verdictJson(se::Outcome::invalid(owner.error().message)));
  if (const auto* existing = s_.state->sessions.find(proposal.public_key)) {
    // A retried proposal (same session key, same terms, same existing stream) is answered again;
    // other terms are refused.
    const bool sameStream = !proposal.existing_stream_id || existing->boundStreamId == proposal.existing_stream_id;
    if (sameStream && se::isSameAcceptedProposal(*existing, proposal)) {
      if (auto bound = se::checkRequesterBinding(*existing, requester); !bound.ok()) return done(verdictJson(bound));
      Json ok = verdictJson(se::Outcome::accept("proposal already accepted"));
      ok["session_public_key"] = hexOf(proposal.public_key);
      return done(ok);
    }
    return done(verdictJson(se::Outcome::invalid("this session key was already accepted with other terms or the proposal is not validly signed")));
  }
  if (proposal.existing_stream_id) return verifyExistingStreamProposal(proposal, owner.value(), requester, std::move(done));
  const ChainReader chain = s_.chain();
  const ModuleConfig cfg = s_.config();
  const AccountId o = owner.value();
  chain.clock(cfg.clock, [this, chain, cfg, o, proposal, requester, done](Result<lez::core::ClockAccountData> clock) {
    if (!clock.ok()) return done(verdictJson(se::Outcome::invalid("could not read the clock: " + clock.error().message), kChainReadFailed));
    if (!s_.running()) return done(stopped());
    if (!s_.state->policy) return done(verdictJson(se::Outcome::rejected("this host has no provider policy (configureProviderPolicy)")));
    const ls::Timestamp now = ls::foldSeconds(clock->timestamp);
    if (const auto* pending = s_.state->sessions.pendingFor(o, proposal.vault_proof.vault_id, now)) {
      return done(verdictJson(se::Outcome::rejected("a proposal for vault " + std::to_string(pending->vaultId) +
                                                    " awaits its stream until " + std::to_string(pending->params.create_stream_deadline))));
    }
    const ls::VaultId vaultId = proposal.vault_proof.vault_id;
    if (!s_.state->attempts.allowed(o, vaultId, now)) {
      const se::ProviderPolicy& policy = *s_.state->policy;
      return done(verdictJson(se::Outcome::rejected("too many proposals for vault " + std::to_string(vaultId) + " (at most " +
                                                    std::to_string(policy.maxProposalAttempts) + " per " +
                                                    std::to_string(policy.proposalAttemptWindow) + " s)")));
    }
    chain.vault(cfg.program, o, vaultId, [this, o, vaultId, now, proposal, requester, done](Result<se::VaultView> vault) {
      if (!vault.ok()) return done(verdictJson(se::Outcome::invalid("could not read the vault: " + vault.error().message), kChainReadFailed));
      if (!s_.running()) return done(stopped());
      if (!s_.state->policy) return done(verdictJson(se::Outcome::rejected("this host has no provider policy (configureProviderPolicy)")));
      se::ProposalDecision d = se::checkProposal(proposal, *s_.state->policy, vault.value(), now);
      // Count attempts whose owner signature verified: accepted, or refused by a check after it.
      const bool signedAttempt = d.outcome.ok() || (d.outcome.reason && *d.outcome.reason != se::PolicyRejectReason::TokenNotAccepted);
      if (signedAttempt) s_.state->attempts.record(o, vaultId, now);
      if (!d.outcome.ok()) return done(verdictJson(d.outcome));
      d.session->requesterPeerId = requester;
      for (const auto& evicted : s_.state->sessions.insert(std::move(*d.session), now)) s_.state->dropReplay(evicted);
      if (auto st = s_.state->save(); !st.ok()) {
        s_.state->sessions.erase(proposal.public_key);
        return done(verdictJson(se::Outcome::invalid("could not record the session: " + st.error().message), kStateWriteFailed));
      }
      Json ok = verdictJson(d.outcome);
      ok["session_public_key"] = hexOf(proposal.public_key);
      ok["create_stream_deadline"] = proposal.stream_params.create_stream_deadline;
      done(ok);
    });
  });
}

void EligibilityOperations::verifyExistingStreamProposal(const eligibility::StreamProposal& proposal, const AccountId& owner,
                                                         const std::string& requester, Answer done) {
  const ChainReader chain = s_.chain();
  const ModuleConfig cfg = s_.config();
  const ls::VaultId vaultId = proposal.vault_proof.vault_id;
  const ls::StreamId streamId = *proposal.existing_stream_id;
  auto noPolicy = [] { return verdictJson(se::Outcome::rejected("this host has no provider policy (configureProviderPolicy)")); };
  // The clock, the vault and the stream, then the verdict. No pending-proposal gate: registering
  // a stream that exists allocates nothing, so it cannot overcommit the vault.
  chain.clock(cfg.clock, [=, this](Result<lez::core::ClockAccountData> clock) {
    if (!clock.ok()) return done(verdictJson(se::Outcome::invalid("could not read the clock: " + clock.error().message), kChainReadFailed));
    if (!s_.running()) return done(stopped());
    if (!s_.state->policy) return done(noPolicy());
    const ls::Timestamp now = ls::foldSeconds(clock->timestamp);
    if (!s_.state->attempts.allowed(owner, vaultId, now)) {
      const se::ProviderPolicy& policy = *s_.state->policy;
      return done(verdictJson(se::Outcome::rejected("too many proposals for vault " + std::to_string(vaultId) + " (at most " +
                                                    std::to_string(policy.maxProposalAttempts) + " per " +
                                                    std::to_string(policy.proposalAttemptWindow) + " s)")));
    }
    chain.vault(cfg.program, owner, vaultId, [=, this, clock = clock.value()](Result<se::VaultView> vault) {
      if (!vault.ok()) return done(verdictJson(se::Outcome::invalid("could not read the vault: " + vault.error().message), kChainReadFailed));
      chain.stream(cfg.program, owner, vaultId, streamId, [=, this, vault = vault.value()](Result<std::optional<ls::StreamConfig>> stream) {
        if (!stream.ok()) return done(verdictJson(se::Outcome::invalid("could not read the stream: " + stream.error().message), kChainReadFailed));
        if (!s_.running()) return done(stopped());
        if (!s_.state->policy) return done(noPolicy());
        // The session bound to this stream now (another call may have bound it while the chain was read).
        const se::ProviderSession* boundTo = nullptr;
        for (const auto& [key, sess] : s_.state->sessions.sessions()) {
          if (key != proposal.public_key && sess.boundStreamId == streamId && sess.owner == owner && sess.vaultId == vaultId) boundTo = &sess;
        }
        se::ExistingStreamDecision d =
            se::checkExistingStreamProposal(proposal, *s_.state->policy, vault, stream.value(), clock.timestamp, boundTo, requester);
        if (d.signatureVerified) s_.state->attempts.record(owner, vaultId, now);
        if (!d.outcome.ok()) return done(verdictJson(d.outcome, d.code.empty() ? nullptr : d.code.c_str()));
        if (d.supersedes) {
          s_.state->sessions.erase(*d.supersedes);
          s_.state->dropReplay(*d.supersedes);
        }
        for (const auto& evicted : s_.state->sessions.insert(std::move(*d.session), now)) s_.state->dropReplay(evicted);
        if (auto st = s_.state->save(); !st.ok()) {
          s_.state->sessions.erase(proposal.public_key);
          return done(verdictJson(se::Outcome::invalid("could not record the session: " + st.error().message), kStateWriteFailed));
        }
        qCInfo(lcStreamsEligibility).noquote() << "existing stream" << streamId << "of vault" << vaultId << "registered for peer"
                                               << QString::fromStdString(se::shortPeerId(requester));
        Json ok = verdictJson(d.outcome);
        ok["session_public_key"] = hexOf(proposal.public_key);
        ok["stream_id"] = streamId;
        ok["vault_id"] = vaultId;
        done(ok);
      });
    });
  });
}

void EligibilityOperations::verifyProof(const eligibility::StreamProof& proof, std::span<const std::uint8_t> n8, const std::string& requestId,
                                        const std::string& requester, Answer done) {
  const eligibility::Digest digest = eligibility::streamProofDigest(n8);
  se::ProviderSession* session = se::findSigningSession(s_.state->sessions, proof, digest, requester);
  if (!session) {
    return done(verdictJson(se::Outcome::invalid("the signature matches no accepted session for stream " + std::to_string(proof.stream_id) +
                                                 " (unknown session key, wrong stream, or tampered request)")));
  }
  if (auto bound = se::checkRequesterBinding(*session, requester); !bound.ok()) return done(verdictJson(bound));
  const se::CanonicalRequestInfo info{requestId};
  if (auto pre = se::precheckProof(*session, proof, info, *s_.state->policy); !pre.ok()) return done(verdictJson(pre));
  if (replay_ && replay_->pending(session->sessionKey, requestId)) return done(verdictJson(replayOutcome(requestId)));
  const ModuleConfig cfg = s_.config();
  // The RAM window only holds recent ids; the durable record holds every id of the session, and
  // its write below is what refuses an old replay (the record is the authority, across restarts
  // and across instances sharing it). Reading it first as well only saves an old replay its chain
  // reads: worth a read per query only when every check reads the chain (verify_read_cache off).
  if (!cfg.verifyReadCache) {
    auto seen = s_.state->wasServed(*session, requestId);
    if (!seen.ok()) return done(verdictJson(se::Outcome::invalid("could not read the replay record: " + seen.error().message), kReplayStoreFailed));
    if (seen.value()) return done(verdictJson(replayOutcome(requestId)));
  }
  const ChainReader chain = s_.chain();
  const eligibility::PublicKey sessionKey = session->sessionKey;
  const AccountId owner = session->owner;
  const ls::VaultId vaultId = session->vaultId;
  // The stream and the clock, read through `reader` (straight from the chain, or reused within
  // one block height: block_read_cache.h), then the verdict.
  auto check = [this, cfg, owner, vaultId, sessionKey, proof, info, requester, done](const ChainReader& reader) {
    reader.stream(cfg.program, owner, vaultId, proof.stream_id,
                 [this, reader, cfg, sessionKey, proof, info, requester, done](Result<std::optional<ls::StreamConfig>> stream) {
      if (!stream.ok()) return done(verdictJson(se::Outcome::invalid("could not read the stream: " + stream.error().message), kChainReadFailed));
      reader.clock(cfg.clock, [this, sessionKey, proof, info, requester, stream = stream.value(), done](Result<lez::core::ClockAccountData> clock) {
        if (!clock.ok()) return done(verdictJson(se::Outcome::invalid("could not read the clock: " + clock.error().message), kChainReadFailed));
        // The session may have been evicted, or the request id served, while the chain was read.
        if (!s_.running()) return done(stopped());
        se::ProviderSession* live = s_.state->policy ? s_.state->sessions.find(sessionKey) : nullptr;
        if (!live) return done(verdictJson(se::Outcome::invalid("the session of this proof was forgotten while it was checked")));
        const se::ProviderPolicy& policy = *s_.state->policy;
        // Another peer may have claimed an unpinned session while the chain was read.
        if (auto bound = se::checkRequesterBinding(*live, requester); !bound.ok()) return done(verdictJson(bound));
        if (auto pre = se::precheckProof(*live, proof, info, policy); !pre.ok()) return done(verdictJson(pre));
        se::Outcome o = se::checkProofAgainstChain(*live, proof, policy, stream, clock->timestamp);
        if (!o.ok()) return done(verdictJson(o));
        // A copy of this request whose check ended while the chain was read is queued already.
        if (replay_ && replay_->pending(sessionKey, info.requestId)) return done(verdictJson(replayOutcome(info.requestId)));
        const bool firstBinding = !live->boundStreamId;
        const bool pinned = se::pinRequester(*live, requester);
        // Bound now, so a proof for another stream checked before the record commits is refused.
        // The request id joins the RAM window only once its record committed: a record that
        // could not be written leaves the request unserved, so its retry must not be a replay.
        se::bindStream(*live, proof.stream_id);
        // The served request id is durable before the answer (group commit at the end of this
        // turn: replay_batch.h): a replay after a crash is still refused.
        const bool saveState = firstBinding || pinned;
        replayBatch().record(sessionKey, info.requestId, [this, o, sessionKey, streamId = proof.stream_id, requestId = info.requestId,
                                                          vaultId = live->vaultId, saveState, done](Result<bool> recorded) {
          if (!recorded.ok()) {
            return done(verdictJson(se::Outcome::invalid("could not write the replay record: " + recorded.error().message), kReplayStoreFailed));
          }
          if (se::ProviderSession* s = s_.state->policy ? s_.state->sessions.find(sessionKey) : nullptr) {
            se::commitProof(s_.state->sessions, *s, streamId, requestId);
          }
          if (!recorded.value()) return done(verdictJson(replayOutcome(requestId)));  // the record is the authority
          if (saveState) {
            if (!s_.running()) return done(stopped());
            if (auto st = s_.state->save(); !st.ok()) {
              return done(verdictJson(se::Outcome::invalid("could not record the request id: " + st.error().message), kStateWriteFailed));
            }
          }
          Json ok = verdictJson(o);
          ok["stream_id"] = streamId;
          ok["vault_id"] = vaultId;
          done(ok);
        });
      });
    });
  };
  if (!cfg.verifyReadCache) return check(chain);
  // No read at all while the watch's height is fresh (chain_head_watch.h); otherwise one height
  // read instead of two account reads while no block came since the last check.
  if (auto head = headWatch().fresh(cfg.chainViewMaxAgeMs)) return check(chain.atHeight(proofReads_, *head));
  const auto started = std::chrono::steady_clock::now();
  chain.blockHeight([this, chain, check, done, started, reads = proofReads_](Result<std::uint64_t> height) {
    if (!height.ok()) {
      return done(verdictJson(se::Outcome::invalid("could not read the block height: " + height.error().message), kChainReadFailed));
    }
    if (head_) head_->observe(height.value(), started);
    check(chain.atHeight(reads, height.value()));
  });
}

ChainHeadWatch& EligibilityOperations::headWatch() {
  if (!head_) {
    head_ = std::make_unique<ChainHeadWatch>([this](Then<std::uint64_t> then) {
      if (!s_.running()) return then(Error{kChainReadFailed, "the module is stopping"});
      s_.chain().blockHeight(std::move(then));
    });
  }
  return *head_;
}

ReplayBatch& EligibilityOperations::replayBatch() {
  if (!replay_) {
    replay_ = std::make_unique<ReplayBatch>([this](const std::vector<std::pair<eligibility::PublicKey, std::string>>& ids)
                                                -> Result<std::vector<bool>> {
      if (!s_.running()) return Error{kReplayStoreFailed, "the module is stopping"};
      return s_.state->recordServedAll(ids);
    });
  }
  return *replay_;
}

void EligibilityOperations::shutdown() {
  // Checks waiting for their record are answered while the state is still there.
  if (replay_) replay_->flush();
  replay_.reset();
  head_.reset();
}

void EligibilityOperations::prepareProposal(const HookParams& p, Answer done) {
  auto n8 = canonicalParam(p);
  if (!n8.ok()) return done(errorJson(n8.error()));
  const std::string peer = p.providerPeerId;
  auto mapping = s_.state->peerMappings.find(peer);
  if (mapping == s_.state->peerMappings.end()) {
    return done(userErrorJson(se::userError(se::UserError::UnknownProvider, "no provider account is mapped to peer '" + peer +
                                                                                "' (registerProviderMapping)")));
  }
  if (!s_.state->terms) {
    return done(userErrorJson(se::userError(se::UserError::NoEligibleVault, "no user terms configured (configureUserTerms)")));
  }
  const AccountId provider = mapping->second;
  const se::UserTerms terms = *s_.state->terms;
  const ChainReader chain = s_.chain();
  const ModuleConfig cfg = s_.config();
  const std::vector<std::uint8_t> request = n8.value();
  auto failed = [done](se::UserError code, const std::string& message) { done(userErrorJson(se::userError(code, message))); };
  chain.clock(cfg.clock, [=, this](Result<lez::core::ClockAccountData> clock) {
    if (!clock.ok()) return failed(se::UserError::ChainReadFailed, clock.error().message);
    if (!s_.running()) return done(stopped());
    const ls::Timestamp now = ls::foldSeconds(clock->timestamp);
    auto existing = s_.state->negotiations.find(peer);
    const se::Negotiation* previous = existing == s_.state->negotiations.end() ? nullptr : &existing->second;
    if (auto gate = se::proposalGate(previous, now); !gate.ok()) return done(userErrorJson(gate.error()));
    chain.vault(cfg.program, terms.owner, terms.vaultId, [=, this](Result<se::VaultView> vault) {
      if (!vault.ok()) return failed(se::UserError::ChainReadFailed, vault.error().message);
      if (auto ok = se::checkVaultEligible(vault->config, vault->holdingBalance, terms); !ok.ok()) return done(userErrorJson(ok.error()));
      const std::uint64_t nextStreamId = vault->config->nextStreamId;
      const ls::Timestamp deadline = now + terms.deadlineDelay;
      signProposal(terms.owner,
                   [=](const eligibility::PublicKey& ownerPk, const eligibility::PublicKey& sessionPk) {
                     return se::unsignedProposal(terms, provider, ownerPk, sessionPk, deadline);
                   },
                   [=, this](Result<SignedProposal> signedProposal) {
                     if (!signedProposal.ok()) return done(userErrorJson(signedProposal.error()));
                     se::Negotiation n;
                     n.providerPeerId = peer;
                     n.provider = provider;
                     n.owner = terms.owner;
                     n.vaultId = terms.vaultId;
                     if (auto st = recordNegotiation(std::move(n), signedProposal.value()); !st.ok()) return done(errorJson(st.error()));
                     done(proposalAnswer(signedProposal->proposal, nextStreamId, provider, request));
                   });
    });
  });
}

Json EligibilityOperations::proposalAnswer(const eligibility::StreamProposal& proposal, std::uint64_t streamId, const AccountId& provider,
                                           const std::vector<std::uint8_t>& request) const {
  const auto bytes = eligibility::encodeEligibilityProof(eligibility::EligibilityProof{proposal});
  return logos::okEnvelope(Json{{"kind", "stream_proposal"}, {"bytes_hex", lezpay::util::toHex(bytes)},
                                {"vault_id", proposal.vault_proof.vault_id}, {"stream_id", streamId},
                                {"create_stream_deadline", proposal.stream_params.create_stream_deadline},
                                {"session_public_key", hexOf(proposal.public_key)}, {"provider", provider.toBase58()},
                                {"request_id", requestIdOf(request)}});
}

void EligibilityOperations::signProposal(const AccountId& owner, ProposalBuilder build, std::function<void(Result<SignedProposal>)> then) {
  const ChainReader chain = s_.chain();
  const ModuleConfig cfg = s_.config();
  auto failed = [then](const std::string& message) { then(se::userError(se::UserError::WalletSigningFailed, message)); };
  chain.walletCall("get_public_account_key", Json{{"account_id", owner.toHex()}}, cfg.walletTimeoutMs, [=, this](const Json& ownerKey) {
    if (!logos::isOk(ownerKey)) {
      return failed("the wallet holds no key for owner " + owner.toBase58() + ": " + ownerKey.value("message", std::string()));
    }
    auto ownerPk = lezpay::util::fromHexFixed<32>(ownerKey.value("public_key", std::string()));
    if (!ownerPk.ok()) return failed("the wallet answered no public key");
    chain.walletCall("create_session_key", Json::object(), cfg.walletTimeoutMs, [=, this](const Json& created) {
      auto sessionPk = lezpay::util::fromHexFixed<32>(created.value("public_key", std::string()));
      if (!logos::isOk(created) || !sessionPk.ok()) {
        return failed("the wallet made no session key: " + created.value("code", std::string()) + " " + created.value("message", std::string()));
      }
      eligibility::StreamProposal proposal = build(ownerPk.value(), sessionPk.value());
      const eligibility::Digest digest = eligibility::vaultOwnerAuthDigest(proposal);
      chain.walletCall("sign_public_payload", Json{{"account_id", owner.toHex()}, {"digest_hex", lezpay::util::toHex(digest)}}, cfg.walletTimeoutMs,
                       [=, this](const Json& sig) mutable {
                         auto sigBytes = lezpay::util::fromHexFixed<64>(sig.value("result", std::string()));
                         if (!s_.running()) return then(Error{"CANCELLED", "the module stopped"});
                         if (!logos::isOk(sig) || !sigBytes.ok()) {
                           forgetSessionKey(sessionPk.value());
                           return failed("the owner signature failed: " + sig.value("message", std::string()));
                         }
                         proposal.vault_proof.owner_signature = sigBytes.value();
                         then(SignedProposal{proposal});
                       });
    });
  });
}

void EligibilityOperations::forgetSessionKey(const eligibility::PublicKey& publicKey) {
  if (!s_.running()) return;
  const std::string hex = hexOf(publicKey);
  const int timeoutMs = s_.config().walletTimeoutMs;
  // After a running migration, which may still be importing this very key.
  migration_.whenDone([this, hex, timeoutMs] {
    if (!s_.running()) return;
    s_.walletCall("forget_session_key", Json{{"public_key", hex}}, timeoutMs, [hex](const Json& answer) {
      if (logos::isOk(answer)) return;
      qCWarning(lcStreamsEligibility).noquote() << "wallet_module did not forget session key" << QString::fromStdString(hex) << ":"
                                                << QString::fromStdString(answer.value("code", std::string("?")));
    });
  });
}

Status EligibilityOperations::migrateSessionKeys() {
  auto keys = readLegacySessionKeys(s_.state->dir());
  if (!keys.ok()) return keys.error();
  migration_.start(s_.state->dir(), std::move(keys.value()), s_.walletCall, s_.config().walletTimeoutMs);
  return lezpay::util::okStatus();
}

Status EligibilityOperations::recordNegotiation(se::Negotiation n, const SignedProposal& signedProposal) {
  auto previous = s_.state->negotiations.find(n.providerPeerId);
  std::optional<eligibility::PublicKey> replaced;
  if (previous != s_.state->negotiations.end()) replaced = previous->second.sessionKey;
  n.sessionKey = signedProposal.proposal.public_key;
  n.params = signedProposal.proposal.stream_params;
  const std::string peer = n.providerPeerId;
  s_.state->negotiations[peer] = std::move(n);
  if (auto st = s_.state->save(); !st.ok()) return st;
  if (replaced && *replaced != signedProposal.proposal.public_key) forgetSessionKey(*replaced);
  return lezpay::util::okStatus();
}

void EligibilityOperations::prepareExistingProposal(const HookParams& p, const ExistingStreamOption& option, Answer done) {
  auto n8 = canonicalParam(p);
  if (!n8.ok()) return done(errorJson(n8.error()));
  const std::string peer = p.providerPeerId;
  auto mapping = s_.state->peerMappings.find(peer);
  if (mapping == s_.state->peerMappings.end()) {
    return done(userErrorJson(se::userError(se::UserError::UnknownProvider, "no provider account is mapped to peer '" + peer +
                                                                                "' (registerProviderMapping)")));
  }
  if (!s_.state->terms) {
    return done(userErrorJson(se::userError(se::UserError::NoEligibleVault, "no vault owner configured (configureUserTerms {owner, vault_id})")));
  }
  const AccountId provider = mapping->second;
  se::UserTerms terms = *s_.state->terms;
  if (option.vaultId) terms.vaultId = *option.vaultId;
  const ls::StreamId streamId = option.streamId;
  const ChainReader chain = s_.chain();
  const ModuleConfig cfg = s_.config();
  const std::vector<std::uint8_t> request = n8.value();
  auto failed = [done](const std::string& message) { done(userErrorJson(se::userError(se::UserError::ChainReadFailed, message))); };
  chain.clock(cfg.clock, [=, this](Result<lez::core::ClockAccountData> clock) mutable {
    if (!clock.ok()) return failed(clock.error().message);
    if (!s_.running()) return done(stopped());
    const ls::Timestamp now = ls::foldSeconds(clock->timestamp);
    chain.stream(cfg.program, terms.owner, terms.vaultId, streamId, [=, this](Result<std::optional<ls::StreamConfig>> stream) mutable {
      if (!stream.ok()) return failed(stream.error().message);
      if (!stream.value()) {
        return done(userErrorJson(se::userError(se::UserError::StreamNotFound, "no stream " + std::to_string(streamId) + " in vault " +
                                                                                   std::to_string(terms.vaultId) + " of " + terms.owner.toBase58())));
      }
      // The proposal states the stream's own terms; the provider judges them against its policy
      // and the stream's state, so a refusal names what the provider does not accept.
      const ls::StreamConfig& st = *stream.value();
      terms.rate = st.rate;
      terms.allocation = st.allocation.toU64().value_or(UINT64_MAX);
      const ls::Timestamp deadline = now + terms.deadlineDelay;
      signProposal(terms.owner,
                   [=](const eligibility::PublicKey& ownerPk, const eligibility::PublicKey& sessionPk) {
                     eligibility::StreamProposal proposal = se::unsignedProposal(terms, provider, ownerPk, sessionPk, deadline);
                     proposal.existing_stream_id = streamId;
                     return proposal;
                   },
                   [=, this](Result<SignedProposal> signedProposal) {
                     if (!signedProposal.ok()) return done(userErrorJson(signedProposal.error()));
                     // Confirmed at once: the stream exists, nothing is left to create. Should the
                     // provider refuse, the refusal names why and proofs are refused until a new
                     // proposal is accepted.
                     se::Negotiation n;
                     n.providerPeerId = peer;
                     n.provider = provider;
                     n.owner = terms.owner;
                     n.vaultId = terms.vaultId;
                     n.state = se::NegotiationState::Confirmed;
                     n.streamId = streamId;
                     s_.state->remember(InventoryEntry{terms.owner, terms.vaultId, streamId, provider, peer, "", "registered"});
                     if (auto st = recordNegotiation(std::move(n), signedProposal.value()); !st.ok()) return done(errorJson(st.error()));
                     Json out = proposalAnswer(signedProposal->proposal, streamId, provider, request);
                     out["existing_stream_id"] = streamId;
                     done(out);
                   });
    });
  });
}

void EligibilityOperations::prepareProof(const HookParams& p, Answer done) {
  auto n8 = canonicalParam(p);
  if (!n8.ok()) return done(errorJson(n8.error()));
  const std::string peer = p.providerPeerId;
  std::optional<ls::StreamId> requested;
  if (!p.streamId.is_null() && !(p.streamId.is_string() && p.streamId.get<std::string>().empty())) {
    auto id = hookStreamId(p.streamId);
    if (!id.ok()) return done(errorJson(id.error()));
    requested = id.value();
  }
  auto it = s_.state->negotiations.find(peer);
  if (it == s_.state->negotiations.end() && s_.state->peerMappings.count(peer) == 0) {
    return done(userErrorJson(se::userError(se::UserError::UnknownProvider, "no provider account is mapped to peer '" + peer + "'")));
  }
  const ChainReader chain = s_.chain();
  const ModuleConfig cfg = s_.config();
  const std::vector<std::uint8_t> request = n8.value();
  auto failed = [done](const std::string& message) { done(userErrorJson(se::userError(se::UserError::ChainReadFailed, message))); };
  chain.clock(cfg.clock, [=, this](Result<lez::core::ClockAccountData> clock) {
    if (!clock.ok()) return failed(clock.error().message);
    if (!s_.running()) return done(stopped());
    // The negotiation as it stands now (another call may have changed it while the clock was read).
    auto found = s_.state->negotiations.find(peer);
    se::Negotiation* n = found == s_.state->negotiations.end() ? nullptr : &found->second;
    auto streamId = se::proofGate(n, requested, ls::foldSeconds(clock->timestamp));
    if (!streamId.ok()) {
      Error e = streamId.error();
      if (requested) e.message += registerHint(*requested);
      return done(userErrorJson(e));
    }
    const se::Negotiation snapshot = *n;
    chain.stream(cfg.program, snapshot.owner, snapshot.vaultId, streamId.value(),
                 [=, this, id = streamId.value(), clock = clock.value()](Result<std::optional<ls::StreamConfig>> stream) {
      if (!stream.ok()) return failed(stream.error().message);
      std::optional<ls::FoldedStream> folded;
      if (stream.value()) {
        auto f = ls::foldStoredStream(*stream.value(), clock);
        if (!f.ok()) return failed("fold: " + f.error().message);
        folded = f.value();
      }
      if (auto usable = se::streamUsable(folded, snapshot.provider); !usable.ok()) return done(userErrorJson(usable.error()));
      if (!s_.running()) return done(stopped());
      auto current = s_.state->negotiations.find(peer);
      if (current == s_.state->negotiations.end() || current->second.sessionKey != snapshot.sessionKey) {
        return done(userErrorJson(se::userError(se::UserError::StreamNotFound, "the negotiation with '" + peer + "' changed while its stream was read")));
      }
      se::Negotiation& live = current->second;
      if (live.state == se::NegotiationState::Pending) {
        // An explicit stream id while the proposal is pending: confirm it if it honours the terms.
        if (!se::streamMatchesTerms(*stream.value(), live)) {
          return done(userErrorJson(se::userError(se::UserError::StreamNotFound, "stream " + std::to_string(id) +
                                                                                      " does not match the negotiated terms" + registerHint(id))));
        }
        live.state = se::NegotiationState::Confirmed;
        live.streamId = id;
        s_.state->remember(InventoryEntry{live.owner, live.vaultId, id, live.provider, peer, "", "negotiated"});
        if (auto st = s_.state->save(); !st.ok()) return done(errorJson(st.error()));
      }
      // The wallet signs SHA256(N8) with the negotiation's session key; the proof is assembled here.
      const std::string sessionHex = hexOf(live.sessionKey);
      const ls::VaultId vaultId = live.vaultId;
      migration_.whenDone([=, this] {
        if (!s_.running()) return done(stopped());
        const Json params{{"public_key", sessionHex}, {"digest_hex", lezpay::util::toHex(eligibility::streamProofDigest(request))}};
        s_.walletCall("sign_with_session_key", params, cfg.walletTimeoutMs, [=](const Json& sig) {
          auto sigBytes = lezpay::util::fromHexFixed<64>(sig.value("signature", std::string()));
          if (!logos::isOk(sig) || !sigBytes.ok()) {
            return done(userErrorJson(se::userError(se::UserError::WalletSigningFailed,
                                                    "the wallet did not sign with the session key of this negotiation: " +
                                                        sig.value("code", std::string()) + " " + sig.value("message", std::string()))));
          }
          const auto bytes = se::assembleStreamProof(id, sigBytes.value());
          done(logos::okEnvelope(Json{{"kind", "stream_proof"}, {"bytes_hex", lezpay::util::toHex(bytes)}, {"stream_id", id},
                                      {"vault_id", vaultId}, {"request_id", requestIdOf(request)}}));
        });
      });
    });
  });
}

void EligibilityOperations::createFromAccepted(const std::string& peer, Answer done) {
  auto it = s_.state->negotiations.find(peer);
  if (it == s_.state->negotiations.end()) {
    return done(errorJson(kNoPendingProposal, "no proposal was prepared for peer '" + peer + "'"));
  }
  const se::Negotiation n = it->second;
  if (n.state == se::NegotiationState::Confirmed) {
    return done(logos::okEnvelope(Json{{"already_confirmed", true}, {"stream_id", n.streamId.value_or(0)}, {"vault_id", n.vaultId}}));
  }
  s_.chain().clock(s_.config().clock, [this, n, peer, done](Result<lez::core::ClockAccountData> clock) {
    if (!clock.ok()) return done(userErrorJson(se::userError(se::UserError::ChainReadFailed, clock.error().message)));
    if (ls::foldSeconds(clock->timestamp) > n.params.create_stream_deadline) {
      return done(userErrorJson(se::userError(se::UserError::ProposalExpired, "the create_stream_deadline " +
                                                                                  std::to_string(n.params.create_stream_deadline) +
                                                                                  " has passed; propose again")));
    }
    createStream(s_, n.owner, n.vaultId, std::nullopt, n.provider, n.params.stream_rate, U128(n.params.allocation), true,
                 [this, n, peer, done](Json created) {
                   if (!logos::isOk(created)) return done(created);
                   if (!s_.state) return done(created);
                   auto current = s_.state->negotiations.find(peer);
                   if (current == s_.state->negotiations.end() || current->second.sessionKey != n.sessionKey) {
                     return done(created);  // the stream exists; the negotiation moved on meanwhile
                   }
                   se::Negotiation& live = current->second;
                   live.state = se::NegotiationState::Confirmed;
                   live.streamId = created.value("stream_id", std::uint64_t{0});
                   s_.state->remember(InventoryEntry{live.owner, live.vaultId, *live.streamId, live.provider, peer,
                                                     created.value("tx_hash", std::string()), "negotiated"});
                   if (auto st = s_.state->save(); !st.ok()) return done(errorJson(st.error()));
                   created["provider_peer_id"] = peer;
                   done(created);
                 });
  });
}

void EligibilityOperations::registerOperations() {
  using PT = ParamType;
  // Local operations answer at once from the state; the hooks and the acknowledgment read the
  // chain and answer later.
  auto add = [this](logos::OperationSpec spec, std::function<Json(const logos::sdk::Args&)> local) {
    s_.addOperation(std::move(spec), [local](ModuleServices&, const logos::sdk::Args& a, Answer done) { done(local(a)); });
  };
  auto addChained = [this](logos::OperationSpec spec, std::function<void(const logos::sdk::Args&, Answer)> handler) {
    s_.addOperation(std::move(spec), [handler](ModuleServices&, const logos::sdk::Args& a, Answer done) { handler(a, std::move(done)); });
  };
  const std::string exampleN8 = lezpay::util::toHex(std::vector<std::uint8_t>{0x2f, 0x4c, 0x45, 0x5a});
  const logos::ParamSpec peer{"provider_peer_id", PT::String, true, nullptr, kPeerDoc};
  // Hook operations: required, but checked after the camelCase aliases are resolved.
  const logos::ParamSpec n8opt{"canonical_request_hex", PT::String, false, nullptr, std::string(kExampleN8Doc) + " (required)"};
  const logos::ParamSpec peerOpt{"provider_peer_id", PT::String, false, nullptr, std::string(kPeerDoc) + " (required)"};
  // delivery_module forwards the storeQuery "eligibility.options" object to every arm; ours ignore it.
  const logos::ParamSpec options{"options", PT::Any, false, nullptr, "ignored (accepted for the delivery hook's shape)"};

  addChained(shapes::shaped({std::string(logos::eligibility::kVerifyOperation),
       "Provider side: verdict on a Store request's eligibility proof (OK, PARAMS_REJECTED, PROOF_INVALID, STREAM_NOT_ACTIVE).",
       [&] {
         std::vector<logos::ParamSpec> v{{"proof_hex", PT::String, false, nullptr, "EligibilityProof bytes as hex; empty = no proof"},
                                         n8opt,
                                         {"requester_peer_id", PT::String, false, nullptr, "PeerId of the requester as the transport authenticated it (\"\" over plain TCP); a session is bound to the peer that proposed it"}};
         for (auto& a : aliasSpecs({"proofHex", "canonicalRequestHex", "requesterPeerId"})) v.push_back(a);
         return v;
       }(),
       Json{{"eligibility", "OK"}, {"message", ""}},
       Json{{"proof_hex", ""}, {"canonical_request_hex", exampleN8}, {"requester_peer_id", "16Uiu2HAm..."}}},
                     Json{{"eligibility", "string"}, {"message", "string"}, {"session_public_key?", "hex32"}, {"create_stream_deadline?", "u64"},
                          {"stream_id?", "u64"}, {"vault_id?", "u64"}}),
      [this](const logos::sdk::Args& a, Answer done) {
        auto p = hookParams(a, {"canonical_request_hex"});
        if (!p.ok()) return done(errorJson(p.error()));
        verify(p.value(), std::move(done));
      });
  addChained(shapes::shaped({std::string(logos::eligibility::kPrepareProposalOperation),
       "User side: a signed StreamProposal for the mapped provider under the configured user terms (fresh session key); "
       "options.existing_stream_id registers a stream that already exists instead (options.vault_id: its vault, default the configured one).",
       [&] {
         std::vector<logos::ParamSpec> v{n8opt, peerOpt,
                                         {"options", PT::Any, false, nullptr,
                                          "object; existing_stream_id (u64): propose the stream that already exists, vault_id (u64): its vault; other keys ignored"}};
         for (auto& a : aliasSpecs({"canonicalRequestHex", "providerPeerId"})) v.push_back(a);
         return v;
       }(),
       Json{{"kind", "stream_proposal"}, {"bytes_hex", ""}, {"stream_id", 0}, {"vault_id", 0}},
       Json{{"canonical_request_hex", exampleN8}, {"provider_peer_id", "16Uiu2HAm..."}}},
                     Json{{"kind", "string"}, {"bytes_hex", "hex"}, {"vault_id", "u64"}, {"stream_id", "u64"}, {"create_stream_deadline", "u64"}, {"session_public_key", "hex"}, {"provider", "base58"}, {"request_id", "string"}, {"existing_stream_id?", "u64"}}),
      [this](const logos::sdk::Args& a, Answer done) {
        auto p = hookParams(a, {"canonical_request_hex", "provider_peer_id"});
        if (!p.ok()) return done(errorJson(p.error()));
        auto existing = existingStreamOption(a);
        if (!existing.ok()) return done(errorJson(existing.error()));
        if (existing.value()) return prepareExistingProposal(p.value(), *existing.value(), std::move(done));
        prepareProposal(p.value(), std::move(done));
      });
  addChained(shapes::shaped({std::string(logos::eligibility::kPrepareProofOperation),
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
                     Json{{"kind", "string"}, {"bytes_hex", "hex"}, {"stream_id", "u64"}, {"vault_id", "u64"}, {"request_id", "string"}}),
      [this](const logos::sdk::Args& a, Answer done) {
        auto p = hookParams(a, {"canonical_request_hex", "provider_peer_id"});
        if (!p.ok()) return done(errorJson(p.error()));
        prepareProof(p.value(), std::move(done));
      });
  addChained(shapes::shaped({"createStreamFromAcceptedProposal",
       "User side: after the provider accepted a proposal, creates the on-chain stream with exactly the negotiated terms.",
       {peer}, Json{{"stream_id", 0}, {"tx_hash", ""}}, Json{{"provider_peer_id", "16Uiu2HAm..."}}},
                     // createStream's answer (shapes::createdStream) or, once confirmed before, only the ids.
                     Json{{"stream_id", "u64"}, {"vault_id", "u64"}, {"already_confirmed?", "bool"}, {"provider_peer_id?", "string"},
                          {"success?", "bool"}, {"tx_hash?", "hex32"}, {"tx_status?", "string"}, {"block_id?", "u64|null"}, {"wallet?", "object"},
                          {"stream?", shapes::streamConfig()}, {"stream_account?", "base58"}}),
      [this](const logos::sdk::Args& a, Answer done) { createFromAccepted(a.str("provider_peer_id"), std::move(done)); });
  add(shapes::shaped({"markProposalRejected", "User side: forgets a pending proposal the provider refused, so a new one can be made.", {peer},
       Json{{"forgotten", true}}, Json{{"provider_peer_id", "16Uiu2HAm..."}}},
                     Json{{"forgotten", "bool"}}),
      [this](const logos::sdk::Args& p) {
        const std::string peerId = p.str("provider_peer_id");
        auto it = s_.state->negotiations.find(peerId);
        const bool pending = it != s_.state->negotiations.end() && it->second.state == se::NegotiationState::Pending;
        std::optional<eligibility::PublicKey> refusedKey;
        if (pending) {
          refusedKey = it->second.sessionKey;
          s_.state->negotiations.erase(it);
        }
        if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
        if (refusedKey) forgetSessionKey(*refusedKey);
        return logos::okEnvelope(Json{{"forgotten", pending}});
      });
  add(shapes::shaped({"registerProviderMapping", "User side: maps a provider PeerId to the provider's LEZ account.",
       {{"peer_id", PT::String, true, nullptr, "provider PeerId"}, {"provider", PT::Account, true, nullptr, "provider account (base58 or 64 hex)"}},
       Json::object(), Json{{"peer_id", "16Uiu2HAm..."}, {"provider", "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY"}}},
                     Json{{"peer_id", "string"}, {"provider", "base58"}}),
      [this](const logos::sdk::Args& p) {
        const AccountId provider = accountOf(p, "provider");
        const std::string peerId = p.str("peer_id");
        if (peerId.empty()) return errorJson(kInvalidArgs, "peer_id must not be empty");
        s_.state->peerMappings[peerId] = provider;
        if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
        return logos::okEnvelope(Json{{"peer_id", peerId}, {"provider", provider.toBase58()}});
      });
  add(shapes::shaped({"configureUserTerms", "User side: owner, vault and proposal terms (persisted; absent keys keep their value).",
       {{"owner", PT::Account, false, nullptr, "vault owner account; its key must be in this host's wallet"},
        {"vault_id", PT::U64, false, nullptr, "vault used for proposals"},
        {"rate", PT::U64, false, nullptr, "proposed stream_rate (tokens per second)"},
        {"allocation", PT::U64, false, nullptr, "proposed allocation (u64: the proposal field is u64)"},
        {"deadline_delay_seconds", PT::U64, false, nullptr, "seconds from now to create_stream_deadline (default 120)"},
        {"service_id", PT::String, false, nullptr, "service asked for (default /vac/waku/store-query/3.0.0)"}},
       Json{{"user_terms", Json::object()}}, Json{{"owner", "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo"}, {"vault_id", 0}, {"rate", 1}, {"allocation", 600}}},
                     Json{{"user_terms", "object"}}),
      [this](const logos::sdk::Args& p) {
        se::UserTerms t = s_.state->terms.value_or(se::UserTerms{});
        if (p.has("owner")) {
          t.owner = accountOf(p, "owner");
        } else if (!s_.state->terms) {
          return errorJson(kInvalidArgs, "owner is required the first time");
        }
        if (p.has("vault_id")) t.vaultId = p.u64("vault_id");
        if (p.has("rate")) t.rate = p.u64("rate");
        if (p.has("allocation")) t.allocation = p.u64("allocation");
        if (p.has("deadline_delay_seconds")) t.deadlineDelay = p.u64("deadline_delay_seconds");
        if (p.has("service_id")) t.serviceId = p.str("service_id");
        if (t.rate == 0 || t.allocation == 0) return errorJson(kInvalidArgs, "rate and allocation must be > 0");
        if (auto st = eligibility::checkServiceId(t.serviceId); !st.ok()) return errorJson(kInvalidArgs, "service_id: " + st.error().message);
        s_.state->terms = t;
        if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
        return logos::okEnvelope(Json{{"user_terms", toJson(t)}});
      });
  add(shapes::shaped({"configureProviderPolicy", "Provider side: our account, service, minimum terms, deadline bound, tokens, memory bounds (persisted).",
       {{"provider_account", PT::Account, false, nullptr, "our provider account; its key must be in this host's wallet for claim and close"},
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
                     Json{{"provider_policy", "object"}}),
      [this](const logos::sdk::Args& p) {
        se::ProviderPolicy pol = s_.state->policy.value_or(se::ProviderPolicy{});
        if (p.has("provider_account")) {
          pol.provider = accountOf(p, "provider_account");
        } else if (!s_.state->policy) {
          return errorJson(kInvalidArgs, "provider_account is required the first time");
        }
        if (p.has("service_id")) pol.serviceId = p.str("service_id");
        if (p.has("min_rate")) pol.minRate = p.u64("min_rate");
        if (p.has("min_allocation")) pol.minAllocation = p.u64("min_allocation");
        if (p.has("max_create_stream_deadline_delay")) pol.maxCreateStreamDeadlineDelay = p.u64("max_create_stream_deadline_delay");
        if (p.has("accepted_tokens")) {
          pol.acceptedTokens.clear();
          for (const auto& t : p.value("accepted_tokens")) {
            auto tok = t.is_string() ? lezpay::util::fromHexFixed<32>(t.get<std::string>()) : lezpay::util::Result<std::array<std::uint8_t, 32>>(Error{"", ""});
            if (!tok.ok()) return errorJson(kInvalidArgs, "accepted_tokens: every entry must be 64 hex digits");
            if (std::find(pol.acceptedTokens.begin(), pol.acceptedTokens.end(), tok.value()) == pol.acceptedTokens.end()) pol.acceptedTokens.push_back(tok.value());
          }
          if (pol.acceptedTokens.empty() || pol.acceptedTokens.size() > eligibility::kMaxAcceptedTokens) {
            return errorJson(kInvalidArgs, "accepted_tokens must hold 1..16 tokens");
          }
        }
        if (p.has("replay_window")) pol.replayWindow = std::max<std::uint64_t>(1, std::min<std::uint64_t>(p.u64("replay_window"), 1u << 20));
        if (p.has("max_sessions")) pol.maxSessions = std::max<std::uint64_t>(1, std::min<std::uint64_t>(p.u64("max_sessions"), 1u << 20));
        if (auto st = eligibility::checkServiceId(pol.serviceId); !st.ok()) return errorJson(kInvalidArgs, "service_id: " + st.error().message);
        if (p.has("max_proposal_attempts")) pol.maxProposalAttempts = p.u64("max_proposal_attempts");
        if (p.has("proposal_attempt_window_seconds")) pol.proposalAttemptWindow = p.u64("proposal_attempt_window_seconds");
        s_.state->policy = pol;
        s_.state->sessions.setMaxSessions(pol.maxSessions);
        s_.state->attempts.configure(pol.maxProposalAttempts, pol.proposalAttemptWindow);
        if (auto st = s_.state->save(); !st.ok()) return errorJson(st.error());
        return logos::okEnvelope(Json{{"provider_policy", toJson(pol)}});
      });
  add(shapes::shaped({"getConfiguration", "Configuration, provider policy, user terms, peer mappings and negotiations (no keys).", {},
       Json{{"config", Json::object()}}, Json::object()},
                     Json{{"config", "object"}, {"provider_policy", "object|null"}, {"user_terms", "object|null"}, {"peer_mappings", "object"}, {"negotiations", "array"}}),
      [this](const logos::sdk::Args&) {
        Json out{{"config", toJson(s_.state->config)}};
        out["provider_policy"] = s_.state->policy ? toJson(*s_.state->policy) : Json(nullptr);
        out["user_terms"] = s_.state->terms ? toJson(*s_.state->terms) : Json(nullptr);
        out["peer_mappings"] = Json::object();
        for (const auto& [k, v] : s_.state->peerMappings) out["peer_mappings"][k] = v.toBase58();
        out["negotiations"] = Json::array();
        for (const auto& [k, v] : s_.state->negotiations) out["negotiations"].push_back(toJson(v));
        return logos::okEnvelope(out);
      });
  add(shapes::shaped({"getChainView", "Provider side: the block height proof checks use, how long ago its read started, and whether the watch polls.", {},
       Json{{"height", 1}, {"age_ms", 3}, {"polling", true}, {"polls", 10}, {"chain_view_max_age_ms", 25}}, Json::object()},
                     Json{{"height", "u64|null"}, {"age_ms", "u64|null"}, {"polling", "bool"}, {"polls", "u64"}, {"chain_view_max_age_ms", "u64"}}),
      [this](const logos::sdk::Args&) {
        const auto v = head_ ? head_->view() : std::nullopt;
        return logos::okEnvelope(Json{{"height", v ? Json(v->height) : Json(nullptr)},
                                      {"age_ms", v ? Json(static_cast<std::uint64_t>(std::max<std::int64_t>(0, v->ageMs))) : Json(nullptr)},
                                      {"polling", v && v->polling},
                                      {"polls", head_ ? head_->polls() : 0},
                                      {"chain_view_max_age_ms", s_.config().chainViewMaxAgeMs}});
      });
  add(shapes::shaped({"listProviderSessions", "Provider side: accepted sessions (terms, binding, requests served); no keys beyond public ones.", {},
       Json{{"sessions", Json::array()}}, Json::object()},
                     Json{{"sessions", "array"}}),
      [this](const logos::sdk::Args&) {
        Json list = Json::array();
        for (const auto& [key, sess] : s_.state->sessions.sessions()) {
          Json j{{"session_public_key", hexOf(key)}, {"owner", sess.owner.toBase58()}, {"vault_id", sess.vaultId},
                 {"service_id", sess.params.service_id}, {"stream_rate", sess.params.stream_rate},
                 {"allocation", sess.params.allocation}, {"create_stream_deadline", sess.params.create_stream_deadline},
                 {"requests_remembered", sess.replay.ids().size()}};
          j["requester_peer_id"] = sess.requesterPeerId ? Json(*sess.requesterPeerId) : Json(nullptr);
          auto served = s_.state->servedCount(key);
          j["requests_served"] = served.ok() ? served.value() : 0;
          j["bound_stream_id"] = sess.boundStreamId ? Json(*sess.boundStreamId) : Json(nullptr);
          list.push_back(j);
        }
        return logos::okEnvelope(Json{{"sessions", list}});
      });
}

}  // namespace payment_streams
