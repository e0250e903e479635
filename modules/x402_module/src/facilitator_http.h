#pragma once
// The facilitator's HTTP API (x402.md §3): POST /verify, POST /settle, GET /supported, on a
// libs/net HttpServer (loopback by default). Status codes per x402.md §3: 200 for valid and
// invalid verify results and for failed settlements; 400 when the body is not JSON or lacks
// paymentPayload/paymentRequirements (the body still carries isValid:false / success:false with
// the reason); 404/405 for other paths and methods, with a JSON {error, message}.
// /verify and /settle require `Authorization: Bearer <token>` (facilitator_token.h); without it
// they answer 401 {error:"unauthorized", message} and nothing is read or settled. /supported
// stays open (it is discovery).

#include "lezpay/http/http_message.h"
#include "lezpay/net/http_server.h"

#include <string>

namespace x402mod {

class Facilitator;

// The request handler for a Facilitator (which must outlive the server); `token` is the bearer
// token /verify and /settle require (non-empty).
lezpay::net::Handler facilitatorHttpHandler(Facilitator* facilitator, std::string token);

// JSON response helpers shared with the merchant.
lezpay::http::HttpResponse jsonResponse(int status, const std::string& body);

}  // namespace x402mod
