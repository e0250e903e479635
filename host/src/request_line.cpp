#include "logos/host/request_line.h"

#include "lezpay/util/json_parse.h"
#include "logos/envelope.h"
#include "logos/error_codes.h"

namespace logos::host {
namespace {

using lezpay::util::Error;
using lezpay::util::Result;

Error rpcFailed(std::string message) { return Error{std::string(toString(ErrorCode::RpcFailed)), std::move(message)}; }

bool isJsonError(const std::string& code) { return code.rfind("JSON_", 0) == 0; }

}  // namespace

Result<RequestLine> decodeRequestLine(std::string_view line) {
  lezpay::util::JsonLimits limits;
  limits.maxDepth = kMaxRequestJsonDepth;
  limits.maxBytes = kMaxRequestLineBytes;
  auto parsed = lezpay::util::parseJson(line, limits);
  if (!parsed.ok()) return Error{parsed.error().code, "request is " + parsed.error().message};
  Json& j = parsed.value();
  if (!j.is_object()) return rpcFailed("request must be a JSON object");
  RequestLine r;
  auto take = [&j](const char* key, Json fallback) {
    auto it = j.find(key);
    return it == j.end() ? std::move(fallback) : std::move(*it);
  };
  r.id = take("id", Json());
  r.token = take("token", Json());
  r.method = take("method", Json());
  r.params = take("params", Json::object());
  return r;
}

Result<RpcCall> checkRequest(const RequestLine& request) {
  if (!request.method.is_string()) return rpcFailed("request has no string \"method\"");
  if (!request.params.is_object()) return rpcFailed("\"params\" must be an object");
  return RpcCall{request.method.get<std::string>(), request.params};
}

std::string stringParam(const Json& params, const char* key) {
  auto it = params.find(key);
  return it != params.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<bool> boolParam(const Json& params, const char* key, bool fallback) {
  auto it = params.find(key);
  if (it == params.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) return rpcFailed(std::string("\"") + key + "\" must be true or false");
  return it->get<bool>();
}

Result<int> callTimeoutParam(const Json& params) {
  auto it = params.find("timeout_ms");
  if (it == params.end() || it->is_null()) return 0;
  const std::string range = "\"timeout_ms\" must be a whole number of milliseconds from 0 to " + std::to_string(kMaxCallTimeoutMs);
  // Compare as the type the value holds: a conversion to int first could overflow.
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(kMaxCallTimeoutMs)) return rpcFailed(range);
    return static_cast<int>(v);
  }
  if (it->is_number_integer()) {
    const auto v = it->get<std::int64_t>();
    if (v < 0 || v > kMaxCallTimeoutMs) return rpcFailed(range);
    return static_cast<int>(v);
  }
  return rpcFailed(range);
}

Json requestErrorEnvelope(const Error& error) {
  if (!isJsonError(error.code)) return errorEnvelope(error.code, error.message);
  Json e = errorEnvelope(ErrorCode::RpcFailed, error.message);
  e["json_error"] = error.code;
  return e;
}

}  // namespace logos::host
