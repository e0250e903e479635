#pragma once
// The x402 v2 HTTP header codec (x402.md §1): header value = standard base64 (A-Z a-z 0-9 + /,
// `=` padding) of the compact UTF-8 JSON text. URL-safe base64, missing padding, whitespace,
// junk, non-JSON, a JSON value that is not an object, and values above kMaxHeaderValueBytes are
// rejected with invalid_payload and a sentence that says which rule broke. Decoders then run the
// schema validation of json_codec.h.

#include <cstddef>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402 {

// Header names (HTTP header names are case-insensitive; compare with equalsIgnoreCase).
inline constexpr std::string_view kPaymentRequiredHeader = "PAYMENT-REQUIRED";
inline constexpr std::string_view kPaymentSignatureHeader = "PAYMENT-SIGNATURE";
inline constexpr std::string_view kPaymentResponseHeader = "PAYMENT-RESPONSE";
// Our addition: the stable error code of any failed paid request (also in the JSON body).
inline constexpr std::string_view kPaymentErrorHeader = "x-payment-error";
// CORS (x402.md §1, §7.5).
inline constexpr std::string_view kCorsExposeHeaders = "PAYMENT-REQUIRED, PAYMENT-RESPONSE, x-payment-error";
inline constexpr std::string_view kCorsAllowHeaders = "PAYMENT-SIGNATURE, Content-Type";

// A header value larger than this is refused before decoding (a LEZ transfer payload is ~0.6 KiB).
inline constexpr std::size_t kMaxHeaderValueBytes = 32 * 1024;

// base64(compact JSON text of `value`).
std::string encodeHeaderJson(const Json& value);
// Standard base64 -> UTF-8 JSON object.
lezpay::util::Result<Json> decodeHeaderJson(std::string_view headerValue);

std::string encodePaymentRequiredHeader(const PaymentRequired& v);
std::string encodePaymentSignatureHeader(const PaymentPayload& v);
std::string encodePaymentResponseHeader(const SettlementResponse& v);
lezpay::util::Result<PaymentRequired> decodePaymentRequiredHeader(std::string_view headerValue);
lezpay::util::Result<PaymentPayload> decodePaymentSignatureHeader(std::string_view headerValue);
lezpay::util::Result<SettlementResponse> decodePaymentResponseHeader(std::string_view headerValue);

// ASCII case-insensitive comparison for header names.
bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace x402
