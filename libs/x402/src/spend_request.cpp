#include "x402/spend_request.h"

namespace x402 {

std::string_view toString(SpendStatus s) {
  switch (s) {
    case SpendStatus::Created: return "created";
    case SpendStatus::PendingApproval: return "pending_approval";
    case SpendStatus::Approved: return "approved";
    case SpendStatus::Denied: return "denied";
    case SpendStatus::Expired: return "expired";
    case SpendStatus::Canceled: return "canceled";
    case SpendStatus::Succeeded: return "succeeded";
    case SpendStatus::Failed: return "failed";
  }
  return "failed";
}

std::optional<SpendStatus> spendStatusFromString(std::string_view s) {
  for (auto v : {SpendStatus::Created, SpendStatus::PendingApproval, SpendStatus::Approved, SpendStatus::Denied,
                 SpendStatus::Expired, SpendStatus::Canceled, SpendStatus::Succeeded, SpendStatus::Failed}) {
    if (toString(v) == s) return v;
  }
  return std::nullopt;
}

bool isTerminalForPolling(SpendStatus s) { return s != SpendStatus::Created && s != SpendStatus::PendingApproval; }

bool isFinal(SpendStatus s) {
  return s == SpendStatus::Denied || s == SpendStatus::Expired || s == SpendStatus::Canceled ||
         s == SpendStatus::Succeeded || s == SpendStatus::Failed;
}

std::string_view toString(SpendError e) {
  switch (e) {
    case SpendError::InvalidRequest: return "INVALID_REQUEST";
    case SpendError::ReasonTooShort: return "REASON_TOO_SHORT";
    case SpendError::ReasonTooLong: return "REASON_TOO_LONG";
    case SpendError::AmountZero: return "AMOUNT_ZERO";
    case SpendError::UnsupportedNetwork: return "UNSUPPORTED_NETWORK";
    case SpendError::UnsupportedAsset: return "UNSUPPORTED_ASSET";
    case SpendError::PerRequestCapExceeded: return "PER_REQUEST_CAP_EXCEEDED";
    case SpendError::DailyCapExceeded: return "DAILY_CAP_EXCEEDED";
    case SpendError::MonthlyCapExceeded: return "MONTHLY_CAP_EXCEEDED";
    case SpendError::NotFound: return "SPEND_REQUEST_NOT_FOUND";
    case SpendError::InvalidTransition: return "INVALID_TRANSITION";
    case SpendError::ApprovalWindowElapsed: return "APPROVAL_WINDOW_ELAPSED";
    case SpendError::CredentialExpired: return "CREDENTIAL_EXPIRED";
    case SpendError::CredentialUsed: return "CREDENTIAL_USED";
    case SpendError::ScopeMismatch: return "SCOPE_MISMATCH";
  }
  return "INVALID_REQUEST";
}

}  // namespace x402
