#include "facilitator_http.h"

#include "facilitator.h"
#include "facilitator_token.h"
#include "x402/json_codec.h"

namespace x402mod {

using lezpay::http::HttpRequest;
using lezpay::http::HttpResponse;
using x402::Json;
using x402::Reason;

HttpResponse jsonResponse(int status, const std::string& body) {
  HttpResponse r;
  r.status = status;
  r.setHeader("content-type", "application/json");
  r.body = body;
  return r;
}

namespace {

HttpResponse errorBody(int status, std::string_view code, const std::string& message) {
  return jsonResponse(status, x402::dumpJson(Json{{"error", std::string(code)}, {"message", message}}));
}

// The requirements' network when readable, for failed SettlementResponses ("filled even on failure").
std::string networkOf(const Json& body) {
  if (!body.is_object()) return "";
  auto r = body.find("paymentRequirements");
  if (r == body.end() || !r->is_object()) return "";
  auto n = r->find("network");
  return n != r->end() && n->is_string() ? n->get<std::string>() : "";
}

bool missingMembers(const Json& body) {
  return !body.is_object() || !body.contains("paymentPayload") || !body.contains("paymentRequirements");
}

}  // namespace

lezpay::net::Handler facilitatorHttpHandler(Facilitator* f, std::string token) {
  return [f, token = std::move(token)](const HttpRequest& req, lezpay::net::Responder respond) {
    const bool isVerify = req.path == "/verify";
    const bool isSettle = req.path == "/settle";
    if (req.path == "/supported") {
      if (req.method != "GET") return respond(errorBody(405, "method_not_allowed", "use GET /supported"));
      return respond(jsonResponse(200, x402::dumpJson(x402::toJson(f->supported()))));
    }
    if (!isVerify && !isSettle) return respond(errorBody(404, "not_found", "no such endpoint: " + req.path));
    if (req.method != "POST") return respond(errorBody(405, "method_not_allowed", "use POST " + req.path));
    // Checked before the body is read: an unauthenticated caller learns nothing about a payment.
    if (!bearerMatches(req.header("authorization").value_or(std::string()), token)) {
      HttpResponse r = errorBody(401, "unauthorized",
                                 "POST " + req.path + " requires the merchant's credential: Authorization: Bearer <the token in the "
                                 "facilitator's token file>");
      r.setHeader("www-authenticate", "Bearer realm=\"x402-facilitator\"");
      return respond(r);
    }

    auto body = x402::parseJsonText(req.body);
    Json j = body.ok() ? body.value() : Json();
    auto parsed = body.ok() ? x402::parseFacilitatorRequest(j) : lezpay::util::Result<x402::FacilitatorRequest>(body.error());
    if (!parsed.ok()) {
      const int status = (!body.ok() || missingMembers(j)) ? 400 : 200;
      if (isVerify) {
        x402::VerifyResponse v;
        v.invalidReason = parsed.error().code;
        v.invalidMessage = parsed.error().message;
        return respond(jsonResponse(status, x402::dumpJson(x402::toJson(v))));
      }
      x402::SettlementResponse s;
      s.errorReason = parsed.error().code;
      s.errorMessage = parsed.error().message;
      s.network = networkOf(j);
      return respond(jsonResponse(status, x402::dumpJson(x402::toJson(s))));
    }
    if (isVerify) {
      f->verify(parsed.value(), std::nullopt, [respond](x402::VerifyResponse v) {
        respond(jsonResponse(200, x402::dumpJson(x402::toJson(v))));
      });
    } else {
      f->settle(parsed.value(), std::nullopt, [respond](x402::SettlementResponse s) {
        respond(jsonResponse(200, x402::dumpJson(x402::toJson(s))));
      });
    }
  };
}

}  // namespace x402mod
