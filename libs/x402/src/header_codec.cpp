#include "x402/header_codec.h"

#include <cctype>
#include <string>

#include "lezpay/util/base64.h"
#include "x402/json_codec.h"
#include "x402/reason.h"

namespace x402 {

using lezpay::util::Result;

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string encodeHeaderJson(const Json& value) {
  const std::string text = dumpJson(value);
  return lezpay::util::toBase64(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

Result<Json> decodeHeaderJson(std::string_view headerValue) {
  if (headerValue.empty()) return makeError(Reason::InvalidPayload, "the header is empty");
  if (headerValue.size() > kMaxHeaderValueBytes) {
    return makeError(Reason::InvalidPayload, "the header is " + std::to_string(headerValue.size()) +
                                                 " bytes, above the limit of " + std::to_string(kMaxHeaderValueBytes));
  }
  // Standard alphabet with padding only: URL-safe '-'/'_', whitespace and junk are refused here.
  auto bytes = lezpay::util::fromBase64(headerValue);
  if (!bytes.ok()) {
    return makeError(Reason::InvalidPayload, "the header is not standard base64 (A-Z a-z 0-9 + / with = padding): " +
                                                 bytes.error().message);
  }
  const auto& b = bytes.value();
  auto json = parseJsonText(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
  if (!json.ok()) return makeError(Reason::InvalidPayload, "the decoded header is " + json.error().message);
  if (!json.value().is_object()) return makeError(Reason::InvalidPayload, "the decoded header is JSON but not an object");
  return json;
}

std::string encodePaymentRequiredHeader(const PaymentRequired& v) { return encodeHeaderJson(toJson(v)); }
std::string encodePaymentSignatureHeader(const PaymentPayload& v) { return encodeHeaderJson(toJson(v)); }
std::string encodePaymentResponseHeader(const SettlementResponse& v) { return encodeHeaderJson(toJson(v)); }

Result<PaymentRequired> decodePaymentRequiredHeader(std::string_view headerValue) {
  auto j = decodeHeaderJson(headerValue);
  if (!j.ok()) return j.error();
  return parsePaymentRequired(j.value());
}

Result<PaymentPayload> decodePaymentSignatureHeader(std::string_view headerValue) {
  auto j = decodeHeaderJson(headerValue);
  if (!j.ok()) return j.error();
  return parsePaymentPayload(j.value());
}

Result<SettlementResponse> decodePaymentResponseHeader(std::string_view headerValue) {
  auto j = decodeHeaderJson(headerValue);
  if (!j.ok()) return j.error();
  return parseSettlementResponse(j.value());
}

}  // namespace x402
