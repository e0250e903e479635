#include "lezpay/mcp/message_codec.h"

#include "lezpay/util/json_parse.h"

namespace lezpay::mcp {

namespace {

DecodeFailure fail(McpError code, std::string message, Json id = nullptr, bool answerable = true) {
  return DecodeFailure{code, std::move(message), std::move(id), answerable};
}

// A JSON-RPC id as MCP allows it: a string or an integer (mcp.md §2).
bool validId(const Json& id) { return id.is_string() || id.is_number_integer(); }

}  // namespace

RpcError DecodeFailure::toRpcError() const { return makeRpcError(code, message); }

RpcError makeRpcError(McpError code, std::string message) {
  RpcError e;
  e.code = static_cast<int>(rpcCodeOf(code));
  e.message = std::move(message);
  e.data = Json{{"code", std::string(toString(code))}};
  return e;
}

Decoded decodeValue(const Json& j) {
  if (!j.is_object()) return fail(McpError::InvalidRequest, "a JSON-RPC message must be a JSON object");
  Json id = nullptr;
  bool hasId = false;
  if (auto it = j.find("id"); it != j.end()) {
    hasId = true;
    if (validId(*it)) id = *it;
  }
  const bool isResponse = j.contains("result") || j.contains("error");
  const bool hasMethod = j.contains("method");
  auto version = j.find("jsonrpc");
  if (version == j.end() || !version->is_string() || version->get_ref<const std::string&>() != "2.0") {
    return fail(McpError::InvalidRequest, "\"jsonrpc\" must be the string \"2.0\"", id, hasId && !isResponse);
  }
  if (hasId && !validId(j["id"])) {
    return fail(McpError::InvalidRequest, "\"id\" must be a string or an integer", nullptr, !isResponse);
  }
  if (hasMethod && isResponse) {
    return fail(McpError::InvalidRequest, "a message has either \"method\" or \"result\"/\"error\", not both", id, hasId);
  }
  if (isResponse) {
    Message m;
    m.id = id;
    // An error answer to a message whose id could not be read carries none (mcp.md §2).
    if (!hasId && !j.contains("error")) {
      return fail(McpError::InvalidRequest, "a result must carry the \"id\" of its request", nullptr, false);
    }
    if (j.contains("result") && j.contains("error")) {
      return fail(McpError::InvalidRequest, "a response has exactly one of \"result\" and \"error\"", id, false);
    }
    if (auto r = j.find("result"); r != j.end()) {
      if (!r->is_object()) return fail(McpError::InvalidRequest, "\"result\" must be an object", id, false);
      m.kind = MessageKind::Result;
      m.result = *r;
    } else {
      const Json& e = j["error"];
      if (!e.is_object()) return fail(McpError::InvalidRequest, "\"error\" must be an object", id, false);
      auto code = e.find("code");
      auto msg = e.find("message");
      if (code == e.end() || !code->is_number_integer()) {
        return fail(McpError::InvalidRequest, "\"error.code\" must be an integer", id, false);
      }
      if (msg == e.end() || !msg->is_string()) {
        return fail(McpError::InvalidRequest, "\"error.message\" must be a string", id, false);
      }
      m.kind = MessageKind::Error;
      m.error.code = code->get<std::int64_t>() < INT32_MIN || code->get<std::int64_t>() > INT32_MAX
                         ? static_cast<int>(RpcCode::InternalError)
                         : static_cast<int>(code->get<std::int64_t>());
      m.error.message = msg->get<std::string>();
      if (auto d = e.find("data"); d != e.end()) m.error.data = *d;
    }
    return m;
  }
  if (!hasMethod) {
    return fail(McpError::InvalidRequest, "a JSON-RPC message needs a \"method\" (or a \"result\" or \"error\")", id, hasId);
  }
  const Json& method = j["method"];
  if (!method.is_string()) return fail(McpError::InvalidRequest, "\"method\" must be a string", id, hasId);
  Message m;
  m.kind = hasId ? MessageKind::Request : MessageKind::Notification;
  m.id = id;
  m.method = method.get<std::string>();
  if (m.method.empty()) return fail(McpError::InvalidRequest, "\"method\" must not be empty", id, hasId);
  if (auto p = j.find("params"); p != j.end()) {
    if (!p->is_object()) return fail(McpError::InvalidRequest, "\"params\" must be an object", id, hasId);
    m.params = *p;
  }
  return m;
}

namespace {

std::variant<Json, DecodeFailure> parseText(std::string_view text, DecodeLimits limits) {
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (text.size() > limits.maxBytes) {
    return fail(McpError::MessageTooLarge,
                "the message is " + std::to_string(text.size()) + " bytes, above the limit of " +
                    std::to_string(limits.maxBytes) + " bytes");
  }
  util::JsonLimits jl;
  jl.maxBytes = limits.maxBytes;
  jl.maxDepth = limits.maxDepth;
  auto parsed = util::parseJson(text, jl);
  if (!parsed.ok()) {
    if (parsed.error().code == util::toString(util::JsonError::TooDeep)) {
      return fail(McpError::MessageTooDeep, "the message nests deeper than " + std::to_string(limits.maxDepth) + " levels");
    }
    return fail(McpError::ParseError, "the message is " + parsed.error().message);
  }
  return std::move(parsed).value();
}

}  // namespace

Decoded decode(std::string_view text, DecodeLimits limits) {
  auto parsed = parseText(text, limits);
  if (auto* f = std::get_if<DecodeFailure>(&parsed)) return *f;
  const Json& j = std::get<Json>(parsed);
  if (j.is_array()) return fail(McpError::BatchRefused, "JSON-RPC batches are not accepted; send one message at a time");
  return decodeValue(j);
}

std::variant<Message, Batch, DecodeFailure> decodeEnvelope(std::string_view text, DecodeLimits limits) {
  auto parsed = parseText(text, limits);
  if (auto* f = std::get_if<DecodeFailure>(&parsed)) return *f;
  const Json& j = std::get<Json>(parsed);
  if (!j.is_array()) {
    auto d = decodeValue(j);
    if (auto* f = std::get_if<DecodeFailure>(&d)) return *f;
    return std::get<Message>(std::move(d));
  }
  if (j.empty()) return fail(McpError::InvalidRequest, "an empty JSON-RPC batch");
  if (j.size() > kMaxBatchSize) {
    return fail(McpError::InvalidRequest, "a batch of " + std::to_string(j.size()) + " messages, above the limit of " +
                                              std::to_string(kMaxBatchSize));
  }
  Batch batch;
  batch.reserve(j.size());
  for (const auto& e : j) batch.push_back(decodeValue(e));
  return batch;
}

std::string dumpCompact(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string encodeRequest(const Json& id, std::string_view method, const Json& params) {
  Json j{{"jsonrpc", "2.0"}, {"id", id}, {"method", std::string(method)}};
  if (!params.is_null()) j["params"] = params;
  return dumpCompact(j);
}

std::string encodeNotification(std::string_view method, const Json& params) {
  Json j{{"jsonrpc", "2.0"}, {"method", std::string(method)}};
  if (!params.is_null()) j["params"] = params;
  return dumpCompact(j);
}

std::string encodeResult(const Json& id, const Json& result) {
  return dumpCompact(Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", result.is_null() ? Json::object() : result}});
}

std::string encodeError(const Json& id, const RpcError& error) {
  Json e{{"code", error.code}, {"message", error.message}};
  if (!error.data.is_null()) e["data"] = error.data;
  Json j{{"jsonrpc", "2.0"}};
  if (!id.is_null()) j["id"] = id;
  j["error"] = std::move(e);
  return dumpCompact(j);
}

std::string encodeMessage(const Message& m) {
  switch (m.kind) {
    case MessageKind::Request: return encodeRequest(m.id, m.method, m.params);
    case MessageKind::Notification: return encodeNotification(m.method, m.params);
    case MessageKind::Result: return encodeResult(m.id, m.result);
    case MessageKind::Error: return encodeError(m.id, m.error);
  }
  return {};
}

}  // namespace lezpay::mcp
