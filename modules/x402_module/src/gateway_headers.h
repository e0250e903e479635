#pragma once
// Reverse-proxy header rules of the x402 gateway (RFC 9110 §7.6.1): what crosses from the payer
// to the origin and back. Pure.
//
// Both ways: hop-by-hop fields (Connection, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding,
// Upgrade) and every field named in Connection are dropped, and Content-Length is left to the
// side that frames the message. To the origin: Host is the origin's (the caller sets it),
// PAYMENT-SIGNATURE stays with the gateway (the origin never sees a payment it could replay),
// X-Forwarded-For gets the payer's address appended, X-Forwarded-Proto and X-Forwarded-Host say
// how the gateway was reached. From the origin: the payment fields (PAYMENT-REQUIRED,
// PAYMENT-RESPONSE, x-payment-error) are dropped, as only the gateway speaks for the payment.

#include <string>
#include <string_view>

#include "lezpay/http/http_message.h"

namespace x402mod {

bool isHopByHopHeader(std::string_view lowerName);

// The headers of `req` as sent to the origin (without Host and Content-Length).
lezpay::http::Headers originRequestHeaders(const lezpay::http::HttpRequest& req, const std::string& proto);

// The origin's answer headers as sent to the payer (without Content-Length).
lezpay::http::Headers payerResponseHeaders(const lezpay::http::Headers& origin);

}  // namespace x402mod
