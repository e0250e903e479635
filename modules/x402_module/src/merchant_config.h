#pragma once
// The merchant's configuration (startMerchant's config_json, persisted as merchant.json and read
// back at start). Pure (JSON in, values out), so the corpus-driven fuzz target
// fuzz/x402_config_files.cpp runs the same code as the module.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "gateway_config.h"
#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402mod {

struct MerchantResource {
  std::string path;
  std::string kind = "static";  // "static" | "store"
  std::string body;             // static content
  std::string mimeType = "application/json";
  std::string description;
  // payment-identifier extension (x402.md §5): "off", "optional" (default) or "required".
  std::string paymentIdentifier = "optional";
  x402::PaymentRequirements requirements;
};

struct MerchantConfig {
  std::uint16_t port = 0;
  std::string facilitatorUrl;  // "" = this module's facilitator, in-process
  std::string publicBaseUrl;   // resource URLs; default http://127.0.0.1:<port>
  int facilitatorTimeoutMs = 60000;
  std::vector<MerchantResource> resources;
  // facilitator_token_path: the facilitator's bearer token file; unset = the module's default,
  // "" = send no credential (a facilitator that needs none).
  std::optional<std::string> facilitatorTokenPath;
  std::string facilitatorToken;  // read from that file by the caller; never logged or answered
  // payments_path (a SQLite file) or payments_url (sqlite:<path>, or postgresql://... shared by the
  // merchants of a fleet): the served-payments store; "" = the caller's default. Never answered
  // with its password (redact with lezpay/sqlstore/database_url.h).
  std::string paymentsPath;
  std::optional<GatewayConfig> gateway;  // requests under its routes go to an origin
};

// INVALID_CONFIG "<where><key>: unknown key" for a key of `object` outside `known`.
std::optional<lezpay::util::Error> unknownKey(const x402::Json& object, std::initializer_list<const char*> known,
                                              const std::string& where);

// Validates the startMerchant config (names the offending field); error code INVALID_CONFIG.
lezpay::util::Result<MerchantConfig> parseMerchantConfig(const x402::Json& config);

// The x402 terms of one priced entry (a merchant resource, a paid MCP tool): `price` (decimal
// native units as a string, or an unsigned number), `asset` (native only), `payTo`,
// `maxTimeoutSeconds` (default 60) and `network` (default `network`). INVALID_CONFIG naming
// `<at>.<key>` otherwise; a zero price is refused unless allowZero.
lezpay::util::Result<x402::PaymentRequirements> parsePriceTerms(const x402::Json& entry, const std::string& at,
                                                                const std::string& network, bool allowZero);

}  // namespace x402mod
