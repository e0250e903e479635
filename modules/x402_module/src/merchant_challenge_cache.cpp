#include "merchant_challenge_cache.h"

namespace x402mod {
namespace {

bool sameTerms(const MerchantResource& a, const MerchantResource& b) {
  return a.kind == b.kind && a.requirements == b.requirements && a.description == b.description && a.mimeType == b.mimeType &&
         a.paymentIdentifier == b.paymentIdentifier;
}

}  // namespace

const lezpay::http::HttpResponse* ChallengeCache::find(const MerchantResource& res, const std::string& resourceUrl) const {
  const auto it = byPath_.find(res.path);
  if (it == byPath_.end() || it->second.url != resourceUrl || !sameTerms(it->second.terms, res)) return nullptr;
  return &it->second.answer;
}

void ChallengeCache::keep(const MerchantResource& res, const std::string& resourceUrl, lezpay::http::HttpResponse answer) {
  MerchantResource terms = res;
  terms.body.clear();
  byPath_.insert_or_assign(res.path, Entry{resourceUrl, std::move(terms), std::move(answer)});
}

}  // namespace x402mod
