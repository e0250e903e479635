#pragma once
// x402 v2 wire objects (x402.md §2, §3), field names exactly as on the wire (camelCase).
// Scheme-specific parts (`extra`, `payload`, `extensions`) stay JSON here; the LEZ `exact`
// payload has its own typed form in exact_lez.h. The codec (json_codec.h) validates every
// object against the tables of x402.md §2 and produces these structs; encoders write them back.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lezpay/jsonrpc/exact_json.h"

namespace x402 {

using Json = lezpay::jsonrpc::Json;

// The only protocol version we speak and accept (x402.md §1: v1 is never emitted).
inline constexpr std::int64_t kX402Version = 2;

// ResourceInfo: url required and non-empty.
struct ResourceInfo {
  std::string url;
  std::optional<std::string> description;
  std::optional<std::string> mimeType;

  bool operator==(const ResourceInfo&) const = default;
};

// PaymentRequirements: all fields required except `extra` (always sent, `{}` when empty).
// `amount` is canonical decimal text of atomic units (checked by the codec: digits only, no
// leading zero); maxTimeoutSeconds > 0.
struct PaymentRequirements {
  std::string scheme;
  std::string network;
  std::string amount;
  std::string asset;
  std::string payTo;
  std::uint64_t maxTimeoutSeconds = 0;
  Json extra = Json::object();

  // Deep equality with key order ignored (x402.md §7.1): nlohmann objects are ordered maps.
  bool operator==(const PaymentRequirements&) const = default;
};

// PaymentRequired (the `PAYMENT-REQUIRED` header): accepts has at least one entry.
struct PaymentRequired {
  std::optional<std::string> error;
  ResourceInfo resource;
  std::vector<PaymentRequirements> accepts;
  std::optional<Json> extensions;  // object when present

  bool operator==(const PaymentRequired&) const = default;
};

// PaymentPayload (the `PAYMENT-SIGNATURE` header, and EligibilityProof arm 1 as JSON bytes).
// `payload` is the scheme-specific object (exact_lez.h decodes the LEZ one).
struct PaymentPayload {
  std::optional<ResourceInfo> resource;
  PaymentRequirements accepted;
  Json payload = Json::object();
  std::optional<Json> extensions;  // object when present

  bool operator==(const PaymentPayload&) const = default;
};

// SettlementResponse (the `/settle` body and the `PAYMENT-RESPONSE` header). `transaction` is
// the empty string on failure, never omitted; `network` is always filled. `errorMessage` is a
// sentence for a person next to the stable errorReason (other implementations send it too).
struct SettlementResponse {
  bool success = false;
  std::optional<std::string> errorReason;
  std::optional<std::string> errorMessage;
  std::optional<std::string> payer;
  std::string transaction;
  std::string network;
  std::optional<std::string> amount;
  std::optional<Json> extensions;

  bool operator==(const SettlementResponse&) const = default;
};

// VerifyResponse (the `/verify` body). invalidMessage: the human sentence beside invalidReason.
struct VerifyResponse {
  bool isValid = false;
  std::optional<std::string> invalidReason;
  std::optional<std::string> invalidMessage;
  std::optional<std::string> payer;

  bool operator==(const VerifyResponse&) const = default;
};

// The body of POST /verify and POST /settle (x402.md §3).
struct FacilitatorRequest {
  PaymentPayload paymentPayload;
  PaymentRequirements paymentRequirements;

  bool operator==(const FacilitatorRequest&) const = default;
};

// GET /supported.
struct SupportedKind {
  std::string scheme;
  std::string network;
  std::optional<Json> extra;

  bool operator==(const SupportedKind&) const = default;
};
struct SupportedResponse {
  std::vector<SupportedKind> kinds;
  std::vector<std::string> extensions;
  Json signers = Json::object();  // "<caip2 pattern>" -> [addresses]

  bool operator==(const SupportedResponse&) const = default;
};

}  // namespace x402
