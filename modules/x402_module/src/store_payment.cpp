#include "store_payment.h"

#include "merchant_config.h"

#include "lez/core/sha256.h"
#include "lezpay/util/hex.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/reason.h"

namespace x402mod {

using x402::Json;
using x402::Reason;

lezpay::util::Result<x402::PaymentRequirements> parseStorePaymentConfig(const Json& c) {
  auto bad = [](const std::string& m) { return lezpay::util::Error{"INVALID_CONFIG", m}; };
  if (!c.is_object()) return bad("the Store payment config must be a JSON object");
  if (auto e = unknownKey(c, {"amount", "payTo", "asset", "network", "maxTimeoutSeconds"}, "")) return *e;
  std::string amountText;
  if (auto a = c.find("amount"); a != c.end() && a->is_string()) amountText = a->get<std::string>();
  else if (a != c.end() && a->is_number_unsigned()) amountText = std::to_string(a->get<std::uint64_t>());
  auto amount = lez::core::U128::parseDecimal(amountText);
  if (!amount.ok()) return bad("amount: must be a decimal amount of native units");
  auto payToIt = c.find("payTo");
  if (payToIt == c.end() || !payToIt->is_string()) return bad("payTo: required, a LEZ account id");
  auto payTo = x402::parseLezAddress(payToIt->get<std::string>());
  if (!payTo) return bad("payTo: must be a LEZ account id (base58 or 64 hex)");
  // A present field of another JSON type is refused like a wrong value (c.value would throw).
  const auto text = [&c](const char* key, std::string_view fallback) {
    auto it = c.find(key);
    if (it == c.end()) return std::string(fallback);
    return it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string asset = text("asset", x402::kAssetNative);
  if (asset != x402::kAssetNative) return bad("asset: only \"native\" is supported on LEZ");
  const std::string network = text("network", x402::kNetworkLocalnet);
  if (network != x402::kNetworkLocalnet && network != x402::kNetworkTestnet) {
    return bad("network: must be logos:lez-localnet or logos:lez-testnet");
  }
  std::uint64_t timeout = 60;
  if (auto t = c.find("maxTimeoutSeconds"); t != c.end()) {
    if (!t->is_number_unsigned() || t->get<std::uint64_t>() == 0) return bad("maxTimeoutSeconds: must be a positive integer");
    timeout = t->get<std::uint64_t>();
  }
  return x402::makeExactLezRequirements(network, amount.value(), *payTo, timeout);
}

std::string storeResourceUrl(const std::string& providerPeerId, std::span<const std::uint8_t> canonicalRequest) {
  return "waku-store://" + providerPeerId + "/" + lezpay::util::toHex(lez::core::sha256(canonicalRequest));
}

std::string storeVerdictFor(const std::string& reason) {
  const auto r = x402::parseReason(reason);
  if (!r) return "PROOF_INVALID";
  switch (*r) {
    case Reason::NoMatchingRequirements:
    case Reason::InvalidNetwork:
    case Reason::InvalidScheme:
    case Reason::UnsupportedScheme:
    case Reason::LezAcceptedMismatch:
    case Reason::LezAmountMismatch:
    case Reason::LezRecipientMismatch:
      return "PARAMS_REJECTED";
    default:
      return "PROOF_INVALID";
  }
}

}  // namespace x402mod
