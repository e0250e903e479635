// Spend-request operations of the agent (x402.md §8) and the owner's wallet signatures.
#include "agent.h"
#include "agent_caller.h"

#include <algorithm>

#include "lezpay/util/hex.h"
#include "logos/envelope.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/json_codec.h"
#include "x402/spend_request_json.h"

namespace x402mod {

using logos::Json;
using lez::core::U128;

namespace {

Json spendError(const lezpay::util::Error& e) { return logos::errorEnvelope(e.code, e.message); }

Json notFound(const std::string& id) {
  return logos::errorEnvelope(x402::toString(x402::SpendError::NotFound), "no spend request with id '" + id + "'");
}

}  // namespace

const std::string& Agent::boundResource(const x402::SpendRequest& r) {
  return r.resource_url.empty() ? r.merchant_url : r.resource_url;
}

Agent::Agent(ModuleShell shell) : shell_(std::move(shell)) {}
Agent::~Agent() = default;

void Agent::wallet(const std::string& op, const Json& params, std::function<void(Json)> done, int extraTimeoutMs) {
  auto* ctx = shell_.context();
  if (ctx == nullptr) return done(logos::errorEnvelope(kWalletError, "the module is not initialised"));
  std::weak_ptr<int> alive = life_;
  ctx->callAsync("wallet_module", op, params, static_cast<int>(config_.wallet_timeout_ms) + extraTimeoutMs,
                 [alive, done = std::move(done)](const Json& answer) {
                   if (alive.lock()) done(answer);
                 });
}

namespace {
lezpay::util::Error walletFailure(const std::string& op, const Json& answer) {
  const std::string code = answer.value("code", std::string("?"));
  std::string message = answer.value("message", std::string());
  if (answer.contains("error") && answer["error"].is_object()) {
    message = answer["error"].value("code", code) + ": " + answer["error"].value("message", message);
  }
  return lezpay::util::Error{kWalletError, "wallet_module." + op + " failed (" + code + "): " + message};
}
}  // namespace

void Agent::chainNonce(const std::string& account, std::function<void(lezpay::util::Result<U128>)> done) {
  wallet("get_account_public", Json{{"account_id", account}}, [done = std::move(done)](Json a) {
    if (!logos::isOk(a)) return done(walletFailure("get_account_public", a));
    auto n = U128::parseDecimal(a.value("nonce_decimal", std::string()));
    if (!n.ok()) return done(lezpay::util::Error{kWalletError, "wallet_module.get_account_public answered no nonce_decimal"});
    done(n.value());
  });
}

void Agent::signExactPayment(const std::string& payer, const std::string& payTo, const U128& amount, const std::string& resourceUrl,
                             std::uint64_t validAfter, std::uint64_t validBefore, SignedDone done) {
  // Two wallet calls in order: the transfer, then the authorization over its hash.
  wallet("sign_transfer_public", Json{{"from", payer}, {"to", payTo}, {"amount", amount.toDecimal()}},
         [this, payer, resourceUrl, validAfter, validBefore, done = std::move(done)](Json tx) mutable {
           if (!logos::isOk(tx)) return done(walletFailure("sign_transfer_public", tx));
           const std::string txBase64 = tx.value("transaction_base64", std::string());
           auto hash = x402::transactionHashOfBase64(txBase64);
           if (!hash.ok()) {
             return done(lezpay::util::Error{kWalletError, "wallet_module answered an undecodable transaction: " + hash.error().message});
           }
           const auto digest = x402::authorizationDigest(hash.value(), validAfter, validBefore, resourceUrl);
           const Json& nonces = tx.value("nonces", Json::array());
           std::string nonce = nonces.is_array() && !nonces.empty() && nonces[0].is_string() ? nonces[0].get<std::string>() : std::string();
           wallet("sign_public_payload", Json{{"account_id", payer}, {"digest_hex", lez::core::hashToHex(digest)}},
                  [txBase64, txHash = lez::core::hashToHex(hash.value()), nonce, validAfter, validBefore, done = std::move(done)](Json sig) {
                    if (!logos::isOk(sig)) return done(walletFailure("sign_public_payload", sig));
                    auto sigBytes = lezpay::util::fromHexFixed<64>(sig.value("result", std::string()));
                    if (!sigBytes.ok()) {
                      return done(lezpay::util::Error{kWalletError, "wallet_module.sign_public_payload answered no 64-byte signature"});
                    }
                    x402::ExactLezPayload payload{txBase64, validAfter, validBefore, sigBytes.value()};
                    done(Signed{x402::dumpJson(x402::toJson(payload)), txHash, nonce, validAfter, validBefore});
                  });
         });
}

Json Agent::createSpendRequest(const logos::sdk::Args& a) {
  x402::SpendRequestDraft d;
  d.merchant_name = a.str("merchant_name");
  d.merchant_url = a.str("merchant_url");
  d.pay_to = a.str("pay_to");
  d.amount = a.u128("amount").toDecimal();
  d.asset = a.str("asset");
  d.network = a.has("network") ? a.str("network") : config_.network;
  d.reason = a.str("reason");
  d.resource_url = a.str("resource_url");
  d.max_timeout_seconds = a.u64("max_timeout_seconds");
  return openSpendRequest(d, a.boolean("request_approval"));
}

Json Agent::openSpendRequest(const x402::SpendRequestDraft& d, bool requestApproval) {
  const std::int64_t t = now();
  if (auto e = refreshAll(t)) return *e;
  auto checked = x402::checkNewRequest(d, config_.policy);
  if (!checked.ok()) {
    (void)audit_.append("spend_request_refused", Json{{"code", checked.error().code}, {"message", checked.error().message},
                                                      {"merchant_url", d.merchant_url.substr(0, 200)}, {"amount", d.amount.substr(0, 60)}}, t);
    return spendError(checked.error());
  }
  if (auto caps = x402::checkCaps(checked->amount, requests_, direct_, config_.policy, t); !caps.ok()) {
    (void)audit_.append("spend_request_refused", Json{{"code", caps.error().code}, {"message", caps.error().message},
                                                      {"merchant_url", d.merchant_url}, {"amount", checked->amount.toDecimal()}}, t);
    return spendError(caps.error());
  }
  x402::SpendRequest r = x402::openSpendRequest(checked.value(), newId(), t, config_.policy, requestApproval);
  Json fields{{"merchant_name", r.merchant_name}, {"merchant_url", r.merchant_url}, {"pay_to", r.pay_to},
              {"amount", r.amount.toDecimal()}, {"asset", r.asset}, {"network", r.network}, {"reason", r.reason},
              {"resource_url", r.resource_url}};
  if (auto e = commit(r, "spend_request_created", fields, t)) return *e;
  shell_.emitEvent("spendRequestCreated", Json::array({r.id, std::string(x402::toString(r.status)), r.amount.toDecimal()}));
  return logos::okEnvelope(Json{{"spend_request", x402::publicView(r)}});
}

Json Agent::requestApproval(const std::string& id) {
  const std::int64_t t = now();
  if (auto e = refreshAll(t)) return *e;
  const int i = find(id);
  if (i < 0) return notFound(id);
  auto r = x402::requestApproval(requests_[static_cast<std::size_t>(i)], t, config_.policy);
  if (!r.ok()) return spendError(r.error());
  if (auto e = commit(r.value(), "approval_requested", Json{{"approval_expires_at", r->approval_expires_at}}, t)) return *e;
  emitUpdated(r.value());
  return logos::okEnvelope(Json{{"spend_request", x402::publicView(r.value())}});
}

std::optional<Json> Agent::approvalRefusal(const std::string& id, std::int64_t t) {
  const int i = find(id);
  if (i < 0) return notFound(id);
  const x402::SpendRequest& current = requests_[static_cast<std::size_t>(i)];
  auto st = x402::canApprove(current, t);
  if (st.ok()) st = x402::checkCaps(current.amount, requests_, direct_, config_.policy, t, id);
  if (st.ok()) return std::nullopt;
  (void)audit_.append("approval_refused", Json{{"spend_request_id", id}, {"code", st.error().code}, {"message", st.error().message}}, t);
  return spendError(st.error());
}

void Agent::approve(const std::string& id, std::uint64_t validSeconds, const Json& caller, logos::sdk::Reply reply) {
  const std::int64_t t = now();
  // Expire overdue requests first: the caps below must not count approvals that lapsed unused.
  // canApprove still names the window or the lifetime for a request that just expired.
  if (auto e = refreshAll(t)) return reply.answer(*e);
  if (auto refused = approvalRefusal(id, t)) return reply.answer(*refused);
  const x402::SpendRequest current = requests_[static_cast<std::size_t>(find(id))];
  if (config_.owner_account.empty()) {
    return reply.answer(logos::errorEnvelope(kOwnerNotConfigured, "configure the owner account (configureAgent owner_account) before approving"));
  }
  // The one-time credential: the exact transfer, signed now, and the time-bound authorization.
  // Its window is the merchant's maxTimeoutSeconds (x402.md §6, as the reference client), or
  // what the owner chose, and never beyond the request's lifetime (x402.md §8: valid_until).
  const std::uint64_t validAfter = t > static_cast<std::int64_t>(x402::kValidAfterSkewSeconds) ? static_cast<std::uint64_t>(t) - x402::kValidAfterSkewSeconds : 0;
  const std::int64_t ownerSeconds = static_cast<std::int64_t>(std::min<std::uint64_t>(validSeconds, 7ULL * 24 * 3600));
  const auto validBefore = static_cast<std::uint64_t>(credentialDeadline(current, t, ownerSeconds, current.max_timeout_seconds));
  signExactPayment(config_.owner_account, current.pay_to, current.amount, boundResource(current), validAfter, validBefore,
                   [this, id, t, ownerSeconds, decidedBy = decisionFields("approved", caller), reply](lezpay::util::Result<Signed> s) {
                     finishApprove(id, t, ownerSeconds, decidedBy, std::move(s), reply);
                   });
}

void Agent::finishApprove(const std::string& id, std::int64_t t, std::int64_t ownerSeconds, const Json& decidedBy,
                          lezpay::util::Result<Signed> signedPayment, const logos::sdk::Reply& reply) {
  // A caller that went away gets no approval: the signed transfer is dropped unsent.
  if (reply.done()) return;
  if (!signedPayment.ok()) {
    (void)audit_.append("approval_refused", Json{{"spend_request_id", id}, {"code", signedPayment.error().code},
                                                 {"message", signedPayment.error().message}}, t);
    return reply.answer(spendError(signedPayment.error()));
  }
  // Checked again: while the wallet signed, the request may have been declined, cancelled or
  // approved by another call, and another approval may have used the caps.
  if (auto refused = approvalRefusal(id, t)) return reply.answer(*refused);
  const x402::SpendRequest current = requests_[static_cast<std::size_t>(find(id))];
  x402::SpendCredential cred{signedPayment->payloadJson, signedPayment->txHash, config_.owner_account, signedPayment->nonce,
                             static_cast<std::int64_t>(signedPayment->validAfter), static_cast<std::int64_t>(signedPayment->validBefore), t,
                             ownerSeconds};
  auto approved = x402::approve(current, std::move(cred), t);
  if (!approved.ok()) return reply.answer(spendError(approved.error()));
  Json fields{{"amount", approved->amount.toDecimal()}, {"pay_to", approved->pay_to}, {"payer", config_.owner_account},
              {"tx_hash", approved->credential->tx_hash}, {"valid_before", approved->credential->valid_before}};
  fields.update(decidedBy);
  if (auto e = commit(approved.value(), "spend_request_approved", fields, t)) {
    return reply.answer(*e);
  }
  emitUpdated(approved.value());
  reply.ok(Json{{"spend_request", x402::publicView(approved.value())}});
}

Json Agent::decline(const std::string& id, const std::string& reason, const Json& caller) {
  const std::int64_t t = now();
  if (auto e = refreshAll(t)) return *e;
  const int i = find(id);
  if (i < 0) return notFound(id);
  auto clean = x402::sanitizeReason(reason);
  if (!clean.ok()) return spendError(clean.error());
  auto r = x402::decline(requests_[static_cast<std::size_t>(i)], clean.value().substr(0, 2000), t);
  if (!r.ok()) return spendError(r.error());
  Json fields{{"decline_reason", r->decline_reason}};
  fields.update(decisionFields("declined", caller));
  if (auto e = commit(r.value(), "spend_request_denied", fields, t)) return *e;
  emitUpdated(r.value());
  return logos::okEnvelope(Json{{"spend_request", x402::publicView(r.value())}});
}

Json Agent::cancel(const std::string& id, const Json& caller) {
  const std::int64_t t = now();
  if (auto e = refreshAll(t)) return *e;
  const int i = find(id);
  if (i < 0) return notFound(id);
  auto r = x402::cancel(requests_[static_cast<std::size_t>(i)], t);
  if (!r.ok()) return spendError(r.error());
  Json fields{{"details", r->status_details}};
  fields.update(decisionFields("canceled", caller));
  if (auto e = commit(r.value(), "spend_request_canceled", fields, t)) return *e;
  emitUpdated(r.value());
  return logos::okEnvelope(Json{{"spend_request", x402::publicView(r.value())}});
}

Json Agent::get(const std::string& id) {
  if (auto e = refreshAll(now())) return *e;
  const int i = find(id);
  if (i < 0) return notFound(id);
  return logos::okEnvelope(Json{{"spend_request", x402::publicView(requests_[static_cast<std::size_t>(i)])}});
}

Json Agent::list(const std::string& status, std::uint64_t limit) {
  if (!status.empty() && !x402::spendStatusFromString(status)) {
    return logos::errorEnvelope(kInvalidArgument, "status '" + status + "' is not one of created, pending_approval, approved, denied, "
                                                  "expired, canceled, succeeded, failed");
  }
  if (auto e = refreshAll(now())) return *e;
  Json out = Json::array();
  // Newest first.
  for (auto it = requests_.rbegin(); it != requests_.rend() && out.size() < limit; ++it) {
    if (status.empty() || x402::toString(it->status) == status) out.push_back(x402::publicView(*it));
  }
  return logos::okEnvelope(Json{{"spend_requests", out}, {"count", out.size()}});
}

std::int64_t Agent::credentialDeadline(const x402::SpendRequest& r, std::int64_t t, std::int64_t ownerSeconds, std::uint64_t maxTimeoutSeconds) {
  std::int64_t window = ownerSeconds;
  if (window <= 0 && maxTimeoutSeconds > 0) window = static_cast<std::int64_t>(std::min<std::uint64_t>(maxTimeoutSeconds, 7ULL * 24 * 3600));
  if (window <= 0) return r.valid_until;  // no challenge known and no owner choice: the request's lifetime
  return std::min(r.valid_until, t + window);
}

void Agent::refreshStaleCredential(const std::string& id, std::int64_t t, std::uint64_t maxTimeoutSeconds,
                                   std::function<void(std::optional<Json>)> done) {
  const int index = find(id);
  if (index < 0) return done(notFound(id));
  const x402::SpendRequest& r = requests_[static_cast<std::size_t>(index)];
  if (!r.credential || r.payment_attempted_at != 0 || r.status != x402::SpendStatus::Approved) return done(std::nullopt);
  chainNonce(r.credential->payer, [this, id, t, maxTimeoutSeconds, done = std::move(done)](lezpay::util::Result<U128> chain) mutable {
    if (!chain.ok()) return done(spendError(chain.error()));
    const int i = find(id);
    if (i < 0) return done(notFound(id));
    const x402::SpendRequest& r = requests_[static_cast<std::size_t>(i)];
    // Sent or changed by another call while the nonce was read: nothing to refresh here.
    if (!r.credential || r.payment_attempted_at != 0 || r.status != x402::SpendStatus::Approved) return done(std::nullopt);
    auto signedNonce = U128::parseDecimal(r.credential->nonce);
    // A nonce consumed by another transaction makes the old transfer unusable for ever; a window
    // that is closing, or longer than this challenge allows, only needs a new one. The old
    // credential was never sent, so signing the same approved scope again is never twice payable.
    const bool nonceUsed = signedNonce.ok() && signedNonce.value() < chain.value();
    const bool closing = r.credential->valid_before < t + static_cast<std::int64_t>(x402::kExpiryMarginSeconds);
    const bool tooLong = r.credential->owner_valid_seconds == 0 && maxTimeoutSeconds > 0 &&
                         r.credential->valid_before > t + static_cast<std::int64_t>(maxTimeoutSeconds);
    if (!nonceUsed && !closing && !tooLong) return done(std::nullopt);
    const std::int64_t validAfter = t > static_cast<std::int64_t>(x402::kValidAfterSkewSeconds) ? t - static_cast<std::int64_t>(x402::kValidAfterSkewSeconds) : 0;
    const std::int64_t validBefore = credentialDeadline(r, t, r.credential->owner_valid_seconds, maxTimeoutSeconds);
    const char* why = nonceUsed ? "nonce_used" : closing ? "window_closing" : "window_longer_than_challenge";
    const std::string signedHash = r.credential->tx_hash;
    signExactPayment(r.credential->payer, r.pay_to, r.amount, boundResource(r), static_cast<std::uint64_t>(validAfter),
                     static_cast<std::uint64_t>(validBefore),
                     [this, id, t, why, signedHash, done = std::move(done)](lezpay::util::Result<Signed> fresh) {
                       if (!fresh.ok()) return done(spendError(fresh.error()));
                       const int k = find(id);
                       if (k < 0) return done(notFound(id));
                       x402::SpendRequest r = requests_[static_cast<std::size_t>(k)];
                       // Replaced or sent meanwhile by another call: keep what it did.
                       if (!r.credential || r.payment_attempted_at != 0 || r.status != x402::SpendStatus::Approved ||
                           r.credential->tx_hash != signedHash) {
                         return done(std::nullopt);
                       }
                       r.credential->payload_json = fresh->payloadJson;
                       r.credential->tx_hash = fresh->txHash;
                       r.credential->nonce = fresh->nonce;
                       r.credential->valid_after = static_cast<std::int64_t>(fresh->validAfter);
                       r.credential->valid_before = static_cast<std::int64_t>(fresh->validBefore);
                       r.credential->issued_at = t;
                       r.updated_at = t;
                       done(commit(r, "credential_refreshed",
                                   Json{{"old_tx_hash", signedHash}, {"tx_hash", fresh->txHash}, {"nonce", fresh->nonce},
                                        {"valid_before", static_cast<std::int64_t>(fresh->validBefore)}, {"why", why}},
                                   t));
                     });
  });
}

}  // namespace x402mod
