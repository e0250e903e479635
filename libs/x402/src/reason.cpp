#include "x402/reason.h"

#include <array>
#include <utility>

namespace x402 {
namespace {

struct Entry {
  Reason reason;
  std::string_view text;
};

constexpr std::array kTable{
    Entry{Reason::InsufficientFunds, "insufficient_funds"},
    Entry{Reason::InvalidNetwork, "invalid_network"},
    Entry{Reason::InvalidPayload, "invalid_payload"},
    Entry{Reason::InvalidPaymentRequirements, "invalid_payment_requirements"},
    Entry{Reason::InvalidScheme, "invalid_scheme"},
    Entry{Reason::UnsupportedScheme, "unsupported_scheme"},
    Entry{Reason::InvalidX402Version, "invalid_x402_version"},
    Entry{Reason::InvalidTransactionState, "invalid_transaction_state"},
    Entry{Reason::UnexpectedVerifyError, "unexpected_verify_error"},
    Entry{Reason::UnexpectedSettleError, "unexpected_settle_error"},
    Entry{Reason::NonceReplayed, "nonce_replayed"},
    Entry{Reason::LezTransactionUndecodable, "invalid_exact_lez_transaction_undecodable"},
    Entry{Reason::LezTransactionKind, "invalid_exact_lez_transaction_kind"},
    Entry{Reason::LezSigners, "invalid_exact_lez_signers"},
    Entry{Reason::LezSignature, "invalid_exact_lez_signature"},
    Entry{Reason::LezProgram, "invalid_exact_lez_program"},
    Entry{Reason::LezInstruction, "invalid_exact_lez_instruction"},
    Entry{Reason::LezAccounts, "invalid_exact_lez_accounts"},
    Entry{Reason::LezAmountMismatch, "invalid_exact_lez_amount_mismatch"},
    Entry{Reason::LezRecipientMismatch, "invalid_exact_lez_recipient_mismatch"},
    Entry{Reason::LezNonceMismatch, "invalid_exact_lez_nonce_mismatch"},
    Entry{Reason::LezPayerNotInitialized, "invalid_exact_lez_payer_not_initialized"},
    Entry{Reason::LezAuthorization, "invalid_exact_lez_authorization"},
    Entry{Reason::LezExpired, "invalid_exact_lez_expired"},
    Entry{Reason::LezNotYetValid, "invalid_exact_lez_not_yet_valid"},
    Entry{Reason::LezResourceMismatch, "invalid_exact_lez_resource_mismatch"},
    Entry{Reason::LezAcceptedMismatch, "invalid_exact_lez_accepted_mismatch"},
    Entry{Reason::NoMatchingRequirements, "no_matching_requirements"},
    Entry{Reason::PaymentRequired, "payment_required"},
    Entry{Reason::SettlementPending, "settle_exact_lez_transaction_pending"},
    Entry{Reason::FacilitatorUnavailable, "facilitator_unavailable"},
};

}  // namespace

std::string_view toString(Reason reason) {
  for (const Entry& e : kTable) {
    if (e.reason == reason) return e.text;
  }
  return "unexpected_verify_error";  // unreachable: every enumerator is in the table (tested)
}

std::optional<Reason> parseReason(std::string_view text) {
  for (const Entry& e : kTable) {
    if (e.text == text) return e.reason;
  }
  return std::nullopt;
}

lezpay::util::Error makeError(Reason reason, std::string message) {
  return lezpay::util::makeError(std::string(toString(reason)), std::move(message));
}

}  // namespace x402
