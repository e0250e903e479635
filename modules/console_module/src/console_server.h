#pragma once
// The console's HTTP server: static pages, sessions, CSRF and Origin checks, the JSON API that
// reads and acts through the other modules, and the event feed (docs/protocol.md
// "console_module"). Lives on console_module's thread: the HTTP handlers, the module calls'
// answers and the event subscriptions all run there, one at a time.
//
// Authority (docs/decisions.md "The owner's console: who may do what"): the owner (an unscoped
// host token, or the wallet password checked by wallet_module) may do everything the API offers;
// an agent (a scoped token) may use a route only when its scope grants the route's module
// operation, checked by the host on every request (ModuleContext::authorizeClientToken), so a
// revoked token ends its sessions at once. Decisions go to x402_module with "$on_behalf_of"
// {name, via}; the host folds it into the caller stamp, which x402_module writes into the audit log.

#include <QObject>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "console_config.h"
#include "console_events.h"
#include "console_sessions.h"
#include "lezpay/http/http_message.h"
#include "lezpay/net/http_server.h"
#include "logos/json.h"
#include "logos/module_context.h"

namespace console {

class ConsoleServer {
 public:
  explicit ConsoleServer(logos::ModuleContext* context);
  ~ConsoleServer();

  // Binds `config.host:config.port` and serves `staticDir`. LISTEN_FAILED with the reason.
  lezpay::util::Status start(const ConsoleConfig& config, const std::string& staticDir);
  // Closes the listener, ends every session and answers held event requests.
  void stop();
  bool running() const { return server_ != nullptr; }
  std::uint16_t port() const;
  std::string url() const;
  std::size_t sessionCount() const { return sessions_.size(); }

  // A subscribed module event (x402_module's spend request events).
  void onModuleEvent(const std::string& module, const std::string& event, const logos::Json& args);
  // The payment-streams autopilot's events (alerts, automatic claims and top-ups) into the feed,
  // named in snake_case with their declared parameter names (docs/protocol.md, console_module).
  void onStreamsEvent(const std::string& module, const std::string& event, const logos::Json& args);

 private:
  using Answer = std::function<void(lezpay::http::HttpResponse)>;
  using Envelope = std::function<void(const logos::Json&)>;

  // One API request after routing and the session checks.
  struct Call {
    lezpay::http::HttpRequest request;
    std::vector<std::string> params;  // the route's {placeholders}, in order
    Principal principal;
    std::string sessionId;
    Answer answer;
    lezpay::net::StreamOpener open;  // answers with a stream instead (the event stream)
  };
  using RouteHandler = void (ConsoleServer::*)(const std::shared_ptr<Call>&);
  struct Route {
    std::string method;
    std::string pattern;  // segments after /api/, "{}" = a placeholder
    std::string module;   // the module operation an agent's scope must grant ("" = none)
    std::string operation;
    RouteHandler handler;
  };

  void handle(const lezpay::http::HttpRequest& request, lezpay::net::Responder respond, lezpay::net::StreamOpener open);
  void handleApi(const lezpay::http::HttpRequest& request, const Answer& answer, lezpay::net::StreamOpener open);
  bool originAllowed(const std::string& origin) const;
  std::int64_t now() const;
  std::string randomText() const;
  lezpay::http::HttpResponse principalAnswer(const Session& s, int status) const;

  // Calls `operation` of `module` and hands the answer envelope to `done` (on this thread);
  // nothing runs after stop().
  void call(const std::string& module, const std::string& operation, logos::Json params, Envelope done, int timeoutMs = 30000);
  // Runs every call at once; `done` gets the envelopes in order.
  void callAll(std::vector<std::pair<std::string, std::pair<std::string, logos::Json>>> calls,
               std::function<void(std::vector<logos::Json>)> done);
  // Every audit record (paged through getAuditLog), oldest first.
  void readAudit(std::function<void(const logos::Json& envelope, logos::Json entries)> done);
  void readAuditPage(std::shared_ptr<logos::Json> entries, std::uint64_t after, int pages,
                     std::function<void(const logos::Json& envelope, logos::Json entries)> done);
  // The agent's requests and policy, for spend items.
  void readSpend(std::function<void(const logos::Json& error, logos::Json views, logos::Json policy)> done);
  // "$on_behalf_of" for a decision made by `c`'s principal.
  static logos::Json onBehalf(const Call& c);

  // Routes (console_routes_*.cpp).
  void sessionCreate(const std::shared_ptr<Call>& c);
  void sessionGet(const std::shared_ptr<Call>& c);
  void sessionDelete(const std::shared_ptr<Call>& c);
  void spendList(const std::shared_ptr<Call>& c);
  void spendGet(const std::shared_ptr<Call>& c);
  void spendApprove(const std::shared_ptr<Call>& c);
  void spendDecline(const std::shared_ptr<Call>& c);
  void spendAnswer(const std::shared_ptr<Call>& c, const logos::Json& envelope);
  void wallet(const std::shared_ptr<Call>& c);
  void streams(const std::shared_ptr<Call>& c);
  void streamPause(const std::shared_ptr<Call>& c);
  void streamResume(const std::shared_ptr<Call>& c);
  void streamClose(const std::shared_ptr<Call>& c);
  void streamTopUp(const std::shared_ptr<Call>& c);
  void streamWrite(const std::shared_ptr<Call>& c, const std::string& operation, const std::string& action, logos::Json extra);
  void streamHistory(const std::shared_ptr<Call>& c);
  void provider(const std::shared_ptr<Call>& c);
  void providerClaim(const std::shared_ptr<Call>& c);
  void audit(const std::shared_ptr<Call>& c);
  void auditExport(const std::shared_ptr<Call>& c);
  void events(const std::shared_ptr<Call>& c);

  void observe(const logos::Json& status);
  void rememberTx(const std::string& txHash, const std::string& kind, const std::string& amount, const std::string& counterparty);

  static const std::vector<Route>& routes();

  logos::ModuleContext* context_;
  ConsoleConfig config_;
  std::string staticDir_;
  std::unique_ptr<lezpay::net::HttpServer> server_;
  SessionStore sessions_{1800, 43200};
  SignInLimiter limiter_;
  EventFeed feed_;
  std::uint64_t nextWaiter_ = 1;
  // Guards callbacks of module calls and timers against a stopped server.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  // Remaining allocation the console saw per stream ("owner/vault/stream"), for /history.
  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> observed_;
  // Transactions the console sent (stream writes, claims), newest last, at most 100.
  std::vector<logos::Json> sentTx_;
};

}  // namespace console
