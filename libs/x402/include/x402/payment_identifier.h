#pragma once
// The `payment-identifier` extension (x402.md §5): idempotency of a paid request across retries.
// The server advertises extensions["payment-identifier"] = {"info": {"required": bool}, "schema":
// <JSON Schema of info>}; the client echoes it and adds info.id (16-128 characters of
// [A-Za-z0-9_-], recommended "pay_" + UUID v4) and reuses that id on retries.

#include <optional>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402 {

inline constexpr std::string_view kPaymentIdentifierExtension = "payment-identifier";
inline constexpr std::size_t kPaymentIdMinChars = 16;
inline constexpr std::size_t kPaymentIdMaxChars = 128;

// The extension object a server puts under PaymentRequired.extensions.
Json makePaymentIdentifierExtension(bool required);

bool isValidPaymentId(std::string_view id);

// The id a PaymentPayload carries: nullopt when the extension or its info.id is absent;
// invalid_payload when present but malformed (not a string, wrong length or characters).
lezpay::util::Result<std::optional<std::string>> paymentIdOf(const PaymentPayload& payload);

}  // namespace x402
