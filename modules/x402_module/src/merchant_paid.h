#pragma once
// One paid request of the merchant on its way through verify, the handler (or the gateway's
// origin), settle and the served-payments store: shared by merchant_paid_request.cpp and
// gateway_paid.cpp.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "lezpay/http/http_message.h"
#include "lezpay/net/http_server.h"
#include "merchant.h"
#include "merchant_payment_cache.h"
#include "x402/types.h"

namespace x402mod {

struct GatewayRelay;

struct Merchant::PaidRequest {
  const MerchantResource* resource = nullptr;
  lezpay::http::HttpRequest req;
  std::string resourceUrl;
  x402::FacilitatorRequest request;
  PaymentKey key;
  std::int64_t validBefore = 0;
  std::uint64_t seq = 0;
  std::shared_ptr<lezpay::net::Responder> respond;
  // A gateway request: how a streamed answer opens, and the origin's answer being relayed.
  lezpay::net::StreamOpener open;
  std::shared_ptr<GatewayRelay> relay;
};

}  // namespace x402mod
