#include "console_server.h"

#include <QDateTime>
#include <QHostAddress>
#include <QPointer>
#include <QRandomGenerator>

#include <array>

#include "console_http.h"
#include "console_static.h"
#include "console_time.h"
#include "lezpay/util/base64.h"
#include "logos/envelope.h"

namespace console {

using lezpay::http::HttpRequest;
using lezpay::http::HttpResponse;
using logos::Json;

namespace {

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

bool matches(const std::string& pattern, const std::vector<std::string>& segments, std::vector<std::string>& params) {
  const auto parts = splitPath(pattern);
  if (parts.size() != segments.size()) return false;
  std::vector<std::string> found;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i] == "{}") {
      if (segments[i].empty() || segments[i].size() > 128) return false;
      found.push_back(segments[i]);
    } else if (parts[i] != segments[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

// Equal-length texts compared without an early exit, so a guess learns nothing from the time.
bool sameText(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

bool stateChanging(const std::string& method) { return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH"; }

}  // namespace

const std::vector<ConsoleServer::Route>& ConsoleServer::routes() {
  static const std::vector<Route> kRoutes = {
      {"POST", "session", "", "", &ConsoleServer::sessionCreate},
      {"GET", "session", "", "", &ConsoleServer::sessionGet},
      {"DELETE", "session", "", "", &ConsoleServer::sessionDelete},
      {"GET", "spend-requests", "x402_module", "listSpendRequests", &ConsoleServer::spendList},
      {"GET", "spend-requests/{}", "x402_module", "getSpendRequest", &ConsoleServer::spendGet},
      {"POST", "spend-requests/{}/approve", "x402_module", "approveSpendRequest", &ConsoleServer::spendApprove},
      {"POST", "spend-requests/{}/decline", "x402_module", "declineSpendRequest", &ConsoleServer::spendDecline},
      {"GET", "wallet", "wallet_module", "list_accounts", &ConsoleServer::wallet},
      {"GET", "streams", "payment_streams_module", "listMyStreams", &ConsoleServer::streams},
      {"POST", "streams/{}/{}/pause", "payment_streams_module", "pauseStream", &ConsoleServer::streamPause},
      {"POST", "streams/{}/{}/resume", "payment_streams_module", "resumeStream", &ConsoleServer::streamResume},
      {"POST", "streams/{}/{}/close", "payment_streams_module", "closeStream", &ConsoleServer::streamClose},
      {"POST", "streams/{}/{}/top-up", "payment_streams_module", "topUpStream", &ConsoleServer::streamTopUp},
      {"GET", "streams/{}/{}/history", "payment_streams_module", "getStreamStatus", &ConsoleServer::streamHistory},
      {"GET", "provider", "payment_streams_module", "listProviderSessions", &ConsoleServer::provider},
      {"POST", "provider/streams/{}/{}/claim", "payment_streams_module", "claim", &ConsoleServer::providerClaim},
      {"GET", "audit", "x402_module", "getAuditLog", &ConsoleServer::audit},
      {"GET", "audit/export", "x402_module", "getAuditLog", &ConsoleServer::auditExport},
      {"GET", "events", "x402_module", "getSpendRequest", &ConsoleServer::events},
  };
  return kRoutes;
}

ConsoleServer::ConsoleServer(logos::ModuleContext* context) : context_(context) {}

ConsoleServer::~ConsoleServer() { stop(); }

std::int64_t ConsoleServer::now() const { return QDateTime::currentSecsSinceEpoch(); }

std::string ConsoleServer::randomText() const {
  std::array<std::uint8_t, 32> bytes{};
  QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
  return lezpay::util::toBase64Url(bytes);
}

lezpay::util::Status ConsoleServer::start(const ConsoleConfig& config, const std::string& staticDir) {
  stop();
  config_ = config;
  staticDir_ = staticDir;
  sessions_ = SessionStore(config.idleTimeoutSeconds, config.absoluteTimeoutSeconds);
  alive_ = std::make_shared<bool>(true);
  lezpay::net::HttpServerOptions options;
  const std::string host = config.host == "localhost" ? "127.0.0.1" : config.host;
  options.address = QHostAddress(QString::fromStdString(host));
  if (options.address.isNull()) {
    return lezpay::util::Error{"LISTEN_FAILED", "the console cannot listen on '" + config.host + "': not an IP address"};
  }
  options.port = config.port;
  // Room above kMaxBodyBytes so an oversized JSON body gets the console's own 413 answer.
  options.limits.maxBodyBytes = 4 * kMaxBodyBytes;
  server_ = std::make_unique<lezpay::net::HttpServer>(
      options, lezpay::net::StreamingHandler([this](const HttpRequest& request, lezpay::net::Responder respond, lezpay::net::StreamOpener open) {
        handle(request, std::move(respond), std::move(open));
      }));
  auto st = server_->listen();
  if (!st.ok()) {
    server_.reset();
    return st;
  }
  return lezpay::util::okStatus();
}

void ConsoleServer::stop() {
  *alive_ = false;
  sessions_.clear();
  feed_.wakeAll();
  if (server_) {
    server_->close();
    server_.reset();
  }
}

std::uint16_t ConsoleServer::port() const { return server_ ? server_->port() : 0; }

std::string ConsoleServer::url() const {
  if (!server_) return "";
  std::string host = config_.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port()) + "/";
}

bool ConsoleServer::originAllowed(const std::string& origin) const {
  const std::string port = ":" + std::to_string(this->port());
  std::vector<std::string> allowed;
  std::string host = config_.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  allowed.push_back("http://" + host + port);
  if (isLoopbackHost(config_.host)) {
    allowed.push_back("http://127.0.0.1" + port);
    allowed.push_back("http://localhost" + port);
    allowed.push_back("http://[::1]" + port);
  }
  for (const auto& a : allowed) {
    if (origin == a) return true;
  }
  return false;
}

void ConsoleServer::handle(const HttpRequest& request, lezpay::net::Responder respond, lezpay::net::StreamOpener open) {
  Answer answer = [respond](HttpResponse r) {
    addSecurityHeaders(r);
    respond(std::move(r));
  };
  if (request.path == "/api" || request.path.rfind("/api/", 0) == 0) {
    handleApi(request, answer, std::move(open));
    return;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse r = errorAnswer(405, "METHOD_NOT_ALLOWED", "pages are read with GET");
    r.setHeader("Allow", "GET, HEAD");
    answer(std::move(r));
    return;
  }
  answer(serveStatic(staticDir_, request.method, request.path));
}

void ConsoleServer::handleApi(const HttpRequest& request, const Answer& answer, lezpay::net::StreamOpener open) {
  const std::vector<std::string> segments = splitPath(request.path.size() > 5 ? request.path.substr(5) : std::string());
  const Route* route = nullptr;
  std::vector<std::string> params;
  std::string allow;
  for (const auto& r : routes()) {
    std::vector<std::string> p;
    if (!matches(r.pattern, segments, p)) continue;
    if (r.method == request.method) {
      route = &r;
      params = std::move(p);
      break;
    }
    allow += (allow.empty() ? "" : ", ") + r.method;
  }
  if (route == nullptr) {
    if (allow.empty()) return answer(errorAnswer(404, "NOT_FOUND", "no API route " + request.method + " " + request.path.substr(0, 200)));
    HttpResponse r = errorAnswer(405, "METHOD_NOT_ALLOWED", "this route answers " + allow + ", not " + request.method.substr(0, 16));
    r.setHeader("Allow", allow);
    return answer(std::move(r));
  }
  auto c = std::make_shared<Call>();
  c->request = request;
  c->params = std::move(params);
  c->answer = answer;
  c->open = std::move(open);
  const auto origin = request.header("origin");
  if (route->handler == &ConsoleServer::sessionCreate) {
    // Sign-in sets the cookie: a page of another origin must not sign a browser in.
    if (origin && !originAllowed(*origin)) return answer(errorAnswer(403, "ORIGIN_REJECTED", "requests from " + origin->substr(0, 200) + " are refused: only the console's own pages may sign in"));
    return (this->*route->handler)(c);
  }
  const auto cookie = cookieValue(request, kSessionCookie);
  const bool activity = route->handler != &ConsoleServer::events;
  Session* s = cookie ? sessions_.find(*cookie, now(), activity) : nullptr;
  if (s == nullptr) return answer(errorAnswer(401, "NOT_SIGNED_IN", "sign in first: no session, or it ended (expired, signed out, or the daemon restarted)"));
  if (stateChanging(request.method)) {
    const auto csrf = request.header("x-csrf-token");
    if (!csrf || !sameText(*csrf, s->csrf)) {
      return answer(errorAnswer(403, "CSRF_REJECTED", "the X-CSRF-Token header is missing or does not match this session"));
    }
    if (!origin || !originAllowed(*origin)) {
      return answer(errorAnswer(403, "ORIGIN_REJECTED", "state-changing requests must come from the console's own origin (" +
                                                            url().substr(0, url().size() - 1) + "), not " +
                                                            (origin ? origin->substr(0, 200) : std::string("a request without Origin"))));
    }
  }
  c->principal = s->principal;
  c->sessionId = s->id;
  if (!s->principal.token.empty()) {
    // Re-checked on every request: revoking or expiring the token ends the session at once.
    const Json verdict = context_->authorizeClientToken(s->principal.token, route->module, route->operation);
    if (!logos::isOk(verdict)) {
      const std::string code = verdict.value("code", std::string("UNAUTHORIZED"));
      const std::string message = verdict.value("message", std::string("the token was refused"));
      if (code == "FORBIDDEN") return answer(errorAnswer(403, "FORBIDDEN", message));
      sessions_.remove(s->id);
      return answer(errorAnswer(401, "NOT_SIGNED_IN", "the session's token is no longer valid: " + message));
    }
  }
  (this->*route->handler)(c);
}

void ConsoleServer::call(const std::string& module, const std::string& operation, Json params, Envelope done, int timeoutMs) {
  std::weak_ptr<bool> alive = alive_;
  context_->callAsync(module, operation, params, timeoutMs, [alive, done](const Json& envelope) {
    auto a = alive.lock();
    if (!a || !*a) return;
    done(envelope);
  });
}

void ConsoleServer::callAll(std::vector<std::pair<std::string, std::pair<std::string, Json>>> calls,
                            std::function<void(std::vector<Json>)> done) {
  if (calls.empty()) return done({});
  auto results = std::make_shared<std::vector<Json>>(calls.size());
  auto left = std::make_shared<std::size_t>(calls.size());
  for (std::size_t i = 0; i < calls.size(); ++i) {
    call(calls[i].first, calls[i].second.first, calls[i].second.second, [results, left, i, done](const Json& e) {
      (*results)[i] = e;
      if (--*left == 0) done(std::move(*results));
    });
  }
}

Json ConsoleServer::onBehalf(const Call& c) {
  return Json{{"name", c.principal.name}, {"via", "console " + c.request.remoteAddress}};
}

HttpResponse ConsoleServer::principalAnswer(const Session& s, int status) const {
  Json body{{"csrf", s.csrf}, {"principal", s.principal.toJson()}};
  putTime(body, "expires_at", std::optional<std::int64_t>(sessions_.expiresAt(s)));
  putTime(body, "idle_expires_at", std::optional<std::int64_t>(sessions_.idleExpiresAt(s)));
  return jsonAnswer(status, body);
}

// ---------------------------------------------------------------- sessions

void ConsoleServer::sessionCreate(const std::shared_ptr<Call>& c) {
  const std::string remote = c->request.remoteAddress;
  if (auto wait = limiter_.retryAfter(remote, now())) {
    HttpResponse r = errorAnswer(429, "RATE_LIMITED", "too many failed sign-ins from " + remote + "; try again in " + std::to_string(*wait) + " s");
    r.setHeader("Retry-After", std::to_string(*wait));
    return c->answer(std::move(r));
  }
  HttpResponse error;
  auto body = jsonBody(c->request, error);
  if (!body) return c->answer(std::move(error));
  const bool hasToken = body->contains("token");
  const bool hasPassword = body->contains("password");
  if (hasToken == hasPassword || (hasToken && !(*body)["token"].is_string()) || (hasPassword && !(*body)["password"].is_string()) ||
      body->size() != 1) {
    return c->answer(errorAnswer(400, "INVALID_REQUEST", "sign in with exactly one of {\"token\":\"...\"} or {\"password\":\"...\"}"));
  }
  auto finish = [this, c, remote](Principal p) {
    const Session& s = sessions_.create(std::move(p), remote, now(), randomText(), randomText());
    HttpResponse r = principalAnswer(s, 200);
    r.setHeader("Set-Cookie", sessionCookie(s.id, -1, false));
    c->answer(std::move(r));
  };
  auto refuse = [this, c, remote](const std::string& why) {
    limiter_.failed(remote, now());
    c->answer(errorAnswer(401, "SIGN_IN_FAILED", why));
  };
  if (hasToken) {
    const std::string token = (*body)["token"].get<std::string>();
    if (token.empty() || token.size() > 512) return refuse("the token is not one this daemon issued");
    const Json verdict = context_->authorizeClientToken(token, "", "");
    if (!logos::isOk(verdict)) return refuse("the token is not accepted: " + verdict.value("message", std::string("refused")));
    Principal p;
    const std::string name = verdict.value("name", std::string());
    p.name = name.empty() ? "auto" : name;
    p.scope = verdict.value("scope", Json());
    p.role = p.scope.is_null() ? "owner" : "agent";
    p.token = token;
    return finish(std::move(p));
  }
  const std::string password = (*body)["password"].get<std::string>();
  if (password.empty() || password.size() > 1024) return refuse("wrong wallet password");
  call("wallet_module", "verify_password", Json{{"password", password}}, [c, finish, refuse](const Json& e) {
    if (!logos::isOk(e)) {
      // No keystore, or the wallet module failed: say so, it is not the password's fault.
      return c->answer(moduleErrorAnswer(e));
    }
    if (!e.value("valid", false)) return refuse("wrong wallet password");
    Principal p;
    p.name = "owner (password)";
    p.role = "owner";
    finish(std::move(p));
  });
}

void ConsoleServer::sessionGet(const std::shared_ptr<Call>& c) {
  Session* s = sessions_.find(c->sessionId, now());
  if (s == nullptr) return c->answer(errorAnswer(401, "NOT_SIGNED_IN", "sign in first"));
  c->answer(principalAnswer(*s, 200));
}

void ConsoleServer::sessionDelete(const std::shared_ptr<Call>& c) {
  sessions_.remove(c->sessionId);
  feed_.wakeAll();
  HttpResponse r = jsonAnswer(200, Json{{"signed_out", true}});
  r.setHeader("Set-Cookie", sessionCookie("", 0, false));
  c->answer(std::move(r));
}

// ---------------------------------------------------------------- events

void ConsoleServer::onModuleEvent(const std::string& module, const std::string& event, const Json& args) {
  if (module != "x402_module" || !args.is_array() || args.empty() || !args[0].is_string()) return;
  Json data{{"id", args[0]}, {"status", args.size() > 1 ? args[1] : Json()}};
  putTime(data, "at", std::optional<std::int64_t>(now()));
  if (event == "spendRequestCreated") {
    data["amount"] = args.size() > 2 ? args[2] : Json();
    feed_.push("spend_request_created", data);
  } else if (event == "spendRequestUpdated") {
    feed_.push("spend_request_updated", data);
    const std::string status = args.size() > 1 && args[1].is_string() ? args[1].get<std::string>() : std::string();
    if (status == "succeeded" || status == "failed") feed_.push("payment", data);
  }
}

void ConsoleServer::onStreamsEvent(const std::string& module, const std::string& event, const Json& args) {
  struct Mapping {
    const char* event;
    const char* feed;
    std::vector<const char*> names;
  };
  static const std::vector<Mapping> kMappings{
      {"streamDepletingSoon", "stream_depleting_soon", {"stream", "depletes_at", "remaining"}},
      {"vaultLow", "vault_low", {"vault", "unallocated"}},
      {"autoClaimed", "auto_claimed", {"vault_id", "stream_id", "amount", "tx_hash"}},
      {"autoClaimFailed", "auto_claim_failed", {"vault_id", "stream_id", "amount", "code", "retry_after"}},
      {"autoToppedUp", "auto_topped_up", {"vault_id", "stream_id", "amount", "tx_hash"}},
      {"autoTopUpSkipped", "auto_top_up_skipped", {"vault_id", "stream_id", "reason"}},
  };
  if (module != "payment_streams_module" || !args.is_array()) return;
  for (const auto& m : kMappings) {
    if (event != m.event) continue;
    Json data = Json::object();
    for (std::size_t i = 0; i < m.names.size() && i < args.size(); ++i) data[m.names[i]] = args[i];
    putTime(data, "at", std::optional<std::int64_t>(now()));
    feed_.push(m.feed, data);
    return;
  }
}

namespace {

// One open event stream: what it delivered last and how it is woken.
struct LiveStream {
  std::shared_ptr<lezpay::net::ResponseStream> stream;
  std::uint64_t last = 0;
  std::uint64_t waiterId = 0;
  QPointer<QTimer> heartbeat;
  std::function<void()> deliver;  // holds the stream only weakly: the feed's waiter owns it
  bool done = false;
};

constexpr int kHeartbeatMs = 15000;

}  // namespace

void ConsoleServer::events(const std::shared_ptr<Call>& c) {
  std::optional<std::uint64_t> after;
  auto readSeq = [](const std::string& text) -> std::optional<std::uint64_t> {
    if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoull(text);
  };
  if (auto h = c->request.header("last-event-id")) after = readSeq(*h);
  if (auto q = lezpay::http::parseQuery(c->request.query)) {
    for (const auto& p : *q) {
      if (p.key == "after") after = readSeq(p.value);
    }
  }
  if (feed_.waiterCount() >= EventFeed::kMaxWaiters) {
    return c->answer(errorAnswer(503, "TOO_MANY_LISTENERS", "too many event streams are open; close a console tab"));
  }
  HttpResponse head;
  head.status = 200;
  head.setHeader("Content-Type", "text/event-stream; charset=utf-8");
  head.setHeader("Cache-Control", "no-cache");
  addSecurityHeaders(head);
  auto live = std::make_shared<LiveStream>();
  live->stream = c->open(std::move(head));
  if (!live->stream->isOpen()) return;
  // The first write: how long EventSource waits before reconnecting, the hello on a fresh
  // stream, and what the ring holds after the id the browser names.
  std::string first = "retry: 2000\n\n";
  if (!after) {
    Json hello{{"principal", c->principal.toJson()}};
    putTime(hello, "at", std::optional<std::int64_t>(now()));
    first += sseText({FeedEvent{feed_.lastSeq(), "hello", hello}}, 0);
    live->last = feed_.lastSeq();
  } else {
    live->last = *after;
    auto backlog = feed_.since(live->last);
    if (!backlog.empty()) live->last = backlog.back().seq;
    first += sseText(backlog, 0);
  }
  live->stream->write(first);
  live->waiterId = nextWaiter_++;
  std::weak_ptr<bool> alive = alive_;
  std::weak_ptr<LiveStream> weak = live;
  const std::string sessionId = c->sessionId;
  auto finish = [this, alive](const std::shared_ptr<LiveStream>& l, bool sayEnded) {
    if (l->done) return;
    l->done = true;
    if (auto a = alive.lock(); a && *a) feed_.removeWaiter(l->waiterId);
    if (l->heartbeat) {
      l->heartbeat->stop();
      l->heartbeat->deleteLater();
      l->heartbeat = nullptr;
    }
    if (sayEnded) {
      Json bye;
      putTime(bye, "at", std::optional<std::int64_t>(QDateTime::currentSecsSinceEpoch()));
      l->stream->write(sseText({FeedEvent{l->last, "session_ended", bye}}, 0));
    }
    l->stream->end();
  };
  // Woken by every feed push (and by sign-out and stop): writes what is new, or ends the stream
  // once the session is gone; then waits again.
  live->deliver = [this, weak, alive, sessionId, finish] {
    auto l = weak.lock();
    if (!l || l->done) return;
    auto a = alive.lock();
    if (!a || !*a || sessions_.find(sessionId, now(), false) == nullptr) return finish(l, true);
    auto events = feed_.since(l->last);
    if (!events.empty()) {
      l->last = events.back().seq;
      if (!l->stream->write(sseText(events, 0))) return finish(l, false);
    }
    if (!feed_.addWaiter(l->waiterId, [l] {
          if (!l->done) l->deliver();
        })) {
      finish(l, false);
    }
  };
  live->stream->onClosed([weak, finish] {
    if (auto l = weak.lock()) finish(l, false);
  });
  // A comment line every 15 s keeps proxies and the browser from timing the stream out, and
  // notices a session that expired while nothing happened.
  live->heartbeat = new QTimer(server_.get());
  QObject::connect(live->heartbeat, &QTimer::timeout, server_.get(), [this, weak, sessionId, finish] {
    auto l = weak.lock();
    if (!l || l->done) return;
    if (sessions_.find(sessionId, now(), false) == nullptr) return finish(l, true);
    if (!l->stream->write(": keep-alive\n\n")) finish(l, false);
  });
  live->heartbeat->start(kHeartbeatMs);
  if (!feed_.addWaiter(live->waiterId, [live] {
        if (!live->done) live->deliver();
      })) {
    finish(live, false);
  }
}

}  // namespace console
