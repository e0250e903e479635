#include "x402/spend_machine.h"

namespace x402 {
namespace {

using lezpay::util::Error;

Error err(SpendError code, std::string message) { return Error{std::string(toString(code)), std::move(message)}; }

constexpr std::string_view kWindowDetails = "approval window elapsed before the owner approved";
constexpr std::string_view kLifetimeDetails = "credential lifetime elapsed";

Error cannot(std::string_view what, const SpendRequest& r) {
  return err(SpendError::InvalidTransition,
             "cannot " + std::string(what) + " spend request " + r.id + ": it is " + std::string(toString(r.status)));
}

void touch(SpendRequest& r, std::int64_t now) { r.updated_at = std::max(r.updated_at, now); }

}  // namespace

SpendRequest openSpendRequest(SpendRequest r, std::string id, std::int64_t now, const SpendPolicy& policy, bool requestApproval) {
  r.id = std::move(id);
  r.created_at = now;
  r.updated_at = now;
  r.valid_until = now + policy.credential_lifetime_seconds;
  r.status = SpendStatus::Created;
  if (requestApproval) {
    r.status = SpendStatus::PendingApproval;
    r.approval_requested_at = now;
    r.approval_expires_at = now + policy.approval_window_seconds;
  }
  return r;
}

bool refreshExpiry(SpendRequest& r, std::int64_t now) {
  if (r.status == SpendStatus::PendingApproval && now >= r.approval_expires_at) {
    r.status = SpendStatus::Expired;
    r.status_details = std::string(kWindowDetails);
  } else if ((r.status == SpendStatus::Created || r.status == SpendStatus::PendingApproval || r.status == SpendStatus::Approved) &&
             now >= r.valid_until) {
    r.status = SpendStatus::Expired;
    r.status_details = std::string(kLifetimeDetails);
  } else {
    return false;
  }
  touch(r, now);
  return true;
}

lezpay::util::Result<SpendRequest> requestApproval(const SpendRequest& request, std::int64_t now, const SpendPolicy& policy) {
  if (request.status != SpendStatus::Created) return cannot("request approval for", request);
  if (now >= request.valid_until) return err(SpendError::CredentialExpired, "spend request " + request.id + " outlived its lifetime");
  SpendRequest r = request;
  r.status = SpendStatus::PendingApproval;
  r.approval_requested_at = now;
  r.approval_expires_at = now + policy.approval_window_seconds;
  touch(r, now);
  return r;
}

lezpay::util::Status canApprove(const SpendRequest& r, std::int64_t now) {
  const bool windowGone = (r.status == SpendStatus::PendingApproval && now >= r.approval_expires_at) ||
                          (r.status == SpendStatus::Expired && r.status_details == kWindowDetails);
  if (windowGone) {
    return err(SpendError::ApprovalWindowElapsed, "the approval window of spend request " + r.id +
                                                      " has elapsed; the agent must create a new request");
  }
  const bool lifetimeGone = ((r.status == SpendStatus::Created || r.status == SpendStatus::PendingApproval) && now >= r.valid_until) ||
                            (r.status == SpendStatus::Expired && r.status_details == kLifetimeDetails);
  if (lifetimeGone) return err(SpendError::CredentialExpired, "spend request " + r.id + " outlived its lifetime");
  if (r.status != SpendStatus::Created && r.status != SpendStatus::PendingApproval) return cannot("approve", r);
  return lezpay::util::okStatus();
}

lezpay::util::Result<SpendRequest> approve(const SpendRequest& request, SpendCredential credential, std::int64_t now) {
  if (auto st = canApprove(request, now); !st.ok()) return st.error();
  if (credential.valid_before > request.valid_until) {
    return err(SpendError::InvalidRequest, "the credential would outlive the spend request (valid_before after valid_until)");
  }
  SpendRequest r = request;
  r.status = SpendStatus::Approved;
  r.decided_at = now;
  if (r.approval_requested_at == 0) r.approval_requested_at = now;  // the owner acted on a created request
  r.credential = std::move(credential);
  touch(r, now);
  return r;
}

lezpay::util::Result<SpendRequest> decline(const SpendRequest& request, std::string reason, std::int64_t now) {
  if (request.status != SpendStatus::Created && request.status != SpendStatus::PendingApproval) return cannot("decline", request);
  SpendRequest r = request;
  r.status = SpendStatus::Denied;
  r.decided_at = now;
  r.decline_reason = std::move(reason);
  r.status_details = "declined by the owner";
  touch(r, now);
  return r;
}

lezpay::util::Result<SpendRequest> cancel(const SpendRequest& request, std::int64_t now) {
  if (request.status != SpendStatus::Created && request.status != SpendStatus::PendingApproval &&
      request.status != SpendStatus::Approved) {
    return cannot("cancel", request);
  }
  if (request.payment_attempted_at != 0) {
    return err(SpendError::InvalidTransition, "cannot cancel spend request " + request.id +
                                                  ": its credential was already sent to the merchant and may have settled");
  }
  SpendRequest r = request;
  r.status = SpendStatus::Canceled;
  r.status_details = request.status == SpendStatus::Approved ? "canceled after approval; the credential is void"
                                                              : "canceled before approval";
  r.credential.reset();  // a canceled credential must never be usable, not even by accident
  touch(r, now);
  return r;
}

lezpay::util::Status canUse(const SpendRequest& r, const lezpay::util::U128& amount, const std::string& payTo, const std::string& network,
                            const std::string& asset, const std::string& merchantOrigin, std::int64_t now) {
  if (r.status == SpendStatus::Succeeded || r.status == SpendStatus::Failed) {
    return err(SpendError::CredentialUsed, "the credential of spend request " + r.id + " was already used");
  }
  if (r.status == SpendStatus::Expired || (r.status == SpendStatus::Approved && now >= r.valid_until)) {
    return err(SpendError::CredentialExpired, "the credential of spend request " + r.id + " has expired");
  }
  if (r.status != SpendStatus::Approved || !r.credential) return cannot("pay with", r);
  if (now >= r.credential->valid_before) {
    return err(SpendError::CredentialExpired, "the credential of spend request " + r.id + " has expired");
  }
  if (r.amount != amount) {
    return err(SpendError::ScopeMismatch, "the merchant asks " + amount.toDecimal() + " but the owner approved exactly " + r.amount.toDecimal());
  }
  if (r.pay_to != payTo) return err(SpendError::ScopeMismatch, "the merchant's payTo " + payTo + " is not the approved payee " + r.pay_to);
  if (r.network != network) return err(SpendError::ScopeMismatch, "network " + network + " is not the approved " + r.network);
  if (r.asset != asset) return err(SpendError::ScopeMismatch, "asset " + asset + " is not the approved " + r.asset);
  auto approvedOrigin = urlOrigin(r.merchant_url);
  if (!approvedOrigin.ok() || approvedOrigin.value() != merchantOrigin) {
    return err(SpendError::ScopeMismatch, "merchant " + merchantOrigin + " is not the approved merchant " + r.merchant_url);
  }
  return lezpay::util::okStatus();
}

SpendRequest markAttempted(const SpendRequest& request, std::int64_t now) {
  SpendRequest r = request;
  if (r.payment_attempted_at == 0) r.payment_attempted_at = now;
  touch(r, now);
  return r;
}

lezpay::util::Result<SpendRequest> settle(const SpendRequest& request, bool success, std::string settlementJson, std::string details,
                                          std::int64_t now) {
  if (request.status != SpendStatus::Approved) return cannot("record a payment outcome for", request);
  SpendRequest r = request;
  r.status = success ? SpendStatus::Succeeded : SpendStatus::Failed;
  r.settlement_json = std::move(settlementJson);
  r.status_details = std::move(details);
  touch(r, now);
  return r;
}

}  // namespace x402
