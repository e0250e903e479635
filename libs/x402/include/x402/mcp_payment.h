#pragma once
// The x402 MCP transport (mcp.md §9): how a PaymentRequired, a PaymentPayload and a
// SettlementResponse travel inside MCP `tools/call` messages. Pure: JSON values in and out.
//
// Wire contract (mcp.md §9.1):
//   challenge  a tools/call *result* {isError:true, structuredContent:<PaymentRequired>,
//              content:[{type:"text", text:<the same object as compact JSON>}]}; never a JSON-RPC
//              error, never HTTP 402
//   payment    the retried call's params._meta["x402/payment"] = PaymentPayload *object*
//   receipt    the paid result's _meta["x402/payment-response"] = SettlementResponse
//   resource   ResourceInfo.url = "mcp://tool/<tool name>"
// Server-side error texts are the reference's (mcp.md §9.2): "Payment required to access this
// tool", "No matching payment requirements found", the verifier's invalidReason, and "Payment
// settlement failed: <reason>" for a settlement that failed (output withheld).

#include <optional>
#include <string>
#include <string_view>

#include "lezpay/mcp/mcp_common.h"
#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402 {

// The wire names are libs/mcp's (mcp_common.h), shared with every MCP surface of lez-pay.
inline constexpr std::string_view kMcpPaymentMetaKey = lezpay::mcp::kMetaX402Payment;
inline constexpr std::string_view kMcpPaymentResponseMetaKey = lezpay::mcp::kMetaX402PaymentResponse;
inline constexpr std::string_view kMcpToolUrlPrefix = lezpay::mcp::kPaidToolUrlPrefix;

inline constexpr std::string_view kMcpPaymentRequiredError = lezpay::mcp::kPaymentRequiredError;
inline constexpr std::string_view kMcpNoMatchingRequirementsError = "No matching payment requirements found";
inline constexpr std::string_view kMcpSettlementFailedPrefix = "Payment settlement failed: ";

// "mcp://tool/<name>".
std::string mcpToolResourceUrl(std::string_view toolName);

// The challenge result of mcp.md §9.1 for `required` (its `error` set by the caller). A failed
// settlement also carries _meta["x402/payment-response"] = `failedSettlement` (§9.2(c)). A
// non-empty `explanation` (a sentence for a person or a model) follows as content[1],
// "<error>: <explanation>"; content[0] stays the PaymentRequired JSON that clients parse.
Json mcpPaymentRequiredResult(const PaymentRequired& required, const std::optional<SettlementResponse>& failedSettlement = std::nullopt,
                              const std::string& explanation = {});

// `toolResult` (a successful tools/call result object) with the receipt merged into its _meta.
Json mcpPaidResult(Json toolResult, const SettlementResponse& receipt);

// What params._meta["x402/payment"] of a tools/call holds.
struct McpPaymentMeta {
  enum class Kind {
    Absent,     // no _meta, no key, or not an object with x402Version and payload: challenge
    Malformed,  // an object that claims to be a payment but does not decode: `error`
    Present,    // `payload` decoded
  };
  Kind kind = Kind::Absent;
  std::optional<PaymentPayload> payload;
  std::optional<lezpay::util::Error> error;  // Malformed: the codec's code and sentence
};
McpPaymentMeta mcpPaymentFromParams(const Json& callParams);

// `callParams` with _meta["x402/payment"] = payload, every other _meta key kept (mcp.md §9.3.3).
Json mcpParamsWithPayment(Json callParams, const PaymentPayload& payload);

// Client side (mcp.md §9.3.1): the PaymentRequired of a tools/call result that is a challenge:
// isError and a valid v2 PaymentRequired in structuredContent, else in JSON.parse(content[0].text);
// nullopt for any other result.
std::optional<PaymentRequired> mcpChallengeOfResult(const Json& toolResult);
// The same from a JSON-RPC error object: code -32042 or 402 with the PaymentRequired in `data`
// or `data.x402` (newer servers); nullopt otherwise.
std::optional<PaymentRequired> mcpChallengeOfError(const Json& rpcError);

// The receipt of a result: _meta["x402/payment-response"] when it decodes.
std::optional<SettlementResponse> mcpReceiptOfResult(const Json& toolResult);

}  // namespace x402
