#pragma once
// The merchant as an x402 gateway in front of an HTTP origin (docs/protocol.md "x402 gateway"):
// the `gateway` object of startMerchant's config_json, and which route a request falls under.
// Pure (JSON in, values out).
//
// {"origin_url": "http://127.0.0.1:8080[/base]", "routes": [{"method": "GET"|"POST"|…|"*",
//  "path_prefix": "/api", "price", "payTo", "asset", "network", "maxTimeoutSeconds",
//  "description", "mimeType", "paymentIdentifier"}], "max_request_bytes": 1048576,
//  "origin_timeout_ms": 30000, "buffer_bytes": 1048576}
//
// A route matches a request whose method equals its method ("*": any) and whose path starts
// with path_prefix at a segment boundary ("/api" matches "/api" and "/api/x", not "/apix"; a
// prefix ending in '/' matches anything under it); the longest matching prefix wins, and an
// exact method beats "*" for the same prefix. Errors: INVALID_CONFIG naming the field.

#include <cstddef>
#include <string>
#include <vector>

#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402mod {

struct GatewayRoute {
  std::string method;      // upper case, or "*"
  std::string pathPrefix;  // starts with '/'
  std::string description;
  std::string mimeType;
  std::string paymentIdentifier = "optional";
  x402::PaymentRequirements requirements;
};

struct GatewayConfig {
  std::string originUrl;  // never logged at info level nor answered to clients
  std::vector<GatewayRoute> routes;
  std::size_t maxRequestBytes = 1024 * 1024;
  int originTimeoutMs = 30000;
  // The most of an origin's answer held before settlement: an answer that ends within it is
  // settled only once it arrived whole; a longer one is settled when this much arrived.
  std::size_t bufferBytes = 1024 * 1024;
};

// Limits of the numeric options.
inline constexpr std::size_t kGatewayMaxRequestBytesLimit = 256u * 1024 * 1024;
inline constexpr std::size_t kGatewayMaxBufferBytes = 64u * 1024 * 1024;

lezpay::util::Result<GatewayConfig> parseGatewayConfig(const x402::Json& gateway, const std::string& network);

// Index of the route serving (method, path) in config.routes, or -1.
int matchGatewayRoute(const GatewayConfig& config, const std::string& method, const std::string& path);

}  // namespace x402mod
