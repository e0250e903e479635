#include "console_http.h"

#include "lezpay/util/json_parse.h"

namespace console {

using lezpay::http::HttpRequest;
using lezpay::http::HttpResponse;

HttpResponse jsonAnswer(int status, const logos::Json& body) {
  HttpResponse r;
  r.status = status;
  r.setHeader("Content-Type", "application/json; charset=utf-8");
  r.body = body.dump(-1, ' ', false, logos::Json::error_handler_t::replace);
  return r;
}

HttpResponse errorAnswer(int status, const std::string& code, const std::string& message) {
  return jsonAnswer(status, logos::Json{{"error", logos::Json{{"code", code}, {"message", message}}}});
}

int statusForModuleCode(const std::string& code) {
  auto endsWith = [&code](std::string_view tail) {
    return code.size() >= tail.size() && code.compare(code.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (endsWith("_NOT_FOUND") && code != "MODULE_NOT_FOUND" && code != "METHOD_NOT_FOUND") return 404;
  if (code == "INVALID_ARGS" || code == "INVALID_ARGUMENT" || code == "INVALID_REQUEST" || code == "INVALID_ACCOUNT_ID" ||
      code == "args_mismatch" || code == "REASON_TOO_SHORT" || code == "REASON_TOO_LONG" || code == "AMOUNT_ZERO") {
    return 400;
  }
  if (code == "INVALID_TRANSITION" || code == "APPROVAL_WINDOW_ELAPSED" || code == "CREDENTIAL_EXPIRED" || code == "CREDENTIAL_USED" ||
      endsWith("_CAP_EXCEEDED") || code == "TX_REJECTED" || code == "STATE_NOT_CONFIRMED" || code == "OWNER_NOT_CONFIGURED" ||
      code == "WALLET_NOT_OPEN" || code.rfind("STREAM_", 0) == 0 || code.rfind("close_", 0) == 0 || code.rfind("withdraw_", 0) == 0) {
    return 409;
  }
  if (code == "FORBIDDEN") return 403;
  if (code == "TIMEOUT" || code == "TX_TIMEOUT") return 504;
  return 502;
}

HttpResponse moduleErrorAnswer(const logos::Json& envelope) {
  // The host wraps a module's own answer in METHOD_FAILED only for clients; module-to-module
  // calls see the module's envelope itself. Keep the innermost code and sentence.
  const logos::Json* e = &envelope;
  if (auto inner = envelope.find("error"); inner != envelope.end() && inner->is_object() && inner->contains("code")) e = &*inner;
  const std::string code = e->value("code", std::string("MODULE_ERROR"));
  std::string message = e->value("message", std::string("the module answered an error without a sentence"));
  return errorAnswer(statusForModuleCode(code), code, message);
}

void addSecurityHeaders(HttpResponse& r) {
  r.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  r.setHeader("X-Content-Type-Options", "nosniff");
  r.setHeader("X-Frame-Options", "DENY");
  r.setHeader("Referrer-Policy", "no-referrer");
  if (!r.header("cache-control")) r.setHeader("Cache-Control", "no-store");
}

std::optional<std::string> cookieValue(const HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key != "cookie") continue;
    std::string_view rest(value);
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

std::string sessionCookie(const std::string& value, long long maxAgeSeconds, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + value + "; HttpOnly; SameSite=Strict; Path=/";
  if (maxAgeSeconds >= 0) c += "; Max-Age=" + std::to_string(maxAgeSeconds);
  if (secure) c += "; Secure";
  return c;
}

std::optional<logos::Json> jsonBody(const HttpRequest& request, HttpResponse& error) {
  if (request.body.size() > kMaxBodyBytes) {
    error = errorAnswer(413, "BODY_TOO_LARGE", "the request body is larger than " + std::to_string(kMaxBodyBytes) + " bytes");
    return std::nullopt;
  }
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return logos::Json::object();
  auto parsed = lezpay::util::parseJson(request.body, lezpay::util::JsonLimits{16, kMaxBodyBytes});
  if (!parsed.ok()) {
    error = errorAnswer(400, parsed.error().code, "the request body is not acceptable JSON: " + parsed.error().message);
    return std::nullopt;
  }
  if (!parsed.value().is_object()) {
    error = errorAnswer(400, "INVALID_REQUEST", "the request body must be a JSON object");
    return std::nullopt;
  }
  return std::move(parsed).value();
}

}  // namespace console
