#include "merchant_config.h"

#include "lez/core/u128.h"
#include "lezpay/sqlstore/database_url.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/json_codec.h"

namespace x402mod {

using lezpay::util::Error;
using lezpay::util::Result;
using x402::Json;

namespace {

Error badConfig(const std::string& message) { return Error{"INVALID_CONFIG", message}; }

std::string str(const Json& j, const char* key, const std::string& fallback = {}) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

}  // namespace

std::optional<Error> unknownKey(const Json& object, std::initializer_list<const char*> known, const std::string& where) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool ok = false;
    for (const char* k : known) ok = ok || it.key() == k;
    if (!ok) return badConfig(where + it.key() + ": unknown key (a misspelt option would be ignored silently)");
  }
  return std::nullopt;
}

Result<x402::PaymentRequirements> parsePriceTerms(const Json& entry, const std::string& at, const std::string& network,
                                                  bool allowZero) {
  std::string price;
  if (auto p = entry.find("price"); p != entry.end() && p->is_string()) price = p->get<std::string>();
  else if (p != entry.end() && p->is_number_unsigned()) price = std::to_string(p->get<std::uint64_t>());
  auto amount = lez::core::U128::parseDecimal(price);
  if (!amount.ok() || (!allowZero && amount.value().isZero())) {
    return badConfig(at + ".price: must be a decimal amount of native units" + (allowZero ? "" : " above 0"));
  }
  const std::string asset = str(entry, "asset", std::string(x402::kAssetNative));
  if (asset != x402::kAssetNative) return badConfig(at + ".asset: only \"native\" is supported on LEZ");
  auto payTo = x402::parseLezAddress(str(entry, "payTo"));
  if (!payTo) return badConfig(at + ".payTo: must be a LEZ account id (base58 or 64 hex)");
  std::uint64_t timeout = 60;
  if (auto t = entry.find("maxTimeoutSeconds"); t != entry.end()) {
    if (!t->is_number_unsigned() || t->get<std::uint64_t>() == 0) return badConfig(at + ".maxTimeoutSeconds: must be a positive integer");
    timeout = t->get<std::uint64_t>();
  }
  const std::string entryNetwork = str(entry, "network", network);
  if (entryNetwork != x402::kNetworkLocalnet && entryNetwork != x402::kNetworkTestnet) {
    return badConfig(at + ".network: must be logos:lez-localnet or logos:lez-testnet");
  }
  return x402::makeExactLezRequirements(entryNetwork, amount.value(), *payTo, timeout);
}

Result<MerchantConfig> parseMerchantConfig(const Json& c) {
  if (!c.is_object()) return badConfig("the merchant config must be a JSON object");
  if (auto e = unknownKey(c, {"port", "facilitator_url", "public_base_url", "facilitator_timeout_ms", "network", "resources",
                              "facilitator_token_path", "payments_path", "payments_url", "gateway"},
                          "")) {
    return *e;
  }
  MerchantConfig out;
  if (auto p = c.find("port"); p != c.end()) {
    if (!p->is_number_unsigned() || p->get<std::uint64_t>() > 65535) return badConfig("port: must be an integer 0..65535");
    out.port = static_cast<std::uint16_t>(p->get<std::uint64_t>());
  }
  out.facilitatorUrl = str(c, "facilitator_url");
  if (!out.facilitatorUrl.empty() && out.facilitatorUrl.rfind("http://", 0) != 0 && out.facilitatorUrl.rfind("https://", 0) != 0) {
    return badConfig("facilitator_url: must be an http(s) URL, or empty for this module's facilitator");
  }
  out.publicBaseUrl = str(c, "public_base_url");
  while (!out.publicBaseUrl.empty() && out.publicBaseUrl.back() == '/') out.publicBaseUrl.pop_back();
  if (auto t = c.find("facilitator_timeout_ms"); t != c.end()) {
    if (!t->is_number_unsigned() || t->get<std::uint64_t>() == 0 || t->get<std::uint64_t>() > 600000) {
      return badConfig("facilitator_timeout_ms: must be an integer 1..600000");
    }
    out.facilitatorTimeoutMs = static_cast<int>(t->get<std::uint64_t>());
  }
  if (auto t = c.find("facilitator_token_path"); t != c.end()) {
    if (!t->is_string()) return badConfig("facilitator_token_path: must be a path (\"\" sends no credential)");
    out.facilitatorTokenPath = t->get<std::string>();
  }
  if (auto t = c.find("payments_path"); t != c.end()) {
    if (!t->is_string() || t->get<std::string>().empty()) return badConfig("payments_path: must be a file path");
    out.paymentsPath = t->get<std::string>();
  }
  if (auto t = c.find("payments_url"); t != c.end()) {
    if (c.contains("payments_path")) return badConfig("payments_url: give payments_path or payments_url, not both");
    if (!t->is_string()) return badConfig("payments_url: must be sqlite:<path> or postgresql://...");
    auto url = lezpay::sqlstore::parseDatabaseUrl(t->get<std::string>(), "INVALID_CONFIG", "payments_url");
    if (!url.ok()) return badConfig("payments_url: " + url.error().message);
    out.paymentsPath = t->get<std::string>();
  }
  const std::string network = str(c, "network", std::string(x402::kNetworkLocalnet));
  if (auto g = c.find("gateway"); g != c.end()) {
    auto gateway = parseGatewayConfig(*g, network);
    if (!gateway.ok()) return gateway.error();
    out.gateway = std::move(gateway).value();
  }
  auto rs = c.find("resources");
  if (out.gateway && rs == c.end()) return out;
  // With a gateway the resources are optional (its routes are the paid surface).
  if (rs == c.end() || !rs->is_array() || (rs->empty() && !out.gateway)) return badConfig("resources: must be a non-empty array");
  for (std::size_t i = 0; i < rs->size(); ++i) {
    const Json& r = (*rs)[i];
    const std::string at = "resources[" + std::to_string(i) + "]";
    if (!r.is_object()) return badConfig(at + ": must be an object");
    if (auto e = unknownKey(r, {"path", "kind", "price", "asset", "payTo", "network", "description", "mimeType", "maxTimeoutSeconds",
                                "paymentIdentifier", "body"},
                            at + ".")) {
      return *e;
    }
    MerchantResource m;
    m.kind = str(r, "kind", "static");
    if (m.kind != "static" && m.kind != "store") return badConfig(at + ".kind: must be \"static\" or \"store\"");
    m.path = str(r, "path", m.kind == "store" ? "/store/v3/messages" : "");
    if (m.path.empty() || m.path[0] != '/' || m.path.find('?') != std::string::npos) {
      return badConfig(at + ".path: must start with '/' and carry no query");
    }
    for (const auto& other : out.resources) {
      if (other.path == m.path) return badConfig(at + ".path: " + m.path + " is configured twice");
    }
    auto terms = parsePriceTerms(r, at, network, /*allowZero=*/true);
    if (!terms.ok()) return terms.error();
    m.requirements = std::move(terms).value();
    m.description = str(r, "description");
    m.paymentIdentifier = str(r, "paymentIdentifier", "optional");
    if (m.paymentIdentifier != "off" && m.paymentIdentifier != "optional" && m.paymentIdentifier != "required") {
      return badConfig(at + ".paymentIdentifier: must be \"off\", \"optional\" or \"required\"");
    }
    m.mimeType = str(r, "mimeType", "application/json");
    if (auto b = r.find("body"); b != r.end()) {
      if (b->is_string()) m.body = b->get<std::string>();
      else m.body = x402::dumpJson(*b);
    } else if (m.kind == "static") {
      return badConfig(at + ".body: a static resource needs a body");
    }
    out.resources.push_back(std::move(m));
  }
  return out;
}

}  // namespace x402mod
