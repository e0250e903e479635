#pragma once
// The tools lezpay-mcp offers an MCP client (docs/protocol.md "lezpay-mcp"): their descriptors
// (names, descriptions for the model, JSON Schemas) and the stable codes of their errors. The tools
// run in ToolRunner (tool_runner.h).

#include <vector>

#include "lezpay/mcp/tool.h"

namespace lezpay::mcpserver {

// Stable codes of tool errors (results with isError), besides the daemon's and the modules' own
// codes, which pass through unchanged (FORBIDDEN, SPEND_REQUEST_NOT_FOUND, CREDENTIAL_USED, ...).
namespace tool_codes {
inline constexpr const char* kAmountAboveMax = "AMOUNT_ABOVE_MAX";            // the price exceeds max_amount
inline constexpr const char* kInvalidAmount = "INVALID_AMOUNT";              // max_amount is not a u128
inline constexpr const char* kSpendRequestDenied = "SPEND_REQUEST_DENIED";    // the owner declined
inline constexpr const char* kSpendRequestExpired = "SPEND_REQUEST_EXPIRED";  // window or lifetime elapsed
inline constexpr const char* kSpendRequestCanceled = "SPEND_REQUEST_CANCELED";
inline constexpr const char* kHttpStatus = "HTTP_STATUS";                    // the resource answered 4xx/5xx unpaid
inline constexpr const char* kNoChallenge = "NO_CHALLENGE";                  // 402 without PAYMENT-REQUIRED
inline constexpr const char* kPaymentRefused = "PAYMENT_REFUSED";            // the merchant refused the payment
inline constexpr const char* kSettlementPending = "SETTLEMENT_PENDING";      // retry with the same spend_request_id
inline constexpr const char* kSettlementUnconfirmed = "SETTLEMENT_UNCONFIRMED";  // maybe paid: reconcile first
inline constexpr const char* kPaidToolClientUnavailable = "PAID_TOOL_CLIENT_UNAVAILABLE";
inline constexpr const char* kStoreQueryFailed = "STORE_QUERY_FAILED";      // the Store answered a status other than 200
inline constexpr const char* kNotConfigured = "NOT_CONFIGURED";              // a setting the tool needs is missing
}  // namespace tool_codes

std::vector<mcp::ToolDescriptor> agentTools();

}  // namespace lezpay::mcpserver
