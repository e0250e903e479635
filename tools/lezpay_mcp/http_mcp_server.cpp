#include "http_mcp_server.h"

#include <openssl/rand.h>

#include <array>

#include "lezpay/mcp/streamable_http.h"

namespace lezpay::mcpserver {

namespace {

http::HttpResponse jsonResponse(int status, std::string body) {
  http::HttpResponse r;
  r.status = status;
  r.setHeader("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

http::HttpResponse refusal(const mcp::HttpRefusal& why) { return jsonResponse(why.status, mcp::refusalBody(why)); }

// Everything a POST produced. Without a progress token it is answered once its calls are all
// done (application/json for one message); with one, the answer is a text/event-stream opened as
// soon as the immediate replies are known, and every later message (progress, then the result)
// is written the moment it exists.
struct PostAnswer {
  net::Responder respond;
  net::StreamOpener open;
  std::shared_ptr<net::ResponseStream> stream;
  std::vector<std::string> messages;
  bool sawProgress = false;
  bool wantsStream = false;  // a tool call asked for progress notifications
  int openCalls = 0;
  std::string sessionId;  // set on the answer to initialize
  bool answered = false;

  void add(const std::string& text) {
    if (stream) {
      stream->write(mcp::sseEvent(text));
    } else {
      messages.push_back(text);
    }
  }

  http::HttpResponse sseHead() const {
    http::HttpResponse r;
    r.status = 200;
    r.setHeader("Content-Type", "text/event-stream");
    r.setHeader("Cache-Control", "no-cache");
    if (!sessionId.empty()) r.setHeader(std::string(mcp::kHeaderSessionId), sessionId);
    return r;
  }

  void startStream() {
    if (stream || answered || !open) return;
    stream = open(sseHead());
    for (const auto& m : messages) stream->write(mcp::sseEvent(m));
    messages.clear();
  }

  void finishIfDone() {
    if (answered || openCalls > 0) return;
    answered = true;
    if (stream) {
      stream->end();
      return;
    }
    http::HttpResponse r;
    if (messages.size() == 1 && !sawProgress) {
      r.status = 200;
      r.setHeader("Content-Type", "application/json");
      if (!sessionId.empty()) r.setHeader(std::string(mcp::kHeaderSessionId), sessionId);
      r.body = messages[0];
    } else {
      r = sseHead();
      for (const auto& m : messages) r.body += mcp::sseEvent(m);
    }
    respond(std::move(r));
  }
};

}  // namespace

HttpMcpServer::HttpMcpServer(ToolRunner& runner, mcp::ServerInfo info, std::vector<mcp::ToolDescriptor> tools,
                             std::vector<std::string> allowedOrigins, quint16 port, QObject* parent)
    : QObject(parent), runner_(runner), info_(std::move(info)), tools_(std::move(tools)), allowedOrigins_(std::move(allowedOrigins)) {
  net::HttpServerOptions options;
  options.address = QHostAddress::LocalHost;
  options.port = port;
  options.limits.maxBodyBytes = mcp::kMaxMessageBytes;
  options.maxConnections = 64;
  server_ = std::make_unique<net::HttpServer>(
      options, net::StreamingHandler([this](const http::HttpRequest& req, net::Responder respond, net::StreamOpener open) {
        handle(req, std::move(respond), std::move(open));
      }));
}

HttpMcpServer::~HttpMcpServer() {
  for (auto& [id, s] : sessions_) s.driver->cancelAll();
}

util::Status HttpMcpServer::listen() {
  auto st = server_->listen();
  if (!st.ok()) return st;
  // The server's own origins are always allowed (a page served from it, if ever).
  const std::string p = std::to_string(server_->port());
  allowedOrigins_.push_back("http://127.0.0.1:" + p);
  allowedOrigins_.push_back("http://localhost:" + p);
  return st;
}

quint16 HttpMcpServer::port() const { return server_->port(); }

std::string HttpMcpServer::makeSessionId() {
  std::array<std::uint8_t, mcp::kSessionIdBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return {};
  return mcp::newSessionId(bytes);
}

void HttpMcpServer::touch(const std::string& id) {
  lru_.remove(id);
  lru_.push_front(id);
}

void HttpMcpServer::handle(const http::HttpRequest& request, net::Responder respond, net::StreamOpener open) {
  if (request.path != mcp::kEndpointPath) {
    respond(refusal({404, mcp::McpError::NotFound, "no MCP endpoint here; use " + std::string(mcp::kEndpointPath)}));
    return;
  }
  if (auto r = mcp::checkOrigin(request.header("Origin"), allowedOrigins_)) {
    respond(refusal(*r));
    return;
  }
  if (request.method == "POST") {
    handlePost(request, std::move(respond), std::move(open));
    return;
  }
  if (request.method == "DELETE") {
    const auto id = request.header(mcp::kHeaderSessionId);
    if (auto r = mcp::checkSessionHeader(id, id && sessions_.count(*id) != 0)) {
      respond(refusal(*r));
      return;
    }
    sessions_.at(*id).driver->cancelAll();
    sessions_.erase(*id);
    lru_.remove(*id);
    respond(jsonResponse(200, ""));
    return;
  }
  http::HttpResponse r = refusal({405, mcp::McpError::MethodNotAllowed,
                                  request.method == "GET" ? "this server offers no server-to-client stream; POST messages to /mcp"
                                                          : "method not allowed on /mcp (POST, DELETE)"});
  r.setHeader("Allow", "POST, DELETE");
  respond(std::move(r));
}

void HttpMcpServer::handlePost(const http::HttpRequest& request, net::Responder respond, net::StreamOpener open) {
  if (auto r = mcp::checkPostHeaders(request.header("Accept"), request.header("Content-Type"))) {
    respond(refusal(*r));
    return;
  }
  // Classify the body: malformed JSON-RPC is answered here with the spec's error, no session needed.
  auto env = mcp::decodeEnvelope(request.body);
  if (auto* f = std::get_if<mcp::DecodeFailure>(&env)) {
    respond(jsonResponse(400, mcp::encodeError(f->answerable ? f->id : nullptr, f->toRpcError())));
    return;
  }
  bool isInitialize = false;
  bool hasRequest = false;
  auto look = [&](const mcp::Message& m) {
    if (m.kind == mcp::MessageKind::Request) {
      hasRequest = true;
      if (m.method == mcp::kMethodInitialize) isInitialize = true;
    }
  };
  if (auto* m = std::get_if<mcp::Message>(&env)) {
    look(*m);
  } else {
    for (const auto& d : std::get<mcp::Batch>(env)) {
      if (const auto* m2 = std::get_if<mcp::Message>(&d)) look(*m2);
    }
  }

  SessionDriver* driver = nullptr;
  std::string newId;
  if (isInitialize && std::holds_alternative<mcp::Message>(env)) {
    newId = makeSessionId();
    if (newId.empty()) {
      respond(jsonResponse(500, mcp::encodeError(nullptr, mcp::makeRpcError(mcp::McpError::Internal, "no randomness for a session id"))));
      return;
    }
    if (sessions_.size() >= kMaxSessions && !lru_.empty()) {
      const std::string oldest = lru_.back();
      lru_.pop_back();
      sessions_.at(oldest).driver->cancelAll();
      sessions_.erase(oldest);
    }
    auto d = std::make_unique<SessionDriver>(runner_, mcp::Session(info_, tools_));
    driver = d.get();
    sessions_[newId] = LiveSession{std::move(d)};
    touch(newId);
  } else {
    const auto id = request.header(mcp::kHeaderSessionId);
    if (auto r = mcp::checkSessionHeader(id, id && sessions_.count(*id) != 0)) {
      respond(refusal(*r));
      return;
    }
    if (auto r = mcp::checkProtocolVersionHeader(request.header(mcp::kHeaderProtocolVersion))) {
      respond(refusal(*r));
      return;
    }
    driver = sessions_.at(*id).driver.get();
    touch(*id);
  }

  auto answer = std::make_shared<PostAnswer>();
  answer->respond = std::move(respond);
  answer->open = std::move(open);
  // Held while feeding, so a call that finishes at once cannot answer before the immediate replies.
  answer->openCalls = 1;
  mcp::Step step = driver->feed(request.body, [answer](const mcp::ToolCall& call) {
    ++answer->openCalls;
    const bool withProgress = !call.progressToken.is_null();
    if (withProgress) answer->wantsStream = true;
    return CallSink{[answer, withProgress](const std::string& text) {
                      if (answer->answered) return;
                      // A notification before the response means progress: answer with SSE.
                      if (withProgress && text.find("\"method\":\"notifications/progress\"") != std::string::npos) answer->sawProgress = true;
                      answer->add(text);
                    },
                    [answer] {
                      --answer->openCalls;
                      answer->finishIfDone();
                    }};
  });
  if (!newId.empty()) {
    if (step.initializeAnswered) {
      answer->sessionId = newId;
    } else {
      // initialize refused: no session was made.
      sessions_.erase(newId);
      lru_.remove(newId);
    }
  }
  // Immediate replies go first; they precede anything the started calls send later.
  answer->messages.insert(answer->messages.begin(), step.replies.begin(), step.replies.end());
  --answer->openCalls;
  if (answer->wantsStream && answer->openCalls > 0) answer->startStream();
  if (!hasRequest && answer->messages.empty() && answer->openCalls == 0) {
    http::HttpResponse r;
    r.status = 202;
    answer->answered = true;
    answer->respond(std::move(r));
    return;
  }
  if (answer->messages.empty() && answer->openCalls == 0) {
    // Requests that were all cancelled before answering, or nothing to say: close with an empty stream.
    answer->sawProgress = true;
  }
  answer->finishIfDone();
}

}  // namespace lezpay::mcpserver
