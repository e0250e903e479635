#pragma once
// The tools of the provider's MCP endpoint and the x402 MCP transport's server side (mcp.md
// §9.2; docs/protocol.md "Paid MCP endpoint"). Transport-free: tools/list and tools/call params
// in, MCP result objects (or a JSON-RPC error) out; mcp_paid_endpoint.h carries them over
// Streamable HTTP.
//
// A paid tools/call, in order:
//   1. no _meta["x402/payment"] (or not an object with x402Version and payload) -> challenge,
//      error "Payment required to access this tool"; a payment that does not decode -> challenge
//      with the codec's code; the tool does not run
//   2. `accepted` deep-equals no offer -> challenge "No matching payment requirements found";
//      payload.resource.url other than mcp://tool/<name> -> invalid_exact_lez_resource_mismatch
//   3. the served-payments record (merchant_payment_cache.h, its own file): the same
//      payment-identifier id with the same payment and arguments -> the tool runs again and the
//      recorded receipt is returned, nothing settles; the same id otherwise ->
//      payment_identifier_conflict; a payment already served -> nonce_replayed
//   4. one authorization runs once: a second call with a payment whose transaction is in flight
//      -> nonce_replayed (mcp.md §9.2(a))
//   5. /verify invalid -> challenge with invalidReason; nonce_replayed for a payment this endpoint
//      never served (its answer was lost, or someone else settled it first) is checked here and
//      on chain, and served once if exactly that transaction is included (charged_payment.h)
//   6. the tool runs into a buffer; its own error (isError) -> returned, nothing settles
//   7. /settle fails (or its answer is unreachable) -> challenge "Payment settlement failed:
//      <reason>" with _meta["x402/payment-response"] success:false; the output is withheld
//   8. success -> recorded (committed) before the answer, then the buffered result with
//      _meta["x402/payment-response"]
// Arguments are checked against the tool's inputSchema before any of this: malformed arguments
// are a tool error (INVALID_ARGUMENTS / invalid_query) and no one pays for them.
//
// Lives on the module thread; callbacks after destruction are dropped.

#include <QObject>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lezpay/mcp/message_codec.h"
#include "lezpay/mcp/tool.h"
#include "lezpay/util/result.h"
#include "charged_payment.h"
#include "mcp_paid_config.h"
#include "merchant_payment_cache.h"
#include "x402/types.h"

namespace x402mod {

class Facilitator;
class FacilitatorClient;

class McpPaidTools {
 public:
  // Answers a delivery storeQuery-shaped envelope for a query JSON (delivery_module.queryLocalArchive).
  using StoreQueryFn = std::function<void(const x402::Json& queryJson, std::function<void(x402::Json)> done)>;
  // A tools/call outcome: a JSON-RPC error (unknown tool, malformed params) or a result object.
  struct Answer {
    std::optional<lezpay::mcp::RpcError> error;
    x402::Json result;
  };

  McpPaidTools(McpEndpointConfig config, std::function<Facilitator*()> localFacilitator, StoreQueryFn store, QObject* anchor,
               MerchantClock clock = systemMerchantClock());
  ~McpPaidTools();

  // Opens the served-payments record at config.paymentsPath; paid calls are refused without it.
  lezpay::util::Status openPayments();
  // How a charged-but-unserved payment is confirmed on chain; without it such a payment is refused.
  void setChainStatus(ChainStatusFn chainStatus) { chainStatus_ = std::move(chainStatus); }
  x402::Json listTools() const;
  // The tools' descriptors, in configuration order (what tools/list answers).
  std::vector<lezpay::mcp::ToolDescriptor> descriptors() const;
  void call(const x402::Json& params, std::function<void(Answer)> done);
  // Tools with prices, counters, the number of served payments.
  x402::Json describe() const;

 private:
  struct Call;
  using CallPtr = std::shared_ptr<Call>;
  const McpPaidTool* find(const std::string& name) const;
  // Runs the tool itself: a result object (isError for its own failure).
  void run(const CallPtr& c, std::function<void(x402::Json)> done);
  void paid(const CallPtr& c);
  void settleAndServe(const CallPtr& c);
  void serve(const CallPtr& c, const x402::SettlementResponse& receipt, x402::Json result);
  void replayServed(const CallPtr& c, const ServedPayment& row);
  // The facilitator says the payment was already used: serve it once if this exact transaction
  // is on chain and this endpoint never served it; otherwise the challenge with `code`.
  void recoverSettled(const CallPtr& c, const std::string& code, const std::string& why);
  // Answers the challenge for `c`'s tool with `error` and the sentence `why`; a failed settlement
  // adds its receipt.
  void challenge(const CallPtr& c, const std::string& error, const std::string& why,
                 const std::optional<x402::SettlementResponse>& failed = std::nullopt);
  void finish(const CallPtr& c, x402::Json result);
  void count(const std::string& what) { ++counters_[what]; }

  McpEndpointConfig config_;
  std::map<std::string, lezpay::mcp::ToolDescriptor> descriptors_;
  std::unique_ptr<FacilitatorClient> facilitator_;
  StoreQueryFn store_;
  QObject* anchor_;
  ChainStatusFn chainStatus_;
  MerchantClock clock_;
  std::unique_ptr<PaymentIdCache> payments_;
  std::set<std::string> inflight_;  // transaction hashes of payments being verified, run or settled
  std::map<std::string, std::int64_t> counters_;
  std::uint64_t seq_ = 0;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

// The delivery storeQuery JSON for store_messages arguments (the inputSchema of kind "store"):
// contentTopics (array of non-empty strings), pubsubTopic, pageSize (0..100), cursor (64 hex),
// startTime/endTime (int64 nanoseconds >= 0), ascending, includeData. Pure. Error invalid_query
// naming the argument.
lezpay::util::Result<x402::Json> storeQueryFromToolArguments(const x402::Json& arguments, const std::string& requestId);

}  // namespace x402mod
