#pragma once
// The configuration of the provider's MCP endpoint with paid tools (startMcpEndpoint's
// config_json, persisted as mcp_endpoint.json and read back at start; docs/protocol.md "Paid MCP
// endpoint"). Pure (JSON in, values out).
//
//   {listen: "127.0.0.1" (an IP address; loopback by default), port: 0 (= a free port),
//    allowed_origins: ["http://localhost:6274", ...] (Origin values accepted besides none),
//    facilitator_url, facilitator_token_path, facilitator_timeout_ms, payments_path, network,
//    tools: [{name, kind: "store" | "static", price?, payTo?, asset?, network?, description?,
//             maxTimeoutSeconds?, paymentIdentifier?, body?}]}
//
// A tool with a price (decimal native units, > 0) is paid per call with the x402 MCP transport;
// a tool without one is free. Errors: INVALID_CONFIG with the offending field named.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402mod {

struct McpPaidTool {
  std::string name;              // 1..128 of [A-Za-z0-9_.-]
  std::string kind = "store";    // "store": a Store query on this provider's archive; "static": `body`
  std::string description;
  x402::Json body;               // static result (structuredContent when an object, else text)
  std::optional<x402::PaymentRequirements> price;  // nullopt: free
  std::string paymentIdentifier = "optional";       // "off" | "optional" | "required" (x402.md §5)
};

struct McpEndpointConfig {
  std::string listen = "127.0.0.1";
  std::uint16_t port = 0;
  std::vector<std::string> allowedOrigins;
  std::string facilitatorUrl;  // "" = this module's facilitator, in-process
  std::optional<std::string> facilitatorTokenPath;
  std::string facilitatorToken;  // read by the caller; never logged or answered
  int facilitatorTimeoutMs = 60000;
  std::string paymentsPath;      // "" = the caller's default
  std::vector<McpPaidTool> tools;
};

lezpay::util::Result<McpEndpointConfig> parseMcpEndpointConfig(const x402::Json& config);

}  // namespace x402mod
