// Fuzz target: the configuration files x402_module persists and reads back at start, read as the
// module reads them (x402::parseJsonText, then modules/x402_module/src/merchant_config.h,
// facilitator_config.h, store_payment.h, mcp_paid_config.h). The first byte picks the file, the rest
// is its text.
// Properties: no crash and no exception; a refusal of valid JSON is INVALID_CONFIG; 0 merchant.json:
// an accepted config has resources with distinct paths starting with '/', each with a decimal
// price, or a gateway whose routes each serve their own prefix at a price above zero; 1 facilitator.json: networks are non-empty and known, timeouts within their bounds;
// 2 store_payment.json: accepted requirements written back in the operation's form read the same;
// 3 mcp_endpoint.json: an accepted config has distinct valid tool names, prices above zero.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "facilitator_config.h"
#include "fuzz_check.h"
#include "lez/core/u128.h"
#include "mcp_paid_config.h"
#include "merchant_config.h"
#include "store_payment.h"
#include "x402/json_codec.h"

namespace {

void merchant(const x402::Json& j) {
  auto c = x402mod::parseMerchantConfig(j);
  if (!c.ok()) {
    FUZZ_CHECK(c.error().code == "INVALID_CONFIG" && !c.error().message.empty());
    return;
  }
  FUZZ_CHECK((!c->resources.empty() || c->gateway) && c->facilitatorTimeoutMs >= 1 && c->facilitatorTimeoutMs <= 600000);
  if (c->gateway) {
    const auto& g = *c->gateway;
    FUZZ_CHECK(!g.routes.empty() && g.maxRequestBytes >= 1 && g.bufferBytes >= 1 && g.originTimeoutMs >= 1);
    for (const auto& r : g.routes) {
      FUZZ_CHECK(!r.pathPrefix.empty() && r.pathPrefix[0] == '/' && !r.method.empty());
      FUZZ_CHECK(lez::core::U128::parseDecimal(r.requirements.amount).ok() && r.requirements.amount != "0");
      // A route always serves its own prefix.
      FUZZ_CHECK(x402mod::matchGatewayRoute(g, r.method == "*" ? "GET" : r.method, r.pathPrefix) >= 0);
    }
  }
  std::set<std::string> paths;
  for (const auto& r : c->resources) {
    FUZZ_CHECK(!r.path.empty() && r.path[0] == '/' && paths.insert(r.path).second);
    FUZZ_CHECK(lez::core::U128::parseDecimal(r.requirements.amount).ok());
  }
}

void facilitator(const x402::Json& j) {
  auto c = x402mod::facilitatorConfigFromJson(j, "/state/settlements.sqlite");
  if (!c.ok()) {
    FUZZ_CHECK(c.error().code == "INVALID_CONFIG" && !c.error().message.empty());
    return;
  }
  FUZZ_CHECK(!c->networks.empty() && !c->journalPath.empty());
  for (const auto& n : c->networks) FUZZ_CHECK(n == x402::kNetworkLocalnet || n == x402::kNetworkTestnet);
  FUZZ_CHECK(c->settleTimeoutMs >= 1 && c->settleTimeoutMs <= 600000 && c->pollIntervalMs >= 1 && c->pollIntervalMs <= 10000);
}

void storePayment(const x402::Json& j) {
  auto r = x402mod::parseStorePaymentConfig(j);
  if (!r.ok()) {
    FUZZ_CHECK(r.error().code == "INVALID_CONFIG" && !r.error().message.empty());
    return;
  }
  const x402::Json again{{"amount", r->amount}, {"payTo", r->payTo}, {"asset", r->asset}, {"network", r->network},
                         {"maxTimeoutSeconds", r->maxTimeoutSeconds}};
  auto back = x402mod::parseStorePaymentConfig(again);
  FUZZ_CHECK(back.ok() && *back == *r);
}

void mcpEndpoint(const x402::Json& j) {
  auto c = x402mod::parseMcpEndpointConfig(j);
  if (!c.ok()) {
    FUZZ_CHECK(c.error().code == "INVALID_CONFIG" && !c.error().message.empty());
    return;
  }
  FUZZ_CHECK(!c->tools.empty() && !c->listen.empty());
  std::set<std::string> names;
  for (const auto& t : c->tools) {
    FUZZ_CHECK(!t.name.empty() && t.name.size() <= 128 && names.insert(t.name).second);
    if (t.price) FUZZ_CHECK(lez::core::U128::parseDecimal(t.price->amount).ok() && t.price->amount != "0");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto j = x402::parseJsonText(text);
  if (!j.ok()) return 0;
  switch (data[0] % 4) {
    case 0: merchant(j.value()); break;
    case 1: facilitator(j.value()); break;
    case 2: storePayment(j.value()); break;
    default: mcpEndpoint(j.value()); break;
  }
  return 0;
}
