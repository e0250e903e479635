#include "x402_errors.h"

#include "x402/reason.h"

namespace x402mod {

std::vector<logos::ErrorSpec> x402Errors() {
  std::vector<logos::ErrorSpec> table{
      // Server side: facilitator, merchant, Store payments.
      {"INVALID_CONFIG", "A configuration key is unknown or has the wrong type or range; the message names it.",
       "Fix the key (docs/protocol.md, x402_module server operations)."},
      {"INVALID_ARGS", "An argument is outside what the operation takes; the message names it.", "Fix the argument."},
      {"LISTEN_FAILED", "The facilitator or merchant could not listen on its host and port.", "Free the port or configure another."},
      {"JOURNAL_UNAVAILABLE", "The facilitator's settlement journal could not be opened or written.",
       "Check journal_path, its directory and permissions."},
      {"FACILITATOR_BUSY", "The facilitator is settling as many payments as it allows.", "Retry shortly."},
      {"FACILITATOR_UNAVAILABLE", "The facilitator is not running or could not be reached.", "Start it (startFacilitator) or check facilitator_url."},
      {"MERCHANT_NOT_RUNNING", "The operation needs the merchant and it is stopped.", "Call startMerchant first."},
      {"MERCHANT_STORAGE_UNAVAILABLE", "The merchant's payment records could not be opened or written.",
       "Check payments_path, its directory and permissions."},
      {"MCP_ENDPOINT_NOT_RUNNING", "The operation needs the paid MCP endpoint and it is stopped.", "Call startMcpEndpoint first."},
      {"STORE_PAYMENT_NOT_CONFIGURED", "No Store price is configured for proof_of_payment queries.", "Call configureStorePayment first."},
      {"STATE_CORRUPT", "A state file of the module does not read back.", "Restore the file from a backup or remove it to start afresh."},
      {"TIMEOUT", "A call to another module or peer did not answer within its deadline.", "Retry; raise the timeout if it persists."},
      {"PROOF_INVALID", "A Store proof_of_payment does not verify; `reason` carries the x402 reason when there is one.",
       "Pay the provider's current requirements and send a new proof."},
      {"PARAMS_REJECTED", "This provider sells no Store queries for x402, or the payment matches none of its requirements.",
       "Read getStorePaymentRequirements and pay those."},
      // The merchant as a gateway in front of an HTTP origin: codes of its HTTP answers (body
      // `error` and x-payment-error; docs/protocol.md "x402 gateway"). Nothing is charged for any.
      {"origin_unreachable", "502: the gateway could not connect to its origin.", "Retry later; the operator checks the origin runs."},
      {"origin_timeout", "504: the origin was silent for origin_timeout_ms before its answer was judged.",
       "Retry later with the same payment; nothing was charged."},
      {"origin_reset", "502: the origin closed or reset the connection before its answer was complete.",
       "Retry with the same payment; nothing was charged."},
      {"origin_invalid_answer", "502: the origin's answer is not valid HTTP/1.1.", "Report it to the operator; nothing was charged."},
      {"origin_error", "502: the origin answered with a 5xx status; its body is not relayed.",
       "Retry later with the same payment; nothing was charged."},
      {"request_too_large", "413: the request body is larger than the gateway's max_request_bytes.",
       "Send a smaller body (the message gives the limit)."},
      // Agent side: spend requests (x402.md §8).
      {"INVALID_REQUEST", "A spend request field is missing or malformed; the message names it.", "Fix the field."},
      {"REASON_TOO_SHORT", "The reason is shorter than min_reason_chars.", "Say what is bought and why in more words."},
      {"REASON_TOO_LONG", "The reason is longer than max_reason_chars.", "Shorten the reason."},
      {"AMOUNT_ZERO", "The amount is zero.", "Ask for a positive amount."},
      {"UNSUPPORTED_NETWORK", "The network is not among allowed_networks.", "Use an allowed network or change the policy."},
      {"UNSUPPORTED_ASSET", "The asset is not among allowed_assets.", "Use an allowed asset or change the policy."},
      {"PER_REQUEST_CAP_EXCEEDED", "The amount is above per_request_cap.", "Ask for less or raise the cap."},
      {"DAILY_CAP_EXCEEDED", "Approved and spent amounts of the last 24 h plus this one exceed daily_cap.", "Wait, or raise the cap."},
      {"MONTHLY_CAP_EXCEEDED", "Approved and spent amounts of the last 30 days plus this one exceed monthly_cap.", "Wait, or raise the cap."},
      {"SPEND_REQUEST_NOT_FOUND", "No spend request has this id.", "Use an id from listSpendRequests."},
      {"INVALID_TRANSITION", "The spend request's status does not allow this step.", "Read its status with getSpendRequest."},
      {"APPROVAL_WINDOW_ELAPSED", "The owner did not approve within approval_window_seconds.", "Open a new spend request."},
      {"CREDENTIAL_EXPIRED", "The approved credential's time window has passed.", "Open and approve a new spend request."},
      {"CREDENTIAL_USED", "The approved credential was already spent.", "Open and approve a new spend request."},
      {"SCOPE_MISMATCH", "The credential was approved for another merchant, resource, amount or recipient.",
       "Use a spend request approved for this payment."},
      {"OWNER_NOT_CONFIGURED", "No owner account is configured.", "Call configureAgent with owner_account."},
      {"WALLET_ERROR", "wallet_module refused or failed; the message carries its code.", "Act on the wallet's code (wallet_module's table)."},
      {"WALLET_BAD_ANSWER", "wallet_module answered outside its declared shape (interfaces/logos/wallet_answers.h).",
       "Use a wallet_module of the same release."},
      {"TX_REJECTED", "The chain rejected the payment transaction.", "Read the message; open a new spend request."},
      {"TX_TIMEOUT", "The payment transaction was not included in time; it may still be.", "Check the spend request later."},
      {"TX_UNKNOWN", "The chain does not know the payment transaction.", "Check the spend request; pay again if it failed."},
      {"IO_ERROR", "A state or audit file could not be written.", "Check the persistence directory's space and permissions."},
      {"HTTP_ERROR", "The merchant could not be reached or answered outside HTTP.", "Check the URL and that the merchant runs."},
      {"INVALID_CHALLENGE", "The merchant's 402 answer is not a valid x402 PaymentRequired.", "Use a conforming merchant."},
      {"NO_ACCEPTABLE_OPTION", "None of the merchant's payment options fits the network, asset and policy.",
       "Change the policy or use another merchant."},
      {"INVALID_ARGUMENT", "An httpGet or callPaidTool option is unknown or not allowed (the agent sets the payment itself).",
       "Remove the option named in the message."},
      // Agent side: callPaidTool (mcp.md §9.3).
      {"AMOUNT_ABOVE_MAX", "The tool's price is above the max_amount of the call; nothing was paid or requested.",
       "Raise max_amount if the price is acceptable."},
      {"MCP_RPC_ERROR", "The MCP server answered the call with a JSON-RPC error (in rpc_error), such as an unknown tool.",
       "Read rpc_error; call a tool the server lists."},
      {"MCP_PROTOCOL", "The MCP server's answer is not the MCP response asked for (refused session, malformed message).",
       "Check server_url points at an MCP endpoint (Streamable HTTP)."},
  };
  // The x402 failure reasons (x402.md §4), answered as `code` for a payment that does not verify.
  for (auto r : {x402::Reason::InsufficientFunds, x402::Reason::InvalidNetwork, x402::Reason::InvalidPayload,
                 x402::Reason::InvalidPaymentRequirements, x402::Reason::InvalidScheme, x402::Reason::UnsupportedScheme,
                 x402::Reason::InvalidX402Version, x402::Reason::InvalidTransactionState, x402::Reason::UnexpectedVerifyError,
                 x402::Reason::UnexpectedSettleError, x402::Reason::NonceReplayed, x402::Reason::LezTransactionUndecodable,
                 x402::Reason::LezTransactionKind, x402::Reason::LezSigners, x402::Reason::LezSignature, x402::Reason::LezProgram,
                 x402::Reason::LezInstruction, x402::Reason::LezAccounts, x402::Reason::LezAmountMismatch,
                 x402::Reason::LezRecipientMismatch, x402::Reason::LezNonceMismatch, x402::Reason::LezPayerNotInitialized,
                 x402::Reason::LezAuthorization, x402::Reason::LezExpired, x402::Reason::LezNotYetValid,
                 x402::Reason::LezResourceMismatch, x402::Reason::LezAcceptedMismatch, x402::Reason::NoMatchingRequirements,
                 x402::Reason::PaymentRequired, x402::Reason::SettlementPending, x402::Reason::FacilitatorUnavailable}) {
    table.push_back({std::string(x402::toString(r)), "x402 failure reason (x402.md §4; docs/protocol.md \"Error reasons\").",
                     "Read the message; build a new payment for the current requirements."});
  }
  return table;
}

}  // namespace x402mod
