// The merchant's answer to a request that carries no payment: 402 with the challenge.
#include "merchant.h"

#include "x402/reason.h"

namespace x402mod {

lezpay::http::HttpResponse Merchant::unpaidAnswer(const MerchantResource& res, const std::string& resourceUrl) {
  const std::string code(x402::toString(x402::Reason::PaymentRequired));
  if (const auto* kept = challenges_.find(res, resourceUrl)) {
    count(code);
    return *kept;
  }
  auto answer = paymentError(402, &res, resourceUrl, code,
                             "this resource costs " + res.requirements.amount + " native units on " + res.requirements.network +
                                 "; pay with a PAYMENT-SIGNATURE header (x402 v2)");
  // A Store view's URL carries its query, one per request: only the resource's own URL is kept.
  if (resourceUrl.find('?') == std::string::npos) challenges_.keep(res, resourceUrl, answer);
  return answer;
}

}  // namespace x402mod
