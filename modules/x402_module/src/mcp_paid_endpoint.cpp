// The Streamable HTTP shell of the provider's MCP endpoint (mcp_paid_endpoint.h): libs/mcp's
// header rules and sessions around McpPaidTools.
#include "mcp_paid_endpoint.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRandomGenerator>

#include <algorithm>

#include "lezpay/mcp/mcp_common.h"
#include "lezpay/mcp/message_codec.h"
#include "lezpay/mcp/streamable_http.h"
#include "x402/json_codec.h"

Q_DECLARE_LOGGING_CATEGORY(lcMcpPaid)

namespace x402mod {

using lezpay::http::HttpRequest;
using lezpay::http::HttpResponse;
using x402::Json;
namespace mcp = lezpay::mcp;

namespace {

std::int64_t nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

HttpResponse jsonBody(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.setHeader("content-type", "application/json");
  r.setHeader("cache-control", "no-store");
  r.body = std::move(body);
  return r;
}

HttpResponse refused(const mcp::HttpRefusal& refusal) {
  HttpResponse r = jsonBody(refusal.status, mcp::refusalBody(refusal));
  if (refusal.status == 405) r.setHeader("allow", "POST, DELETE");
  return r;
}

// A reply that refuses the message itself (not JSON, not JSON-RPC, a refused batch) goes out as
// 400; errors about what a valid message asked (unknown method or tool) as 200.
bool malformedReply(const std::string& text) {
  for (auto code : {mcp::McpError::ParseError, mcp::McpError::MessageTooLarge, mcp::McpError::MessageTooDeep,
                    mcp::McpError::InvalidRequest, mcp::McpError::BatchRefused}) {
    if (text.find("\"code\":\"" + std::string(mcp::toString(code)) + "\"") != std::string::npos) return true;
  }
  return false;
}

// A tools/call result object as libs/mcp's ToolResult.
mcp::ToolResult toolResultOf(const Json& r) {
  mcp::ToolResult out;
  if (auto c = r.find("content"); c != r.end() && c->is_array()) out.content = *c;
  if (auto s = r.find("structuredContent"); s != r.end()) out.structuredContent = *s;
  out.isError = r.value("isError", false);
  if (auto m = r.find("_meta"); m != r.end()) out.meta = *m;
  return out;
}

mcp::ServerInfo serverInfo() {
  return mcp::ServerInfo{"lez-pay-provider", "0.1.0", "",
                         "Some tools are paid per call with the x402 MCP transport: an unpaid call returns the payment requirements "
                         "as an isError result; retry the same call with _meta[\"x402/payment\"]."};
}

}  // namespace

McpPaidEndpoint::McpPaidEndpoint(McpEndpointConfig config, std::unique_ptr<McpPaidTools> tools, QObject* parent)
    : QObject(parent), config_(std::move(config)), tools_(std::move(tools)) {}

McpPaidEndpoint::~McpPaidEndpoint() {
  alive_.reset();
  if (server_) server_->close();
  server_.reset();
  tools_.reset();
}

lezpay::util::Status McpPaidEndpoint::listen() {
  lezpay::net::HttpServerOptions o;
  o.address = QHostAddress(QString::fromStdString(config_.listen));
  o.port = config_.port;
  o.limits.maxBodyBytes = kMaxBodyBytes;
  server_ = std::make_unique<lezpay::net::HttpServer>(
      o, [this](const HttpRequest& req, lezpay::net::Responder respond) { handle(req, std::move(respond)); }, this);
  return server_->listen();
}

std::uint16_t McpPaidEndpoint::port() const { return server_ ? server_->port() : 0; }

std::string McpPaidEndpoint::url() const {
  const std::string host = config_.listen.find(':') != std::string::npos ? "[" + config_.listen + "]" : config_.listen;
  return "http://" + host + ":" + std::to_string(port()) + std::string(mcp::kEndpointPath);
}

Json McpPaidEndpoint::describe() const {
  Json out = tools_->describe();
  out["url"] = url();
  out["port"] = port();
  out["listen"] = config_.listen;
  out["sessions"] = sessions_.size();
  out["facilitator_url"] = config_.facilitatorUrl.empty() ? "in-process" : config_.facilitatorUrl;
  Json http = Json::object();
  for (const auto& [k, v] : counters_) http[k] = v;
  out["http"] = http;
  return out;
}

void McpPaidEndpoint::expireSessions(std::int64_t now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (now - it->second.lastUsedMs > kSessionIdleMs) it = sessions_.erase(it);
    else ++it;
  }
}

std::string McpPaidEndpoint::newSession(std::shared_ptr<mcp::Session> session) {
  const std::int64_t now = nowMs();
  expireSessions(now);
  if (sessions_.size() >= kMaxSessions) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(),
                                   [](const auto& a, const auto& b) { return a.second.lastUsedMs < b.second.lastUsedMs; });
    sessions_.erase(oldest);
    ++counters_["sessions_evicted"];
  }
  std::uint8_t raw[mcp::kSessionIdBytes];
  for (auto& b : raw) b = static_cast<std::uint8_t>(QRandomGenerator::system()->bounded(256));
  const std::string id = mcp::newSessionId(std::span<const std::uint8_t>(raw, sizeof raw));
  sessions_[id] = HttpSession{std::move(session), now};
  ++counters_["sessions"];
  return id;
}

void McpPaidEndpoint::handle(const HttpRequest& req, lezpay::net::Responder respond) {
  ++counters_["requests"];
  if (req.path != mcp::kEndpointPath) {
    return respond(refused(mcp::HttpRefusal{404, mcp::McpError::NotFound, "the MCP endpoint is " + std::string(mcp::kEndpointPath)}));
  }
  if (auto r = mcp::checkOrigin(req.header("origin"), config_.allowedOrigins)) {
    ++counters_["origin_refused"];
    return respond(refused(*r));
  }
  if (req.method == "POST") return post(req, std::move(respond));
  if (req.method == "DELETE") {
    const auto id = req.header(mcp::kHeaderSessionId);
    expireSessions(nowMs());
    if (auto r = mcp::checkSessionHeader(id, id && sessions_.count(*id))) return respond(refused(*r));
    sessions_.erase(*id);
    HttpResponse r;
    r.status = 200;
    return respond(r);
  }
  respond(refused(mcp::HttpRefusal{405, mcp::McpError::MethodNotAllowed,
                                   "this endpoint takes POST (messages) and DELETE (end a session); it opens no server stream"}));
}

void McpPaidEndpoint::post(const HttpRequest& req, lezpay::net::Responder respond) {
  if (auto r = mcp::checkPostHeaders(req.header("accept"), req.header("content-type"))) return respond(refused(*r));
  auto envelope = mcp::decodeEnvelope(req.body, mcp::DecodeLimits{kMaxBodyBytes, mcp::kMaxMessageDepth});
  if (auto* f = std::get_if<mcp::DecodeFailure>(&envelope)) {
    ++counters_["malformed"];
    auto step = mcp::Session::refuse(*f);
    if (step.replies.empty()) return respond(refused(mcp::HttpRefusal{400, f->code, f->message}));
    return respond(jsonBody(400, step.replies.front()));
  }
  if (auto* m = std::get_if<mcp::Message>(&envelope); m && m->kind == mcp::MessageKind::Request && m->method == mcp::kMethodInitialize) {
    auto session = std::make_shared<mcp::Session>(serverInfo(), tools_->descriptors());
    mcp::Step step = session->handle(*m);
    std::optional<std::string> id;
    if (step.initializeAnswered) id = newSession(session);
    return answer(session, std::move(step), id, std::move(respond));
  }
  const auto sid = req.header(mcp::kHeaderSessionId);
  expireSessions(nowMs());
  auto found = sid ? sessions_.find(*sid) : sessions_.end();
  if (auto r = mcp::checkSessionHeader(sid, found != sessions_.end())) return respond(refused(*r));
  if (auto r = mcp::checkProtocolVersionHeader(req.header(mcp::kHeaderProtocolVersion))) return respond(refused(*r));
  found->second.lastUsedMs = nowMs();
  auto session = found->second.session;
  mcp::Step step = session->handleText(req.body);
  answer(session, std::move(step), std::nullopt, std::move(respond));
}

void McpPaidEndpoint::answer(const std::shared_ptr<mcp::Session>& session, mcp::Step step,
                             std::optional<std::string> newSessionId, lezpay::net::Responder respond) {
  // Replies and tool results, in order, answered together once the last tool call finished.
  struct Pending {
    std::vector<std::string> texts;
    std::size_t open = 0;
    std::optional<std::string> sessionId;
    lezpay::net::Responder respond;
  };
  auto p = std::make_shared<Pending>();
  p->texts = std::move(step.replies);
  p->open = step.calls.size();
  p->sessionId = std::move(newSessionId);
  p->respond = std::move(respond);
  auto finish = [this](const std::shared_ptr<Pending>& p) {
    if (p->texts.empty()) {
      HttpResponse r;
      r.status = 202;
      return p->respond(r);
    }
    std::string body;
    if (p->texts.size() == 1) {
      body = p->texts.front();
    } else {
      // A batch: its immediate answers (one array) and the results of its tool calls, one array.
      Json all = Json::array();
      for (const auto& t : p->texts) {
        auto v = x402::parseJsonText(t);
        if (!v.ok()) continue;
        if (v.value().is_array()) {
          for (auto& e : v.value()) all.push_back(e);
        } else {
          all.push_back(v.value());
        }
      }
      body = mcp::dumpCompact(all);
    }
    const bool bad = p->texts.size() == 1 && !body.empty() && body.front() == '{' && malformedReply(body);
    if (bad) ++counters_["malformed"];
    HttpResponse r = jsonBody(bad ? 400 : 200, std::move(body));
    if (p->sessionId) r.setHeader(std::string(mcp::kHeaderSessionId), *p->sessionId);
    p->respond(r);
  };
  if (p->open == 0) return finish(p);
  std::weak_ptr<int> alive = alive_;
  for (auto& call : step.calls) {
    ++counters_["tool_calls"];
    Json params{{"name", call.name}, {"arguments", call.arguments}, {"_meta", call.meta}};
    tools_->call(params, [this, alive, session, p, id = call.id, finish](McpPaidTools::Answer a) {
      if (!alive.lock()) return;
      std::optional<std::string> text = a.error ? session->completeError(id, *a.error) : session->complete(id, toolResultOf(a.result));
      if (text) p->texts.push_back(std::move(*text));  // a cancelled call is never answered
      if (--p->open == 0) finish(p);
    });
  }
}

}  // namespace x402mod
