#pragma once
// The merchant's unpaid 402 answers, kept once built. An unpaid request to a resource always gets
// the same answer while the resource's terms and URL stay the same, and building it (the
// PaymentRequired JSON, its base64 for PAYMENT-REQUIRED, the JSON body) was most of the cost of a
// 402. An entry is used only if the terms it was built from equal the resource's terms now, so a
// change of price, payee, network, description or payment-identifier mode is never answered
// with old terms. At most one entry per resource path.

#include <string>
#include <unordered_map>

#include "lezpay/http/http_message.h"
#include "merchant_config.h"

namespace x402mod {

class ChallengeCache {
 public:
  // The answer kept for `res` at `resourceUrl`, or nullptr when none is kept for these terms.
  const lezpay::http::HttpResponse* find(const MerchantResource& res, const std::string& resourceUrl) const;
  // Keeps `answer` for `res` at `resourceUrl`, replacing what its path held.
  void keep(const MerchantResource& res, const std::string& resourceUrl, lezpay::http::HttpResponse answer);

 private:
  struct Entry {
    std::string url;
    MerchantResource terms;  // without its body: the challenge does not depend on it
    lezpay::http::HttpResponse answer;
  };
  std::unordered_map<std::string, Entry> byPath_;
};

}  // namespace x402mod
