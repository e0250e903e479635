#pragma once
// The console's HTTP answers: JSON bodies, the error shape {"error":{"code","message"}}, the
// security headers every answer carries, cookies, and the status a module's error code maps to
// (docs/protocol.md "console_module").

#include <optional>
#include <string>
#include <string_view>

#include "lezpay/http/http_message.h"
#include "logos/json.h"

namespace console {

inline constexpr const char* kSessionCookie = "lezpay_session";
// JSON bodies larger than this are refused (413 BODY_TOO_LARGE).
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;

lezpay::http::HttpResponse jsonAnswer(int status, const logos::Json& body);
lezpay::http::HttpResponse errorAnswer(int status, const std::string& code, const std::string& message);
// A module's error envelope {"status":"error","code","message"} as the console's error answer.
lezpay::http::HttpResponse moduleErrorAnswer(const logos::Json& envelope);
int statusForModuleCode(const std::string& code);

// Content-Security-Policy, nosniff, no-store, no referrer, no framing.
void addSecurityHeaders(lezpay::http::HttpResponse& response);

// The value of cookie `name` in the request's Cookie headers.
std::optional<std::string> cookieValue(const lezpay::http::HttpRequest& request, std::string_view name);

// `Set-Cookie` for the session (maxAge < 0: no Max-Age; 0: delete).
std::string sessionCookie(const std::string& value, long long maxAgeSeconds, bool secure);

// The request body as a JSON object through lezpay::util::parseJson; an empty body is {}.
// On failure `error` holds the answer (400 with the parser's code, or INVALID_REQUEST).
std::optional<logos::Json> jsonBody(const lezpay::http::HttpRequest& request, lezpay::http::HttpResponse& error);

}  // namespace console
