#pragma once
// The x402 merchant (resource server, x402.md §1, §7; docs/protocol.md "Merchant"): an HTTP
// server on loopback whose configured resources answer 402 + PAYMENT-REQUIRED until paid.
//
// Order of a paid request (x402.md §1): decode PAYMENT-SIGNATURE → match `accepted` (deep-equal
// to the resource's current requirements, key order ignored) and payload.resource.url → /verify
// → run the handler into a buffer → if the handler's status < 400, /settle → release the body
// with PAYMENT-RESPONSE only after settlement succeeded. A failed settlement answers 402 with
// PAYMENT-RESPONSE success:false and discards the body. Every error answer has a JSON body
// {"error": <stable code>, "message": <sentence>} and the code in `x-payment-error`; 402s also
// carry a fresh PAYMENT-REQUIRED whose `error` is that code. CORS exposes the payment headers.
//
// payment-identifier (x402.md §5): advertised in the challenge by default ("optional"). Served
// payments are recorded durably (merchant_payments.h) before the answer leaves the process: the
// same id with the same payment gets the same receipt and the resource again without a second
// settlement (a lost answer is not lost money), the same id with another payment gets 409, a
// resource that requires an id answers 400 without one, and any other reuse of a served payment
// gets nonce_replayed.
//
// Charged but not served: when the facilitator answers nonce_replayed for a payment this merchant
// has no record of serving (the answer was lost in a crash after settlement, or someone else
// settled the captured payment first), the merchant checks the payment itself (signature,
// authorization for this resource, amount, payee) and reads the chain; if that exact transaction
// is included, the payment is served once, as if this merchant had settled it.
//
// Resource kinds: "static" (configured body) and "store" (GET /store/v3/messages?..., answered
// from delivery_module.queryLocalArchive; the query string is part of the paid resource URL).
// With a `gateway` (gateway_config.h), requests under its routes are forwarded to an origin and
// its answer relayed (gateway_paid.cpp; docs/protocol.md "x402 gateway").

#include <QObject>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lezpay/http/http_message.h"
#include "lezpay/net/http_server.h"
#include "lezpay/util/result.h"
#include "merchant_challenge_cache.h"
#include "merchant_config.h"
#include "merchant_payment_cache.h"
#include "merchant_store_query.h"
#include "wallet_chain.h"
#include "x402/types.h"

namespace x402mod {

class Facilitator;
class FacilitatorClient;
struct GatewayRelay;

class Merchant : public QObject {
 public:
  // Reads a transaction's status on chain (wallet_module, as WalletChain::status).
  using ChainStatusFn = std::function<void(const std::string& txHash, std::function<void(lezpay::util::Result<TxStatus>)>)>;
  // Answers a delivery storeQuery-shaped envelope for a query JSON.
  using StoreQueryFn = std::function<void(const x402::Json& queryJson, std::function<void(x402::Json)> done)>;

  // `localFacilitator` serves an empty facilitator_url (this module's facilitator); `clock`
  // dates served payments, their expiry and recovery windows.
  Merchant(MerchantConfig config, std::function<Facilitator*()> localFacilitator, StoreQueryFn store, QObject* parent = nullptr,
           MerchantClock clock = systemMerchantClock());
  ~Merchant() override;

  // Opens the served-payments store at config.paymentsPath; paid requests answer 503 without it.
  lezpay::util::Status openPayments();
  // How a charged-but-unserved payment is confirmed on chain; without it such a payment is refused.
  void setChainStatus(ChainStatusFn chainStatus) { chainStatus_ = std::move(chainStatus); }
  lezpay::util::Status listen();
  std::uint16_t port() const;
  std::string baseUrl() const;
  x402::Json describe() const;  // resources with their requirements, counters
  // The newest `limit` payments served, newest first: {tx_hash, resource_url, served_at (s), settlement}.
  x402::Json servedPayments(int limit) const;

 private:
  void handle(const lezpay::http::HttpRequest& req, lezpay::net::Responder respond);
  void paid(const MerchantResource& res, const lezpay::http::HttpRequest& req, const std::string& resourceUrl,
            lezpay::net::Responder respond, lezpay::net::StreamOpener open = {});
  void runHandler(const MerchantResource& res, const lezpay::http::HttpRequest& req,
                  std::function<void(lezpay::http::HttpResponse)> done);
  x402::PaymentRequired challenge(const MerchantResource& res, const std::string& resourceUrl, const std::string& error) const;
  lezpay::http::HttpResponse paymentError(int status, const MerchantResource* res, const std::string& resourceUrl,
                                          const std::string& code, const std::string& message);
  void count(const std::string& what);
  // The 402 for a request without PAYMENT-SIGNATURE (merchant_unpaid.cpp): the same answer as
  // paymentError's, built once per resource URL and terms (merchant_challenge_cache.h).
  lezpay::http::HttpResponse unpaidAnswer(const MerchantResource& res, const std::string& resourceUrl);

  // One paid request on its way through verify, handler, settle and the served-payments store.
  struct PaidRequest;
  using Paid = std::shared_ptr<PaidRequest>;
  void settleAndServe(Paid p);
  // Records the payment as served (committed) and answers the content with PAYMENT-RESPONSE.
  void serve(Paid p, const x402::SettlementResponse& settlement, lezpay::http::HttpResponse content);
  // The same id and payment again: the recorded receipt with the resource, nothing settles.
  void replayServed(Paid p, const ServedPayment& row);
  // The facilitator says the payment was already used: serve it once if this exact transaction
  // is on chain and this merchant never served it; otherwise answer `code`.
  void recoverSettled(Paid p, const std::string& code, const std::string& message);
  void waitIncluded(const std::string& txHash, std::int64_t deadlineMs, std::function<void(lezpay::util::Result<TxStatus>)> done);
  void refuse(const Paid& p, int status, const std::string& code, const std::string& message);

  // The gateway in front of an origin (gateway_paid.cpp; config_.gateway). Answers a request
  // under a gateway route and returns true, or leaves it to handle().
  bool handleGateway(const lezpay::http::HttpRequest& req, lezpay::net::Responder& respond, lezpay::net::StreamOpener& open);
  // The server limits a gateway needs: request bodies up to max_request_bytes, room for a relay
  // to stream, and JSON answers with stable codes for the server's own refusals (413, ...).
  // Also builds gatewayResources_.
  void configureGatewayServer(lezpay::net::HttpServerOptions& options);
  x402::Json describeGateway() const;
  // The content of a paid request: the resource's handler, or the origin's answer (whole, or
  // its first buffer_bytes with the rest still coming) for a gateway route.
  void produce(const Paid& p, std::function<void(lezpay::http::HttpResponse)> done);
  // Sends `content` (with its payment headers) to the payer; for a gateway answer still coming
  // from the origin, opens a stream and relays the rest.
  void deliver(const Paid& p, lezpay::http::HttpResponse content);
  void pumpRelay(const std::shared_ptr<GatewayRelay>& relay);
  void finishRelay(const std::shared_ptr<GatewayRelay>& relay);
  std::vector<MerchantResource> gatewayResources_;  // one per gateway route, kind "gateway"
  std::map<std::uint64_t, std::shared_ptr<GatewayRelay>> relays_;  // answers being streamed

  MerchantConfig config_;
  std::unique_ptr<FacilitatorClient> facilitator_;
  StoreQueryFn store_;
  std::unique_ptr<lezpay::net::HttpServer> server_;
  std::map<std::string, std::int64_t> counters_;
  MerchantClock clock_;
  std::unique_ptr<PaymentIdCache> payments_;
  ChainStatusFn chainStatus_;
  std::uint64_t requestSeq_ = 0;
  ChallengeCache challenges_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // callbacks check it after shutdown
};

// CORS and common headers on every merchant answer.
void addCorsHeaders(lezpay::http::HttpResponse& r);

}  // namespace x402mod
