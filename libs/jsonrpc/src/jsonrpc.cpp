#include "lezpay/jsonrpc/jsonrpc.h"

#include <variant>

namespace lezpay::jsonrpc {

std::variant<RpcRequest, ParseFailure> parseRequest(std::string_view text) {
  auto parsed = parseExact(text);
  if (!parsed.ok()) return ParseFailure{{static_cast<int>(RpcErrorCode::ParseError), "Parse error: " + parsed.error().message, nullptr}, nullptr};
  const Json& j = parsed.value();
  auto invalid = [](const std::string& why, Json id) {
    return ParseFailure{{static_cast<int>(RpcErrorCode::InvalidRequest), "Invalid request: " + why, nullptr}, std::move(id)};
  };
  if (j.is_array()) return invalid("batch requests are not supported; send one request per call", nullptr);
  if (!j.is_object()) return invalid("the request must be a JSON object", nullptr);
  RpcRequest r;
  auto id = j.find("id");
  if (id == j.end()) {
    r.notification = true;
  } else if (id->is_string() || id->is_number_integer() || id->is_null()) {
    r.id = *id;
  } else {
    return invalid("\"id\" must be a string, an integer or null", nullptr);
  }
  auto version = j.find("jsonrpc");
  if (version == j.end() || *version != "2.0") return invalid("\"jsonrpc\" must be \"2.0\"", r.id);
  auto method = j.find("method");
  if (method == j.end() || !method->is_string()) return invalid("\"method\" must be a string", r.id);
  r.method = method->get<std::string>();
  auto params = j.find("params");
  if (params == j.end()) {
    r.params = Json::array();
  } else if (params->is_array() || params->is_object()) {
    r.params = *params;
  } else {
    return invalid("\"params\" must be an array or an object", r.id);
  }
  return r;
}

std::string resultResponse(const Json& id, const Json& result) {
  return "{\"jsonrpc\":\"2.0\",\"id\":" + dumpExact(id) + ",\"result\":" + dumpExact(result) + "}";
}

std::string errorResponse(const Json& id, const RpcError& error) {
  Json e{{"code", error.code}, {"message", error.message}};
  if (!error.data.is_null()) e["data"] = error.data;
  return "{\"jsonrpc\":\"2.0\",\"id\":" + dumpExact(id) + ",\"error\":" + dumpExact(e) + "}";
}

std::optional<Json> param(const Json& params, std::size_t index, std::initializer_list<const char*> names) {
  if (params.is_array()) {
    if (index < params.size()) return params[index];
    return std::nullopt;
  }
  if (params.is_object()) {
    for (const char* n : names) {
      auto it = params.find(n);
      if (it != params.end()) return *it;
    }
  }
  return std::nullopt;
}

std::string requestText(std::int64_t id, const std::string& method, const Json& params) {
  return dumpExact(Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
}

util::Result<Json> readResponse(std::string_view text, std::int64_t expectedId) {
  auto parsed = parseExact(text);
  if (!parsed.ok()) return util::Error{"RPC_BAD_RESPONSE", "the JSON-RPC answer is " + parsed.error().message};
  const Json& j = parsed.value();
  if (!j.is_object()) return util::Error{"RPC_BAD_RESPONSE", "the JSON-RPC answer is not an object"};
  if (j.value("id", Json()) != Json(expectedId)) return util::Error{"RPC_BAD_RESPONSE", "the JSON-RPC answer has the wrong id"};
  auto err = j.find("error");
  if (err != j.end() && !err->is_null()) {
    int code = 0;
    std::string message = err->dump();
    if (err->is_object()) {
      // find, not operator[]: on a const object a missing key is undefined behaviour.
      const auto c = err->find("code");
      if (c != err->end() && c->is_number_integer()) code = c->get<int>();
      const auto m = err->find("message");
      if (m != err->end() && m->is_string()) message = m->get<std::string>();
    }
    return util::Error{"RPC_" + std::to_string(code), message};
  }
  auto res = j.find("result");
  if (res == j.end()) return util::Error{"RPC_BAD_RESPONSE", "the JSON-RPC answer has neither result nor error"};
  return *res;
}

}  // namespace lezpay::jsonrpc
