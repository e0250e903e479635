#include "lezpay/mcp/session.h"

#include <algorithm>
#include <cstdint>

#include "lezpay/util/json_parse.h"

namespace lezpay::mcp {

namespace {

std::string errorText(const Json& id, McpError code, std::string message) {
  return encodeError(id, makeRpcError(code, std::move(message)));
}

bool validRequestId(const Json& id) { return id.is_string() || id.is_number_integer(); }

}  // namespace

Session::Session(ServerInfo info, std::vector<ToolDescriptor> tools) : info_(std::move(info)), tools_(std::move(tools)) {}

std::string Session::key(const Json& id) { return dumpCompact(id); }

bool Session::isOpen(const Json& id) const { return open_.count(key(id)) != 0; }

Step Session::refuse(const DecodeFailure& failure) {
  Step step;
  if (failure.answerable) step.replies.push_back(encodeError(failure.id, failure.toRpcError()));
  return step;
}

Step Session::handleText(std::string_view text) {
  auto env = decodeEnvelope(text);
  if (auto* f = std::get_if<DecodeFailure>(&env)) return refuse(*f);
  if (auto* m = std::get_if<Message>(&env)) return handle(*m);
  const Batch& batch = std::get<Batch>(env);
  if (version_ != kBatchVersion) {
    Step step;
    step.replies.push_back(errorText(nullptr, McpError::BatchRefused,
                                     version_.empty() ? "JSON-RPC batches are not accepted before initialize"
                                                      : "JSON-RPC batches are not accepted under protocol version " + version_));
    return step;
  }
  Step all;
  Json answers = Json::array();
  for (const auto& d : batch) {
    Step one;
    if (const auto* f = std::get_if<DecodeFailure>(&d)) {
      one = refuse(*f);
    } else {
      const Message& m = std::get<Message>(d);
      // initialize is never part of a batch (mcp.md §2, 2025-03-26).
      if (m.kind == MessageKind::Request && m.method == kMethodInitialize) {
        one.replies.push_back(errorText(m.id, McpError::InvalidRequest, "initialize must not be sent in a batch"));
      } else {
        one = handle(m);
      }
    }
    for (auto& r : one.replies) {
      // Our own replies always parse; keep them as values inside the one array answer.
      auto parsed = util::parseJson(r, util::JsonLimits{1024, SIZE_MAX, false});
      if (parsed.ok()) answers.push_back(std::move(parsed).value());
    }
    for (auto& c : one.calls) all.calls.push_back(std::move(c));
    for (auto& c : one.cancelled) all.cancelled.push_back(std::move(c));
  }
  if (!answers.empty()) all.replies.push_back(dumpCompact(answers));
  return all;
}

Step Session::handle(const Message& m) {
  switch (m.kind) {
    case MessageKind::Request: return handleRequest(m);
    case MessageKind::Notification: {
      Step step;
      handleNotification(m, step);
      return step;
    }
    case MessageKind::Result:
    case MessageKind::Error:
      // We send no requests, so no response is awaited: ignore it.
      return {};
  }
  return {};
}

Step Session::handleRequest(const Message& m) {
  Step step;
  if (m.method == kMethodInitialize) {
    step.replies.push_back(answerInitialize(m, step));
    return step;
  }
  if (m.method == kMethodPing) {
    step.replies.push_back(encodeResult(m.id, Json::object()));
    return step;
  }
  if (state_ == SessionState::AwaitingInitialize) {
    step.replies.push_back(errorText(m.id, McpError::NotInitialized,
                                     "the session is not initialized: send initialize before " + m.method));
    return step;
  }
  if (m.method == kMethodToolsList) {
    step.replies.push_back(answerToolsList(m));
    return step;
  }
  if (m.method == kMethodToolsCall) {
    startToolCall(m, step);
    return step;
  }
  step.replies.push_back(errorText(m.id, McpError::MethodNotFound, "method '" + m.method + "' is not served here"));
  return step;
}

void Session::handleNotification(const Message& m, Step& step) {
  if (m.method == kMethodInitialized) {
    if (state_ == SessionState::AwaitingInitialized) state_ = SessionState::Ready;
    return;
  }
  if (m.method == kMethodCancelled) {
    if (!m.params.is_object()) return;
    auto rid = m.params.find("requestId");
    if (rid == m.params.end() || !validRequestId(*rid)) return;
    // Unknown or finished ids are ignored (mcp.md §6); initialize is never open here.
    if (open_.erase(key(*rid)) != 0) step.cancelled.push_back(*rid);
    return;
  }
  // notifications/progress and anything else: nothing to do.
}

std::string Session::answerInitialize(const Message& m, Step& step) {
  if (state_ != SessionState::AwaitingInitialize) {
    return errorText(m.id, McpError::AlreadyInitialized, "the session is already initialized");
  }
  const Json& p = m.params;
  if (!p.is_object()) return errorText(m.id, McpError::InvalidParams, "initialize needs params");
  auto v = p.find("protocolVersion");
  if (v == p.end() || !v->is_string()) {
    return errorText(m.id, McpError::InvalidParams, "initialize: params.protocolVersion must be a string");
  }
  if (auto c = p.find("capabilities"); c != p.end() && !c->is_object()) {
    return errorText(m.id, McpError::InvalidParams, "initialize: params.capabilities must be an object");
  }
  if (auto c = p.find("clientInfo"); c != p.end() && !c->is_object()) {
    return errorText(m.id, McpError::InvalidParams, "initialize: params.clientInfo must be an object");
  }
  const std::string& requested = v->get_ref<const std::string&>();
  version_ = isSupportedVersion(requested) ? requested : std::string(kPreferredVersion);
  state_ = SessionState::AwaitingInitialized;
  Json serverInfo{{"name", info_.name}, {"version", info_.version}};
  if (!info_.title.empty()) serverInfo["title"] = info_.title;
  Json result{{"protocolVersion", version_},
              {"capabilities", Json{{"tools", Json{{"listChanged", false}}}}},
              {"serverInfo", std::move(serverInfo)}};
  if (!info_.instructions.empty()) result["instructions"] = info_.instructions;
  step.initializeAnswered = true;
  return encodeResult(m.id, result);
}

std::string Session::answerToolsList(const Message& m) {
  if (m.params.is_object()) {
    if (auto c = m.params.find("cursor"); c != m.params.end()) {
      // One page only: we never hand out a cursor, so none is valid.
      return errorText(m.id, McpError::InvalidCursor, "tools/list: unknown cursor (the tool list has one page)");
    }
  }
  return encodeResult(m.id, encodeToolList(tools_));
}

void Session::startToolCall(const Message& m, Step& step) {
  const Json& p = m.params;
  if (!p.is_object()) {
    step.replies.push_back(errorText(m.id, McpError::InvalidParams, "tools/call needs params with the tool's name"));
    return;
  }
  auto n = p.find("name");
  if (n == p.end() || !n->is_string()) {
    step.replies.push_back(errorText(m.id, McpError::InvalidParams, "tools/call: params.name must be a string"));
    return;
  }
  const std::string& name = n->get_ref<const std::string&>();
  auto tool = std::find_if(tools_.begin(), tools_.end(), [&](const ToolDescriptor& t) { return t.name == name; });
  if (tool == tools_.end()) {
    std::string shown = isValidToolName(name) ? name : std::string("(not a tool name)");
    step.replies.push_back(errorText(m.id, McpError::UnknownTool, "tools/call: unknown tool '" + shown + "'"));
    return;
  }
  Json args = Json::object();
  if (auto a = p.find("arguments"); a != p.end() && !a->is_null()) {
    if (!a->is_object()) {
      step.replies.push_back(errorText(m.id, McpError::InvalidParams, "tools/call: params.arguments must be an object"));
      return;
    }
    args = *a;
  }
  Json meta = Json::object();
  if (auto mt = p.find("_meta"); mt != p.end() && !mt->is_null()) {
    if (!mt->is_object()) {
      step.replies.push_back(errorText(m.id, McpError::InvalidParams, "tools/call: params._meta must be an object"));
      return;
    }
    meta = *mt;
  }
  Json token = nullptr;
  if (auto t = meta.find("progressToken"); t != meta.end()) {
    if (!validRequestId(*t)) {
      step.replies.push_back(errorText(m.id, McpError::InvalidParams,
                                       "tools/call: params._meta.progressToken must be a string or an integer"));
      return;
    }
    token = *t;
  }
  if (isOpen(m.id)) {
    step.replies.push_back(errorText(m.id, McpError::DuplicateId, "request id " + key(m.id) + " is already in flight"));
    return;
  }
  if (open_.size() >= kMaxOpenCalls) {
    step.replies.push_back(errorText(m.id, McpError::TooManyCalls,
                                     "more than " + std::to_string(kMaxOpenCalls) + " tool calls are in flight; wait for one to finish"));
    return;
  }
  if (auto st = checkArguments(*tool, args); !st.ok()) {
    step.replies.push_back(encodeResult(m.id, encodeToolResult(errorResult(st.error().code, st.error().message))));
    return;
  }
  open_[key(m.id)] = OpenCall{token, 0, false};
  step.calls.push_back(ToolCall{m.id, name, std::move(args), std::move(meta), std::move(token)});
}

std::optional<std::string> Session::complete(const Json& id, const ToolResult& result) {
  if (open_.erase(key(id)) == 0) return std::nullopt;
  return encodeResult(id, encodeToolResult(result));
}

std::optional<std::string> Session::completeError(const Json& id, const RpcError& error) {
  if (open_.erase(key(id)) == 0) return std::nullopt;
  return encodeError(id, error);
}

std::optional<std::string> Session::progress(const Json& id, double value, std::optional<double> total, std::string message) {
  auto it = open_.find(key(id));
  if (it == open_.end() || it->second.progressToken.is_null()) return std::nullopt;
  OpenCall& c = it->second;
  if (c.progressSent && value <= c.lastProgress) value = c.lastProgress + 1;
  c.lastProgress = value;
  c.progressSent = true;
  Json params{{"progressToken", c.progressToken}, {"progress", value}};
  if (total) params["total"] = std::max(*total, value);
  if (!message.empty()) params["message"] = std::move(message);
  return encodeNotification(kMethodProgress, params);
}

}  // namespace lezpay::mcp
