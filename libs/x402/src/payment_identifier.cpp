#include "x402/payment_identifier.h"

#include "x402/reason.h"

namespace x402 {

Json makePaymentIdentifierExtension(bool required) {
  const Json schema{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                    {"type", "object"},
                    {"properties",
                     {{"required", {{"type", "boolean"}}},
                      {"id", {{"type", "string"}, {"minLength", kPaymentIdMinChars}, {"maxLength", kPaymentIdMaxChars},
                              {"pattern", "^[A-Za-z0-9_-]+$"}}}}},
                    {"required", Json::array({"required"})}};
  return Json{{"info", {{"required", required}}}, {"schema", schema}};
}

bool isValidPaymentId(std::string_view id) {
  if (id.size() < kPaymentIdMinChars || id.size() > kPaymentIdMaxChars) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

lezpay::util::Result<std::optional<std::string>> paymentIdOf(const PaymentPayload& payload) {
  if (!payload.extensions) return std::optional<std::string>{};
  auto ext = payload.extensions->find(std::string(kPaymentIdentifierExtension));
  if (ext == payload.extensions->end() || ext->is_null()) return std::optional<std::string>{};
  if (!ext->is_object()) return makeError(Reason::InvalidPayload, "extensions.payment-identifier: must be an object");
  auto info = ext->find("info");
  if (info == ext->end() || !info->is_object()) return std::optional<std::string>{};
  auto id = info->find("id");
  if (id == info->end() || id->is_null()) return std::optional<std::string>{};
  if (!id->is_string() || !isValidPaymentId(id->get_ref<const std::string&>())) {
    return makeError(Reason::InvalidPayload,
                     "extensions.payment-identifier.info.id: must be 16-128 characters of A-Z a-z 0-9 _ -");
  }
  return std::optional<std::string>{id->get<std::string>()};
}

}  // namespace x402
