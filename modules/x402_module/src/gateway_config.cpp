#include "gateway_config.h"

#include <algorithm>

#include "lezpay/http/url.h"
#include "merchant_config.h"

namespace x402mod {

using lezpay::util::Error;
using lezpay::util::Result;
using x402::Json;

namespace {

Error badConfig(const std::string& message) { return Error{"INVALID_CONFIG", "gateway." + message}; }

std::string str(const Json& j, const char* key, const std::string& fallback = {}) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool isToken(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool prefixMatches(const std::string& prefix, const std::string& path) {
  if (path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || prefix.back() == '/' || path[prefix.size()] == '/';
}

Result<std::size_t> boundedSize(const Json& g, const char* key, std::size_t fallback, std::size_t lo, std::size_t hi) {
  auto it = g.find(key);
  if (it == g.end()) return fallback;
  if (!it->is_number_unsigned() || it->get<std::uint64_t>() < lo || it->get<std::uint64_t>() > hi) {
    return badConfig(std::string(key) + ": must be an integer " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return static_cast<std::size_t>(it->get<std::uint64_t>());
}

}  // namespace

Result<GatewayConfig> parseGatewayConfig(const Json& g, const std::string& network) {
  if (!g.is_object()) return Error{"INVALID_CONFIG", "gateway: must be an object"};
  if (auto e = unknownKey(g, {"origin_url", "routes", "max_request_bytes", "origin_timeout_ms", "buffer_bytes"}, "gateway.")) return *e;
  GatewayConfig out;
  out.originUrl = str(g, "origin_url");
  auto url = lezpay::http::parseUrl(out.originUrl);
  // The sentence does not repeat the URL: it may name an internal host.
  if (out.originUrl.empty() || !url.ok()) return badConfig("origin_url: must be an http(s) URL without userinfo or fragment");
  if (url.value().target.find('?') != std::string::npos) return badConfig("origin_url: must carry no query");
  auto maxRequest = boundedSize(g, "max_request_bytes", out.maxRequestBytes, 1, kGatewayMaxRequestBytesLimit);
  if (!maxRequest.ok()) return maxRequest.error();
  out.maxRequestBytes = maxRequest.value();
  auto timeout = boundedSize(g, "origin_timeout_ms", static_cast<std::size_t>(out.originTimeoutMs), 1, 600000);
  if (!timeout.ok()) return timeout.error();
  out.originTimeoutMs = static_cast<int>(timeout.value());
  auto buffer = boundedSize(g, "buffer_bytes", out.bufferBytes, 1, kGatewayMaxBufferBytes);
  if (!buffer.ok()) return buffer.error();
  out.bufferBytes = buffer.value();
  auto rs = g.find("routes");
  if (rs == g.end() || !rs->is_array() || rs->empty()) return badConfig("routes: must be a non-empty array");
  for (std::size_t i = 0; i < rs->size(); ++i) {
    const Json& r = (*rs)[i];
    const std::string at = "routes[" + std::to_string(i) + "]";
    if (!r.is_object()) return badConfig(at + ": must be an object");
    if (auto e = unknownKey(r, {"method", "path_prefix", "price", "asset", "payTo", "network", "description", "mimeType", "maxTimeoutSeconds",
                                "paymentIdentifier"},
                            "gateway." + at + ".")) {
      return *e;
    }
    GatewayRoute route;
    route.method = str(r, "method", "GET");
    if (route.method != "*" && !isToken(route.method)) return badConfig(at + ".method: must be an upper-case HTTP method or \"*\"");
    route.pathPrefix = str(r, "path_prefix");
    if (route.pathPrefix.empty() || route.pathPrefix[0] != '/' || route.pathPrefix.find_first_of("?# ") != std::string::npos) {
      return badConfig(at + ".path_prefix: must start with '/' and carry no query");
    }
    for (const auto& other : out.routes) {
      if (other.method == route.method && other.pathPrefix == route.pathPrefix) {
        return badConfig(at + ": " + route.method + " " + route.pathPrefix + " is configured twice");
      }
    }
    auto terms = parsePriceTerms(r, "gateway." + at, network, /*allowZero=*/false);
    if (!terms.ok()) return terms.error();
    route.requirements = std::move(terms).value();
    route.description = str(r, "description");
    route.mimeType = str(r, "mimeType", "application/json");
    route.paymentIdentifier = str(r, "paymentIdentifier", "optional");
    if (route.paymentIdentifier != "off" && route.paymentIdentifier != "optional" && route.paymentIdentifier != "required") {
      return badConfig(at + ".paymentIdentifier: must be \"off\", \"optional\" or \"required\"");
    }
    out.routes.push_back(std::move(route));
  }
  return out;
}

int matchGatewayRoute(const GatewayConfig& config, const std::string& method, const std::string& path) {
  int best = -1;
  for (std::size_t i = 0; i < config.routes.size(); ++i) {
    const auto& r = config.routes[i];
    if ((r.method != "*" && r.method != method) || !prefixMatches(r.pathPrefix, path)) continue;
    if (best < 0) {
      best = static_cast<int>(i);
      continue;
    }
    const auto& b = config.routes[static_cast<std::size_t>(best)];
    if (r.pathPrefix.size() > b.pathPrefix.size() || (r.pathPrefix.size() == b.pathPrefix.size() && b.method == "*")) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

}  // namespace x402mod
