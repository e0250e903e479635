// The server side of x402_module: facilitator, merchant and the provider-side Store
// proof_of_payment arm, registered as described operations of the one chainAction dispatcher.
//
// Threading (docs/architecture.md "x402_module, server side"): the HTTP servers, the journal and
// every callback live on the module's thread. Operations that must answer a settlement
// (verifyPayment, settlePayment, verifyEligibilityForStoreQuery) are asynchronous: they start
// the facilitator's chain and answer their Reply from its callback, so HTTP requests and other
// operations are served meanwhile, each as a job of its own.
#include "server_operations.h"

#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>
#include <optional>
#include <tuple>

#include "eligibility/eligibility_proof_codec.h"
#include "facilitator.h"
#include "facilitator_client.h"
#include "facilitator_http.h"
#include "facilitator_token.h"
#include "lezpay/fileio/atomic_file.h"
#include "lezpay/net/http_server.h"
#include "lezpay/sqlstore/database_url.h"
#include "lezpay/util/hex.h"
#include "logos/eligibility.h"
#include "logos/envelope.h"
#include "mcp_paid_endpoint.h"
#include "merchant.h"
#include "store_payment.h"
#include "x402/json_codec.h"
#include "x402/reason.h"

Q_LOGGING_CATEGORY(lcX402Server, "lezpay.x402.server")

namespace x402mod {

using logos::Json;
using logos::ParamType;
using x402::Reason;

namespace {

constexpr const char* kStorePaymentFile = "/store_payment.json";
// Running servers' configurations (bound ports included), restarted when the module loads again.
constexpr const char* kFacilitatorFile = "/facilitator.json";
constexpr const char* kMerchantFile = "/merchant.json";
constexpr const char* kDeliveryModule = "delivery_module";
// The facilitator's bearer token (facilitator_token.h) and the merchant's served payments.
constexpr const char* kFacilitatorTokenFile = "/facilitator_token";
constexpr const char* kMerchantPaymentsFile = "/merchant_payments.sqlite";
// The paid MCP endpoint's configuration and its own served-payments record.
constexpr const char* kMcpEndpointFile = "/mcp_endpoint.json";
constexpr const char* kMcpPaymentsFile = "/mcp_payments.sqlite";

// `spec` with the shape of its successful answer (sdk/result_shape.h).
logos::OperationSpec shaped(logos::OperationSpec spec, Json shape) {
  spec.resultShape = std::move(shape);
  return spec;
}

// Merchant::describe: what startMerchant and listResources answer.
Json merchantShape() {
  return Json{{"port", "u64"}, {"url", "string"}, {"facilitator_url", "string"}, {"resources", "array"},
              {"counters", "object"}, {"payments_path", "string"}, {"served_payments", "u64"}, {"gateway?", "object"}};
}

// McpPaidEndpoint::describe: what startMcpEndpoint and getMcpEndpointInfo answer.
Json mcpEndpointShape() {
  return Json{{"url", "string"}, {"port", "u64"}, {"listen", "string"}, {"sessions", "u64"}, {"facilitator_url", "string"},
              {"tools", "array"}, {"counters", "object"}, {"http", "object"}, {"payments_path", "string"}, {"served_payments", "u64"}};
}

// x402::toJson(SettlementResponse): what settlePayment answers.
Json settlementShape() {
  return Json{{"success", "bool"}, {"transaction", "string"}, {"network", "string"}, {"errorReason?", "string"},
              {"errorMessage?", "string"}, {"payer?", "string"}, {"amount?", "string"}, {"extensions?", "object"}};
}

// An object parameter given as an object or as JSON text.
Json objectParam(const Json& v) {
  if (v.is_string()) {
    auto j = x402::parseJsonText(v.get<std::string>());
    return j.ok() ? j.value() : Json();
  }
  return v;
}

Json fail(const std::string& code, const std::string& message) { return logos::errorEnvelope(code, message); }
Json fail(const lezpay::util::Error& e) { return fail(e.code, e.message); }

Json verdict(const std::string& v, const std::string& reason, const std::string& message) {
  std::string text = reason.empty() ? message : reason + ": " + message;
  if (text.size() > logos::eligibility::kMaxDescriptionBytes) text.resize(logos::eligibility::kMaxDescriptionBytes);
  Json e = logos::errorEnvelope(v, text);
  e["eligibility"] = v;
  if (!reason.empty()) e["reason"] = reason;
  return e;
}

}  // namespace

struct ServerOperations::State {
  std::unique_ptr<QObject> anchor;  // lives on the module thread; parent of servers and timers
  std::unique_ptr<Facilitator> facilitator;
  std::unique_ptr<lezpay::net::HttpServer> facilitatorHttp;
  std::string facilitatorTokenPath;  // the path only: the token itself is never answered
  ReconcileSummary reconciled;
  std::unique_ptr<Merchant> merchant;
  std::unique_ptr<McpPaidEndpoint> mcp;
  std::optional<x402::PaymentRequirements> storePrice;
  std::string providerPeerId;  // cached from delivery_module.getNodeInfo
  std::string autoStartError;  // why a persisted server could not be restarted, if it could not
};

ServerOperations::ServerOperations(ModuleShell shell) : shell_(std::move(shell)), state_(std::make_unique<State>()) {
  const Json facilitatorExample{{"port", 0}, {"networks", {"logos:lez-localnet"}}};
  const Json payTo = "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo";
  const Json merchantExample{{"port", 0},
                             {"resources", {{{"path", "/weather"}, {"price", "10"}, {"payTo", payTo}, {"body", "{\"sunny\":true}"}}}}};
  const Json requestExample{{"x402Version", 2}, {"paymentPayload", Json::object()}, {"paymentRequirements", Json::object()}};

  shell_.addAsyncOperation({"startFacilitator",
                       "Starts the x402 facilitator (/verify, /settle, /supported) on loopback after reconciling its journal; restarted on reload.",
                       {{"config_json", ParamType::Any, false, Json::object(),
                         "{port (0 = free), networks, journal_path, token_path, settle_timeout_ms, poll_interval_ms, at_program_id_hex}"}},
                       Json{{"port", 40123}, {"url", "http://127.0.0.1:40123"}, {"reconciled", Json::object()}},
                       Json{{"config_json", facilitatorExample}}},
                      [this](const logos::sdk::Args& a, logos::sdk::Reply reply) {
                        startFacilitator(objectParam(a.value("config_json")), [reply](Json answer) { reply.answer(std::move(answer)); });
                      });
  shell_.addOperation(shaped({"stopFacilitator", "Stops the facilitator's HTTP server and forgets its restart config (the journal stays).", {}, Json{{"stopped", true}},
                       Json::object()}, Json{{"stopped", "bool"}}),
                      [this](const logos::sdk::Args&) { return stopFacilitator(); });
  shell_.addOperation(shaped({"getFacilitatorInfo", "The facilitator's URL, networks, journal path and journal counts per state.", {},
                       Json{{"running", true}}, Json::object()},
                       Json{{"running", "bool"}, {"restart_error?", "string"}, {"port?", "u64"}, {"url?", "string"}, {"token_path?", "string"},
                            {"networks?", "array"}, {"journal_path?", "string"}, {"in_flight?", "u64"}, {"journal?", "object"},
                            {"reconciled?", "object"}}),
                      [this](const logos::sdk::Args&) { return facilitatorInfo(); });
  shell_.addAsyncOperation(shaped({"verifyPayment", "POST /verify in-process: the x402 VerifyResponse for {x402Version, paymentPayload, paymentRequirements}.",
                       {{"request_json", ParamType::Any, true, nullptr, "the /verify body (object or JSON text)"}},
                       Json{{"isValid", true}, {"payer", ""}}, Json{{"request_json", requestExample}}},
                       Json{{"isValid", "bool"}, {"invalidReason?", "string"}, {"invalidMessage?", "string"}, {"payer?", "string"}}),
                      [this](const logos::sdk::Args& a, logos::sdk::Reply reply) {
                        verifyOrSettle(objectParam(a.value("request_json")), false, std::move(reply));
                      });
  shell_.addAsyncOperation(shaped({"settlePayment", "POST /settle in-process: settles on chain exactly once and answers the x402 SettlementResponse.",
                       {{"request_json", ParamType::Any, true, nullptr, "the /settle body (object or JSON text)"}},
                       Json{{"success", true}, {"transaction", ""}, {"network", "logos:lez-localnet"}}, Json{{"request_json", requestExample}}},
                       settlementShape()),
                      [this](const logos::sdk::Args& a, logos::sdk::Reply reply) {
                        verifyOrSettle(objectParam(a.value("request_json")), true, std::move(reply));
                      });
  shell_.addOperation(shaped({"getSupported", "GET /supported in-process: the (scheme, network) kinds this facilitator settles.", {},
                       Json{{"kinds", Json::array()}}, Json::object()},
                       Json{{"kinds", Json::array({Json{{"x402Version", "u64"}, {"scheme", "string"}, {"network", "string"}, {"extra?", "any"}}})},
                            {"extensions", Json::array({"string"})}, {"signers", "object"}}),
                      [this](const logos::sdk::Args&) { return logos::okEnvelope(x402::toJson(facilitator()->supported())); });
  shell_.addOperation(shaped({"startMerchant", "Starts the x402 merchant on loopback with paid resources (static bodies or the Store) and, with `gateway`, paid routes forwarded to an HTTP origin; restarted on reload.",
                       {{"config_json", ParamType::Any, true, nullptr,
                         "{port, facilitator_url (\"\" = in-process), facilitator_token_path, payments_path, public_base_url, network, "
                         "resources:[{path, price, payTo, asset, description, mimeType, maxTimeoutSeconds, paymentIdentifier, body | kind:\"store\"}], "
                         "gateway:{origin_url, routes:[{method, path_prefix, price, payTo, ...}], max_request_bytes, origin_timeout_ms, buffer_bytes}}"}},
                       Json{{"port", 40124}, {"url", "http://127.0.0.1:40124"}, {"resources", Json::array()}},
                       Json{{"config_json", merchantExample}}},
                       merchantShape()),
                      [this](const logos::sdk::Args& a) { return startMerchant(objectParam(a.value("config_json"))); });
  shell_.addOperation(shaped({"stopMerchant", "Stops the merchant HTTP server and forgets its restart config.", {}, Json{{"stopped", true}}, Json::object()},
                       Json{{"stopped", "bool"}}),
                      [this](const logos::sdk::Args&) { return stopMerchant(); });
  shell_.addOperation(shaped({"listResources", "The merchant's paid resources with their PaymentRequirements and request counters.", {},
                       Json{{"resources", Json::array()}}, Json::object()},
                       merchantShape()),
                      [this](const logos::sdk::Args&) {
                        if (!state_->merchant) return fail("MERCHANT_NOT_RUNNING", "startMerchant first");
                        return logos::okEnvelope(state_->merchant->describe());
                      });
  shell_.addOperation(shaped({"listServedPayments", "The merchant's newest served payments with their settlements (newest first).",
                              {{"limit", ParamType::U64, false, 50, "at most this many (≤ 1000)"}},
                              Json{{"payments", Json::array()}}, Json{{"limit", 10}}},
                             Json{{"payments", Json::array({"object"})}}),
                      [this](const logos::sdk::Args& a) {
                        if (!state_->merchant) return fail("MERCHANT_NOT_RUNNING", "startMerchant first");
                        const int limit = static_cast<int>(std::min<std::uint64_t>(a.u64("limit"), 1000));
                        return logos::okEnvelope(Json{{"payments", state_->merchant->servedPayments(limit)}});
                      });
  shell_.addOperation(shaped({"startMcpEndpoint",
                       "Starts the MCP endpoint (Streamable HTTP, loopback) whose tools are paid per call with the x402 MCP transport; restarted on reload.",
                       {{"config_json", ParamType::Any, true, nullptr,
                         "{listen, port, allowed_origins, facilitator_url, facilitator_token_path, payments_path, network, "
                         "tools:[{name, kind:\"store\"|\"static\", price?, payTo?, description, maxTimeoutSeconds, paymentIdentifier, body?}]}"}},
                       Json{{"url", "http://127.0.0.1:40125/mcp"}, {"tools", Json::array()}},
                       Json{{"config_json", Json{{"tools", {{{"name", "store_messages"}, {"price", "4"}, {"payTo", payTo}}}}}}}},
                       mcpEndpointShape()),
                      [this](const logos::sdk::Args& a) { return startMcpEndpoint(objectParam(a.value("config_json"))); });
  shell_.addOperation(shaped({"stopMcpEndpoint", "Stops the paid MCP endpoint and forgets its restart config.", {}, Json{{"stopped", true}}, Json::object()},
                       Json{{"stopped", "bool"}}),
                      [this](const logos::sdk::Args&) { return stopMcpEndpoint(); });
  shell_.addOperation(shaped({"getMcpEndpointInfo", "The paid MCP endpoint's URL, tools with their prices, sessions and counters.", {},
                       Json{{"url", "http://127.0.0.1:40125/mcp"}}, Json::object()},
                       mcpEndpointShape()),
                      [this](const logos::sdk::Args&) {
                        if (!state_->mcp) return fail("MCP_ENDPOINT_NOT_RUNNING", "startMcpEndpoint first");
                        return logos::okEnvelope(state_->mcp->describe());
                      });
  shell_.addOperation(shaped({"configureStorePayment", "Sets (and persists) the x402 price this provider asks per Store query.",
                       {{"config_json", ParamType::Any, true, nullptr, "{amount, payTo, asset?, network?, maxTimeoutSeconds?}"}},
                       Json{{"requirements", Json::object()}}, Json{{"config_json", Json{{"amount", "5"}, {"payTo", payTo}}}}},
                       Json{{"requirements", "object"}}),
                      [this](const logos::sdk::Args& a) { return configureStorePayment(objectParam(a.value("config_json"))); });
  shell_.addOperation(shaped({"getStorePaymentRequirements", "The PaymentRequirements this provider accepts for a Store query.", {},
                       Json{{"requirements", Json::object()}}, Json::object()},
                       Json{{"requirements", "object"}, {"accepts", "array"}}),
                      [this](const logos::sdk::Args&) {
                        if (!state_->storePrice) return fail("STORE_PAYMENT_NOT_CONFIGURED", "configureStorePayment first");
                        return logos::okEnvelope(Json{{"requirements", x402::toJson(*state_->storePrice)},
                                                      {"accepts", Json::array({x402::toJson(*state_->storePrice)})}});
                      });
  shell_.addAsyncOperation(shaped({std::string(logos::eligibility::kVerifyOperation),
                       "Provider-side verify of a Store request's proof_of_payment arm: verifies and settles the x402 payment.",
                       {{"proof_hex", ParamType::String, true, nullptr, "EligibilityProof bytes, hex (\"\" when absent)"},
                        {"canonical_request_hex", ParamType::Hex, true, nullptr, "N8 canonical Store request, prefix included, hex"},
                        {"requester_peer_id", ParamType::String, false, "", "PeerId of the requester"}},
                       Json{{"eligibility", "OK"}},
                       Json{{"proof_hex", "0a02"}, {"canonical_request_hex", "00"}, {"requester_peer_id", "16Uiu2..."}}},
                       Json{{"eligibility", "string"}, {"message", "string"}, {"transaction", "string"}, {"payer", "string"}, {"amount", "string"}}),
                      [this](const logos::sdk::Args& a, logos::sdk::Reply reply) { verifyStoreProof(a.str("proof_hex"), a.hex("canonical_request_hex"), std::move(reply)); });
}

ServerOperations::~ServerOperations() = default;

logos::Json ServerOperations::onInit() {
  state_->anchor = std::make_unique<QObject>();
  const std::string path = shell_.context()->persistencePath() + kStorePaymentFile;
  auto text = lezpay::fileio::readFile(path);
  if (text.ok()) {
    auto j = x402::parseJsonText(text.value());
    auto req = j.ok() ? parseStorePaymentConfig(j.value()) : lezpay::util::Result<x402::PaymentRequirements>(j.error());
    if (!req.ok()) return fail("STATE_CORRUPT", path + ": " + req.error().message);
    state_->storePrice = req.value();
  }
  // Restart the servers that were running, after init returns (the facilitator first reconciles
  // its journal through wallet_module, which must be reachable by then).
  QTimer::singleShot(0, state_->anchor.get(), [this]() { restartPersistedServers(); });
  return logos::okEnvelope();
}

void ServerOperations::restartPersistedServers() {
  const std::string path = shell_.context()->persistencePath() + kFacilitatorFile;
  auto text = lezpay::fileio::readFile(path);
  if (!text.ok()) return restartMerchant();
  const auto reported = [this](const char* file, const Json& answer) {
    if (!logos::isOk(answer)) {
      state_->autoStartError = std::string(file + 1) + ": " + answer.value("message", std::string());
      qCWarning(lcX402Server) << "could not restart" << QString::fromStdString(state_->autoStartError);
    } else {
      qCInfo(lcX402Server) << "restarted from" << (file + 1);
    }
  };
  auto config = x402::parseJsonText(text.value());
  if (!config.ok()) {
    reported(kFacilitatorFile, fail(config.error()));
    return restartMerchant();
  }
  // The merchant starts after the facilitator answered, as a merchant may use it in-process.
  startFacilitator(config.value(), [this, reported](Json answer) {
    reported(kFacilitatorFile, answer);
    restartMerchant();
  });
}

void ServerOperations::restartMerchant() {
  restartMcpEndpoint();
  auto text = lezpay::fileio::readFile(shell_.context()->persistencePath() + kMerchantFile);
  if (!text.ok()) return;
  auto config = x402::parseJsonText(text.value());
  Json answer = config.ok() ? startMerchant(config.value()) : fail(config.error());
  if (!logos::isOk(answer)) {
    state_->autoStartError = std::string(kMerchantFile + 1) + ": " + answer.value("message", std::string());
    qCWarning(lcX402Server) << "could not restart" << QString::fromStdString(state_->autoStartError);
  } else {
    qCInfo(lcX402Server) << "restarted from" << (kMerchantFile + 1);
  }
}

void ServerOperations::persist(const char* file, const Json& config) {
  const std::string path = shell_.context()->persistencePath() + file;
  if (config.is_null()) {
    lezpay::fileio::removeFile(path);
    return;
  }
  if (auto st = lezpay::fileio::writeFileAtomic(path, x402::dumpJson(config)); !st.ok()) {
    qCWarning(lcX402Server) << "could not persist" << QString::fromStdString(path) << QString::fromStdString(st.error().message);
  }
}

void ServerOperations::onShutdown() {
  state_->mcp.reset();
  state_->merchant.reset();
  state_->facilitatorHttp.reset();
  state_->facilitator.reset();
  state_->anchor.reset();
}

Facilitator* ServerOperations::facilitator() {
  if (!state_->facilitator) {
    // An in-process facilitator with defaults, for verifyPayment/settlePayment and the Store arm
    // before (or without) startFacilitator.
    auto started = createFacilitator(Json::object());
    if (!started.ok()) {
      qCWarning(lcX402Server) << "facilitator:" << QString::fromStdString(started.error().message);
      return nullptr;
    }
    state_->facilitator->reconcile([this](ReconcileSummary sum) { state_->reconciled = sum; });
  }
  return state_->facilitator.get();
}

lezpay::util::Status ServerOperations::createFacilitator(const Json& c) {
  auto parsed = facilitatorConfigFromJson(c, shell_.context()->persistencePath() + "/settlements.sqlite");
  if (!parsed.ok()) return parsed.error();
  const FacilitatorConfig& fc = parsed.value();
  if (state_->facilitator && state_->facilitator->inFlight() > 0) {
    return lezpay::util::Error{"FACILITATOR_BUSY", "settlements are in flight; try again when they finish"};
  }
  if (state_->facilitator && state_->facilitator->reconciling()) {
    return lezpay::util::Error{"FACILITATOR_BUSY", "the settlement journal is being reconciled with the chain; try again in a few seconds"};
  }
  state_->facilitatorHttp.reset();
  state_->facilitator.reset();
  auto f = std::make_unique<Facilitator>(fc, WalletChain(shell_.context), state_->anchor.get());
  if (auto st = f->open(); !st.ok()) return st.error();
  state_->reconciled = ReconcileSummary{};
  state_->facilitator = std::move(f);
  return lezpay::util::okStatus();
}

void ServerOperations::startFacilitator(const Json& c, std::function<void(Json)> done) {
  if (!c.is_object()) return done(fail("INVALID_CONFIG", "config_json must be a JSON object"));
  std::uint16_t port = 0;
  if (auto p = c.find("port"); p != c.end()) {
    if (!p->is_number_unsigned() || p->get<std::uint64_t>() > 65535) return done(fail("INVALID_CONFIG", "port: must be an integer 0..65535"));
    port = static_cast<std::uint16_t>(p->get<std::uint64_t>());
  }
  std::string tokenPath = shell_.context()->persistencePath() + kFacilitatorTokenFile;
  if (auto t = c.find("token_path"); t != c.end()) {
    if (!t->is_string() || t->get<std::string>().empty()) return done(fail("INVALID_CONFIG", "token_path: must be a file path"));
    tokenPath = t->get<std::string>();
  }
  if (auto st = createFacilitator(c); !st.ok()) return done(fail(st.error()));
  state_->facilitator->reconcile([this, c, port, tokenPath, done = std::move(done)](ReconcileSummary sum) {
    state_->reconciled = sum;
    auto token = loadOrCreateFacilitatorToken(tokenPath);
    if (!token.ok()) return done(fail(token.error().code == "INVALID_CONFIG" ? "INVALID_CONFIG" : "IO_ERROR", "token_path: " + token.error().message));
    lezpay::net::HttpServerOptions o;
    o.port = port;
    o.limits.maxBodyBytes = 256 * 1024;
    auto server = std::make_unique<lezpay::net::HttpServer>(o, facilitatorHttpHandler(state_->facilitator.get(), token.value()),
                                                            state_->anchor.get());
    if (auto st = server->listen(); !st.ok()) return done(fail(st.error()));
    state_->facilitatorHttp = std::move(server);
    state_->facilitatorTokenPath = tokenPath;
    qCInfo(lcX402Server) << "facilitator listening on port" << state_->facilitatorHttp->port();
    // Persisted with the bound port (merchants keep their facilitator_url across restarts) and
    // without fault injection (a test's crash must not repeat at every start).
    Json stored = c;
    stored.erase("fault_injection");
    stored["port"] = state_->facilitatorHttp->port();
    persist(kFacilitatorFile, stored);
    done(facilitatorInfo());
  });
}

Json ServerOperations::stopFacilitator() {
  const bool was = state_->facilitatorHttp != nullptr;
  state_->facilitatorHttp.reset();
  persist(kFacilitatorFile, nullptr);
  return logos::okEnvelope(Json{{"stopped", was}});
}

Json ServerOperations::facilitatorInfo() {
  Json out{{"running", state_->facilitatorHttp != nullptr}};
  if (!state_->autoStartError.empty()) out["restart_error"] = state_->autoStartError;
  if (state_->facilitatorHttp) {
    out["port"] = state_->facilitatorHttp->port();
    out["url"] = "http://127.0.0.1:" + std::to_string(state_->facilitatorHttp->port());
    out["token_path"] = state_->facilitatorTokenPath;
  }
  if (state_->facilitator) {
    const auto& fc = state_->facilitator->config();
    out["networks"] = fc.networks;
    out["journal_path"] = lezpay::sqlstore::redactDatabaseUrl(fc.journalPath);
    out["in_flight"] = state_->facilitator->inFlight();
    Json counts = Json::object();
    for (const auto& [k, v] : state_->facilitator->journal().counts()) counts[k] = v;
    out["journal"] = counts;
    out["reconciled"] = Json{{"settled", state_->reconciled.settled}, {"failed", state_->reconciled.failed},
                             {"pending", state_->reconciled.pending}, {"released", state_->reconciled.released}};
  }
  return logos::okEnvelope(out);
}

void ServerOperations::verifyOrSettle(const Json& body, bool settle, logos::sdk::Reply reply) {
  auto req = x402::parseFacilitatorRequest(body);
  if (!req.ok()) {
    Json e = fail(req.error());
    if (settle) {
      e["success"] = false;
      e["errorReason"] = req.error().code;
    } else {
      e["isValid"] = false;
      e["invalidReason"] = req.error().code;
    }
    return reply.answer(std::move(e));
  }
  Facilitator* f = facilitator();
  if (!f) return reply.answer(fail("FACILITATOR_UNAVAILABLE", "the facilitator's journal could not be opened"));
  if (!settle) {
    f->verify(req.value(), std::nullopt, [reply](x402::VerifyResponse v) { reply.ok(x402::toJson(v)); });
    return;
  }
  f->settle(req.value(), std::nullopt, [reply](x402::SettlementResponse s) { reply.ok(x402::toJson(s)); });
}

lezpay::util::Status ServerOperations::completePaidServerConfig(std::string& paymentsPath, const char* defaultPaymentsFile,
                                                                const std::string& facilitatorUrl,
                                                                const std::optional<std::string>& facilitatorTokenPath,
                                                                std::string& facilitatorToken) {
  const std::string dir = shell_.context()->persistencePath();
  if (paymentsPath.empty()) paymentsPath = dir + defaultPaymentsFile;
  if (facilitatorUrl.empty()) return lezpay::util::okStatus();
  const std::string tokenPath = facilitatorTokenPath.value_or(dir + kFacilitatorTokenFile);
  if (tokenPath.empty()) return lezpay::util::okStatus();
  auto token = readFacilitatorToken(tokenPath);
  if (!token.ok()) {
    return lezpay::util::Error{"INVALID_CONFIG", "facilitator_token_path: " + token.error().message +
                                                     " (the facilitator writes its token file on start; \"\" sends no credential)"};
  }
  facilitatorToken = token.value();
  return lezpay::util::okStatus();
}

ServerOperations::StoreQueryFn ServerOperations::archiveQuery() {
  auto* ctx = shell_.context();
  return [ctx](const Json& query, std::function<void(Json)> done) {
    ctx->callAsync(kDeliveryModule, "queryLocalArchive", Json{{"queryJson", query}}, 30000, std::move(done));
  };
}

ServerOperations::ChainStatusFn ServerOperations::chainStatus() {
  auto chain = std::make_shared<WalletChain>(shell_.context);
  return [chain](const std::string& txHash, std::function<void(lezpay::util::Result<TxStatus>)> done) {
    chain->status(txHash, std::move(done));
  };
}

Json ServerOperations::startMerchant(const Json& c) {
  auto config = parseMerchantConfig(c);
  if (!config.ok()) return fail(config.error());
  MerchantConfig mc = config.value();
  if (auto st = completePaidServerConfig(mc.paymentsPath, kMerchantPaymentsFile, mc.facilitatorUrl, mc.facilitatorTokenPath,
                                         mc.facilitatorToken);
      !st.ok()) {
    return fail(st.error());
  }
  state_->merchant.reset();
  auto merchant = std::make_unique<Merchant>(mc, [this]() { return facilitator(); }, archiveQuery(), state_->anchor.get());
  if (auto st = merchant->openPayments(); !st.ok()) return fail(st.error());
  merchant->setChainStatus(chainStatus());
  if (auto st = merchant->listen(); !st.ok()) return fail(st.error());
  state_->merchant = std::move(merchant);
  qCInfo(lcX402Server) << "merchant listening on port" << state_->merchant->port();
  Json stored = c;
  stored["port"] = state_->merchant->port();
  persist(kMerchantFile, stored);
  return logos::okEnvelope(state_->merchant->describe());
}

Json ServerOperations::stopMerchant() {
  const bool was = state_->merchant != nullptr;
  state_->merchant.reset();
  persist(kMerchantFile, nullptr);
  return logos::okEnvelope(Json{{"stopped", was}});
}

Json ServerOperations::startMcpEndpoint(const Json& c) {
  auto config = parseMcpEndpointConfig(c);
  if (!config.ok()) return fail(config.error());
  McpEndpointConfig mc = config.value();
  if (auto st = completePaidServerConfig(mc.paymentsPath, kMcpPaymentsFile, mc.facilitatorUrl, mc.facilitatorTokenPath,
                                         mc.facilitatorToken);
      !st.ok()) {
    return fail(st.error());
  }
  state_->mcp.reset();
  auto tools = std::make_unique<McpPaidTools>(mc, [this]() { return facilitator(); }, archiveQuery(), state_->anchor.get());
  if (auto st = tools->openPayments(); !st.ok()) return fail(st.error());
  tools->setChainStatus(chainStatus());
  auto endpoint = std::make_unique<McpPaidEndpoint>(mc, std::move(tools), state_->anchor.get());
  if (auto st = endpoint->listen(); !st.ok()) return fail(st.error());
  state_->mcp = std::move(endpoint);
  qCInfo(lcX402Server) << "paid MCP endpoint listening on" << QString::fromStdString(state_->mcp->url());
  Json stored = c;
  stored["port"] = state_->mcp->port();
  persist(kMcpEndpointFile, stored);
  return logos::okEnvelope(state_->mcp->describe());
}

Json ServerOperations::stopMcpEndpoint() {
  const bool was = state_->mcp != nullptr;
  state_->mcp.reset();
  persist(kMcpEndpointFile, nullptr);
  return logos::okEnvelope(Json{{"stopped", was}});
}

void ServerOperations::restartMcpEndpoint() {
  auto text = lezpay::fileio::readFile(shell_.context()->persistencePath() + kMcpEndpointFile);
  if (!text.ok()) return;
  auto config = x402::parseJsonText(text.value());
  Json answer = config.ok() ? startMcpEndpoint(config.value()) : fail(config.error());
  if (!logos::isOk(answer)) {
    state_->autoStartError = std::string(kMcpEndpointFile + 1) + ": " + answer.value("message", std::string());
    qCWarning(lcX402Server) << "could not restart" << QString::fromStdString(state_->autoStartError);
  }
}

Json ServerOperations::configureStorePayment(const Json& c) {
  auto req = parseStorePaymentConfig(c);
  if (!req.ok()) return fail(req.error());
  const std::string path = shell_.context()->persistencePath() + kStorePaymentFile;
  Json stored{{"amount", req.value().amount}, {"payTo", req.value().payTo}, {"asset", req.value().asset},
              {"network", req.value().network}, {"maxTimeoutSeconds", req.value().maxTimeoutSeconds}};
  if (auto st = lezpay::fileio::writeFileAtomic(path, x402::dumpJson(stored)); !st.ok()) return fail(st.error());
  state_->storePrice = req.value();
  return logos::okEnvelope(Json{{"requirements", x402::toJson(req.value())}});
}

void ServerOperations::verifyStoreProof(const std::string& proofHex, const std::vector<std::uint8_t>& n8, logos::sdk::Reply reply) {
  if (proofHex.empty()) return reply.answer(verdict("PROOF_INVALID", "", "missing proof"));
  auto bytes = lezpay::util::fromHex(proofHex);
  if (!bytes.ok()) return reply.answer(verdict("PROOF_INVALID", "", "proof_hex is not hex: " + bytes.error().message));
  auto proof = eligibility::decodeEligibilityProof(bytes.value());
  if (!proof.ok()) return reply.answer(verdict("PROOF_INVALID", "", "malformed eligibility proof: " + proof.error().message));
  const auto* pop = std::get_if<eligibility::ProofOfPayment>(&proof.value().arm);
  if (!pop) return reply.answer(verdict("PROOF_INVALID", "", "x402_module answers only the proof_of_payment arm"));
  if (n8.empty()) return reply.answer(fail("INVALID_ARGS", "canonical_request_hex: must be the non-empty N8 bytes in hex"));
  const auto& pb = pop->payment_payload;
  auto json = x402::parseJsonText(std::string_view(reinterpret_cast<const char*>(pb.data()), pb.size()));
  auto payload = json.ok() ? x402::parsePaymentPayload(json.value()) : lezpay::util::Result<x402::PaymentPayload>(json.error());
  if (!payload.ok()) return reply.answer(verdict("PROOF_INVALID", payload.error().code, payload.error().message));
  if (!state_->storePrice) return reply.answer(verdict("PARAMS_REJECTED", "", "this provider sells no Store queries for x402 (configureStorePayment)"));
  if (!(payload.value().accepted == *state_->storePrice)) {
    return reply.answer(verdict("PARAMS_REJECTED", std::string(x402::toString(Reason::NoMatchingRequirements)),
                                "the payment's accepted terms are not this provider's Store price " + x402::dumpJson(x402::toJson(*state_->storePrice))));
  }
  const x402::FacilitatorRequest req{payload.value(), *state_->storePrice};
  if (!state_->providerPeerId.empty()) return settleStoreProof(req, n8, std::move(reply));
  shell_.context()->callAsync(kDeliveryModule, "getNodeInfo", Json::object(), 10000,
                              [this, req, n8, reply](const Json& info) mutable {
                                if (!logos::isOk(info) || !info.contains("peerId") || !info["peerId"].is_string()) {
                                  return reply.answer(verdict("PROOF_INVALID", "",
                                                              "cannot read this provider's peer id from delivery_module: " +
                                                                  info.value("message", std::string())));
                                }
                                state_->providerPeerId = info["peerId"].get<std::string>();
                                settleStoreProof(req, n8, std::move(reply));
                              });
}

void ServerOperations::settleStoreProof(const x402::FacilitatorRequest& req, const std::vector<std::uint8_t>& n8,
                                        logos::sdk::Reply reply) {
  if (reply.done()) return;  // cancelled while the peer id was read
  const std::string expectedUrl = storeResourceUrl(state_->providerPeerId, n8);
  Facilitator* f = facilitator();
  if (!f) {
    return reply.answer(
        verdict("PROOF_INVALID", std::string(x402::toString(Reason::UnexpectedSettleError)), "the facilitator journal is unavailable"));
  }
  f->settle(req, expectedUrl, [reply](x402::SettlementResponse s) {
    if (!s.success) {
      const std::string reason = s.errorReason.value_or(std::string(x402::toString(Reason::UnexpectedSettleError)));
      qCInfo(lcX402Server) << "store payment refused:" << QString::fromStdString(reason);
      return reply.answer(verdict(storeVerdictFor(reason), reason, s.errorMessage.value_or("the payment failed")));
    }
    qCInfo(lcX402Server) << "store payment settled" << QString::fromStdString(s.transaction.substr(0, 16));
    reply.ok(Json{{"eligibility", "OK"}, {"message", "paid by x402 transaction " + s.transaction},
                  {"transaction", s.transaction}, {"payer", s.payer.value_or("")}, {"amount", s.amount.value_or("")}});
  });
}

}  // namespace x402mod
