#pragma once
// Stable x402 failure reasons (x402.md §4): the strings that travel as VerifyResponse.invalidReason,
// SettlementResponse.errorReason, PaymentRequired.error and the merchant's `x-payment-error`
// header. The spec's own codes are used where they apply; the LEZ binding of the `exact` scheme
// adds `invalid_exact_lez_*` (x402.md §4 family naming, chosen in docs/decisions.md), plus
// `nonce_replayed` for a payload whose transaction was already settled or whose nonce the payer
// has already used. The strings never change once released; unknown inbound strings stay strings
// (x402.md §4: codes are open), so parse() answers nullopt rather than guessing.

#include <optional>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace x402 {

enum class Reason {
  // x402.md §4, the spec's codes.
  InsufficientFunds,           // insufficient_funds
  InvalidNetwork,              // invalid_network
  InvalidPayload,              // invalid_payload: malformed PaymentPayload / header / body
  InvalidPaymentRequirements,  // invalid_payment_requirements
  InvalidScheme,               // invalid_scheme
  UnsupportedScheme,           // unsupported_scheme
  InvalidX402Version,          // invalid_x402_version
  InvalidTransactionState,     // invalid_transaction_state: the chain rejected the transaction
  UnexpectedVerifyError,       // unexpected_verify_error
  UnexpectedSettleError,       // unexpected_settle_error
  // Replay: the transaction was settled already, or its nonce is below the payer's current nonce.
  NonceReplayed,               // nonce_replayed
  // LEZ binding of `exact` (docs/protocol.md "x402 exact scheme on LEZ").
  LezTransactionUndecodable,   // invalid_exact_lez_transaction_undecodable
  LezTransactionKind,          // invalid_exact_lez_transaction_kind: not a public transaction
  LezSigners,                  // invalid_exact_lez_signers: not exactly one witness and one nonce
  LezSignature,                // invalid_exact_lez_signature: the witness signature does not verify
  LezProgram,                  // invalid_exact_lez_program: not authenticated_transfer
  LezInstruction,              // invalid_exact_lez_instruction: not an AT Transfer
  LezAccounts,                 // invalid_exact_lez_accounts: account_ids is not [payer, payTo]
  LezAmountMismatch,           // invalid_exact_lez_amount_mismatch
  LezRecipientMismatch,        // invalid_exact_lez_recipient_mismatch
  LezNonceMismatch,            // invalid_exact_lez_nonce_mismatch: nonce above the payer's current
  LezPayerNotInitialized,      // invalid_exact_lez_payer_not_initialized: payer not owned by AT
  LezAuthorization,            // invalid_exact_lez_authorization: bad time-window signature
  LezExpired,                  // invalid_exact_lez_expired: validBefore too close or past
  LezNotYetValid,              // invalid_exact_lez_not_yet_valid: validAfter in the future
  LezResourceMismatch,         // invalid_exact_lez_resource_mismatch
  LezAcceptedMismatch,         // invalid_exact_lez_accepted_mismatch: accepted != requirements
  // Merchant side (not facilitator answers).
  NoMatchingRequirements,      // no_matching_requirements: `accepted` is none of the offers
  PaymentRequired,             // payment_required: no PAYMENT-SIGNATURE on a paid resource
  SettlementPending,           // settle_exact_lez_transaction_pending: broadcast, not yet included
  FacilitatorUnavailable,      // facilitator_unavailable: /verify or /settle could not be reached
};

std::string_view toString(Reason reason);
// The enumerator of a known string; nullopt for any other (codes are open strings).
std::optional<Reason> parseReason(std::string_view text);

// Error{toString(reason), message}.
lezpay::util::Error makeError(Reason reason, std::string message);

}  // namespace x402
