// delivery_module: a Waku node with Lightpush v3 publishing, a Store v3 server and client, an
// archive and eligibility hooks (waku-store.md, logos-core.md §11). Thin shell: the
// operation table below adapts JSON to DeliveryNode (delivery_node.h) and the pure helpers of
// lezpay::delivery_core. docs/protocol.md "delivery_module" documents every operation.
#include <QObject>

#include <memory>

#include "delivery/node_config.h"
#include "delivery/query_json_defaults.h"
#include "delivery/store_result_json.h"
#include "delivery_errors.h"
#include "delivery_node.h"
#include "lezpay/util/base64.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"
#include "logos/envelope.h"
#include "logos/sdk/module_base.h"
#include "node_key_client.h"
#include "waku/canonical_request.h"
#include "waku/message_hash.h"
#include "waku/store_query_json.h"

namespace delivery {
namespace {

using logos::Json;
using logos::ParamType;
using logos::sdk::Args;

// An OperationSpec with its result shape (sdk/result_shape.h).
logos::OperationSpec shaped(logos::OperationSpec spec, Json shape) {
  spec.resultShape = std::move(shape);
  return spec;
}

Json fail(const std::string& code, const std::string& message) { return logos::errorEnvelope(code, message); }
Json fail(const lezpay::util::Error& e) { return fail(e.code, e.message); }

std::int64_t nowNs() { return nowNanoseconds(); }

// A JSON parameter given as an object or as its text. Text that is not acceptable JSON becomes a
// non-object, which every caller refuses.
Json jsonParam(const Json& v) {
  if (!v.is_string()) return v;
  auto parsed = lezpay::util::parseJson(v.get<std::string>());
  return parsed.ok() ? std::move(parsed).value() : Json(Json::value_t::discarded);
}

lezpay::util::Result<std::vector<std::uint8_t>> decodePayload(const std::string& payload, const std::string& encoding) {
  if (encoding == "text") return std::vector<std::uint8_t>(payload.begin(), payload.end());
  if (encoding == "hex") return lezpay::util::fromHex(payload);
  if (encoding == "base64") return lezpay::util::fromBase64(payload);
  return lezpay::util::Error{"INVALID_ARGS", "encoding must be text, hex or base64, got '" + encoding + "'"};
}

const char* kExampleQuery = R"({"requestId":"q1","includeData":true,"paginationForward":true,"pubsubTopic":"/waku/2/default-waku/proto","contentTopics":["/app/1/chat/proto"],"paginationLimit":20})";

}  // namespace

class DeliveryModule : public logos::sdk::ModuleBase {
 public:
  DeliveryModule() : ModuleBase("delivery_module", "0.1.0") {
    registerEvents();
    registerOperations();
  }

 protected:
  Json onInit() override {
    dataDir_ = context()->persistencePath();
    keys_ = std::make_unique<NodeKeyClient>(dataDir_, hookCall());
    return logos::okEnvelope();
  }
  void onShutdown() override {
    node_.reset();
    keys_.reset();
  }

 private:
  std::string dataDir_;
  std::unique_ptr<NodeKeyClient> keys_;
  std::unique_ptr<DeliveryNode> node_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);

  Json needNode() const { return fail("NO_NODE", "call createNode first"); }

  HookCall hookCall() {
    return [this](const std::string& module, const std::string& operation, const Json& params, int timeoutMs,
                  std::function<void(const Json&)> done) {
      context()->callAsync(module, operation, params, timeoutMs, [done](const Json& answer) { done(answer); });
    };
  }

  void registerEvents() {
    addEvent({"nodeStarted", "the node listens (or failed to)", {"success", "message", "timestamp"}});
    addEvent({"nodeStopped", "the node stopped listening", {"success", "message", "timestamp"}});
    addEvent({"messageSent", "a published message was accepted by the store node", {"requestId", "messageHash", "timestamp"}});
    addEvent({"messageError", "a published message was refused or could not be delivered", {"requestId", "messageHash", "error", "timestamp"}});
    addEvent({"messageReceived", "a message on a subscribed content topic reached this node (payload base64)",
              {"messageHash", "contentTopic", "payload", "timestamp"}});
    addEvent({"storeQueryCompleted", "result of a storeQuery (same shape as its answer)", {"success", "responseJson", "timestamp"}});
  }

  void registerOperations() {
    using PT = ParamType;
    declareErrors(deliveryErrors());
    const logos::ParamSpec query{"queryJson", PT::Any, true, nullptr,
                                 "Store query: object or JSON text {requestId, includeData, paginationForward, ...}"};
    const Json queryExample{{"queryJson", lezpay::util::parseJson(kExampleQuery).value()}};

    addAsyncOperation(shaped({"createNode", "Creates the node from a config object (docs/protocol.md); its identity key is wallet_module's.",
                         {{"configJson", PT::Any, false, Json::object(), "config object or its JSON text; {} for defaults"}},
                         Json{{"peerId", "16Uiu2..."}, {"config", Json::object()}},
                         Json{{"configJson", Json{{"tcpPort", 0}, {"storeService", true}}}}},
                        Json{{"peerId", "base58"}, {"config", "object"}}),
                 [this](const Args& a, logos::sdk::Reply reply) { createNode(jsonParam(a.value("configJson")), std::move(reply)); });
    addOperation(shaped({"start", "Opens the archive and listens; emits nodeStarted.", {},
                         Json{{"multiaddr", "/ip4/127.0.0.1/tcp/60000/p2p/16Uiu2..."}}, Json::object()},
                        Json{{"peerId", "base58"}, {"multiaddr", "string"}, {"port", "u64"}}),
                 [this](const Args&) { return start(); });
    addOperation(shaped({"stop", "Stops listening and closes the archive; emits nodeStopped.", {}, Json{{"stopped", true}}, Json::object()},
                        Json{{"stopped", "bool"}}),
                 [this](const Args&) {
                   if (!node_) return needNode();
                   const bool was = node_->started();
                   node_->stop();
                   emitEvent("nodeStopped", Json::array({true, was ? "stopped" : "was not started", nowNs()}));
                   return logos::okEnvelope(Json{{"stopped", true}});
                 });
    addOperation(shaped({"getNodeInfo", "Peer id, multiaddr, protocols, archive size, hooks, subscriptions and config.", {},
                         Json{{"peerId", "16Uiu2..."}, {"multiaddr", "/ip4/127.0.0.1/tcp/60000/p2p/16Uiu2..."}}, Json::object()},
                        Json{{"peerId", "base58"}, {"started", "bool"}, {"multiaddr", "string"}, {"listenAddresses", Json::array({"string"})},
                             {"port", "u64"}, {"protocols", Json::array({"string"})}, {"verifiers", "object"}, {"providers", "object"},
                             {"subscriptions", Json::array({"string"})}, {"config", "object"},
                             {"archive?", Json{{"backend", "string"}, {"messages", "u64|null"}}}, {"storeRequestsServed?", "u64"},
                             {"storeOverlap?", Json{{"pagesRead", "u64"}, {"pagesDiscarded", "u64"}}},
                             {"transport", "string"}, {"metadata?", Json{{"clusterId", "u64"}, {"shards", Json::array({"u64"})}}},
                             {"inboundBuffers?", Json{{"limitBytes", "u64"}, {"bufferedBytes", "u64"}, {"peakBytes", "u64"}, {"streamsReset", "u64"}}}}),
                 [this](const Args&) { return node_ ? logos::okEnvelope(node_->info()) : needNode(); });
    addOperation(shaped({"send", "Publishes a message (Lightpush v3) to the store node; outcome as messageSent / messageError.",
                  {{"contentTopic", PT::String, true, nullptr, "content topic, e.g. /app/1/chat/proto"},
                   {"payload", PT::String, true, nullptr, "payload text (see encoding)"},
                   {"pubsubTopic", PT::String, false, nullptr, "pubsub topic (default: the node's pubsubTopic)"},
                   {"encoding", PT::String, false, "text", "how payload is written: text (UTF-8), hex or base64"}},
                  Json{{"requestId", ""}, {"messageHash", ""}, {"timestamp", 0}},
                  Json{{"contentTopic", "/app/1/chat/proto"}, {"payload", "hello"}}},
                        Json{{"requestId", "string"}, {"messageHash", "hex32"}, {"timestamp", "i64"}, {"pubsubTopic", "string"},
                             {"storeNode", "string"}}),
                 [this](const Args& a) {
                   if (!node_) return needNode();
                   const std::string topic = a.str("contentTopic");
                   if (topic.empty()) return fail("INVALID_ARGS", "contentTopic must not be empty");
                   auto bytes = decodePayload(a.str("payload"), a.str("encoding"));
                   if (!bytes.ok()) return fail("INVALID_ARGS", "payload: " + bytes.error().message);
                   std::optional<std::string> pubsub;
                   if (a.has("pubsubTopic")) pubsub = a.str("pubsubTopic");
                   auto r = node_->send(topic, std::move(bytes).value(), pubsub);
                   return r.ok() ? logos::okEnvelope(r.value()) : fail(r.error());
                 });
    const logos::ParamSpec contentTopic{"contentTopic", PT::String, true, nullptr, "content topic"};
    const Json subscriptionsShape{{"subscriptions", Json::array({"string"})}};
    addOperation(shaped({"subscribe", "Emits messageReceived for messages on this content topic that reach this node.", {contentTopic},
                         Json{{"subscriptions", Json::array()}}, Json{{"contentTopic", "/app/1/chat/proto"}}},
                        subscriptionsShape),
                 [this](const Args& a) {
                   if (!node_) return needNode();
                   node_->subscribe(a.str("contentTopic"));
                   return logos::okEnvelope(Json{{"subscriptions", node_->subscriptions()}});
                 });
    addOperation(shaped({"unsubscribe", "Stops messageReceived for this content topic.", {contentTopic}, Json{{"subscriptions", Json::array()}},
                         Json{{"contentTopic", "/app/1/chat/proto"}}},
                        subscriptionsShape),
                 [this](const Args& a) {
                   if (!node_) return needNode();
                   node_->unsubscribe(a.str("contentTopic"));
                   return logos::okEnvelope(Json{{"subscriptions", node_->subscriptions()}});
                 });
    // A Store response in JSON (storeResponseToJson), queryLocalArchive's shape: a non-200 status
    // from the peer is a successful exchange and answers here too.
    const Json storeResultShape{
        {"requestId", "string"}, {"statusCode", "u64"}, {"statusDesc", "string"},
        {"messages", Json::array({Json{{"messageHash", "hex32"}, {"pubsubTopic?", "string"},
                                       {"message?", Json{{"payload", "string"}, {"contentTopic", "string"}, {"version", "u64"},
                                                         {"timestamp", "i64"}, {"meta?", "string"}, {"ephemeral?", "bool"}}}}})},
        {"paginationCursor?", "hex"}, {"eligibility?", Json{{"code", "u64"}, {"name", "string"}, {"desc", "string"}}}};
    addAsyncOperation(shaped({"storeQuery", "Queries a Store node (proof from eligibilityProofHex or the provider hook); also emits storeQueryCompleted.",
                  {query,
                   {"peerAddr", PT::String, false, "", "multiaddr of the Store node (default: the configured storeNode)"},
                   {"timeoutMs", PT::U64, false, 10000, "deadline of the exchange with the peer"}},
                  Json{{"statusCode", 200}, {"statusDesc", "OK"}, {"messages", Json::array()}, {"requestId", "q1"}}, queryExample},
                             storeResultShape),
                 [this](const logos::sdk::Args& a, logos::sdk::Reply reply) {
                   storeQuery(a.value("queryJson"), a.str("peerAddr"), a.u64("timeoutMs"), std::move(reply));
                 });
    addOperation(shaped({"queryLocalArchive", "Answers a Store query from this node's own archive (no eligibility hook), storeQuery's shape.",
                         {query}, Json{{"statusCode", 200}, {"statusDesc", "OK"}, {"messages", Json::array()}}, queryExample},
                        storeResultShape),
                 [this](const Args& a) { return node_ ? node_->queryLocal(a.value("queryJson")) : needNode(); });
    const logos::ParamSpec moduleName{"moduleName", PT::String, true, nullptr, "module answering the hook (\"\" clears)"};
    const logos::ParamSpec arm{"arm", PT::String, false, "all", "all | proof_of_payment | stream_proposal | stream_proof"};
    addOperation(shaped({"setEligibilityVerifier", "Registers the module that verifies inbound Store requests' proofs (per arm).",
                         {moduleName, arm}, Json{{"verifiers", Json::object()}}, Json{{"moduleName", "payment_streams_module"}}},
                        Json{{"verifiers", "object"}}),
                 [this](const Args& a) {
                   if (!node_) return needNode();
                   auto st = node_->verifiers().set(a.str("arm"), a.str("moduleName"));
                   return st.ok() ? logos::okEnvelope(Json{{"verifiers", node_->verifiers().toJson()}}) : fail(st.error());
                 });
    addOperation(shaped({"setEligibilityProvider", "Registers the module that prepares proofs for outbound Store requests (per arm).",
                         {moduleName, arm}, Json{{"providers", Json::object()}}, Json{{"moduleName", "payment_streams_module"}}},
                        Json{{"providers", "object"}}),
                 [this](const Args& a) {
                   if (!node_) return needNode();
                   auto st = node_->providers().set(a.str("arm"), a.str("moduleName"));
                   return st.ok() ? logos::okEnvelope(Json{{"providers", node_->providers().toJson()}}) : fail(st.error());
                 });
    addOperation(shaped({"computeMessageHash", "Deterministic message hash (waku-store.md §6) of a message JSON on a pubsub topic.",
                  {{"pubsubTopic", PT::String, true, nullptr, "pubsub topic"},
                   {"messageJson", PT::Any, true, nullptr, "{payload (base64), contentTopic, timestamp (ns), meta (base64), version}"}},
                  Json{{"messageHash", ""}},
                  Json{{"pubsubTopic", "/waku/2/default-waku/proto"},
                       {"messageJson", Json{{"payload", "AQIDBFRFU1QFBgcI"}, {"contentTopic", "/waku/2/default-content/proto"},
                                            {"meta", "c3VwZXItc2VjcmV0"}, {"timestamp", 1681964442000000000LL}}}}},
                        Json{{"messageHash", "hex32"}}),
                 [](const Args& a) {
                   auto m = wakuMessageFromJson(jsonParam(a.value("messageJson")));
                   if (!m.ok()) return fail(m.error());
                   return logos::okEnvelope(
                       Json{{"messageHash", lezpay::util::toHex(waku::computeMessageHash(a.str("pubsubTopic"), m.value()))}});
                 });
    addOperation(shaped({"canonicalStoreRequestHex", "The N8 canonical bytes of a Store query (what a stream proof signs), lowercase hex.",
                         {query}, Json{{"canonicalRequestHex", ""}, {"digestHex", ""}}, queryExample},
                        Json{{"canonicalRequestHex", "hex"}, {"digestHex", "hex32"}}),
                 [](const Args& a) {
                   auto q = normalizeQueryJson(a.value("queryJson"), nullptr);  // requestId required: N8 covers it
                   if (!q.ok()) return fail(q.error());
                   q.value().erase("eligibility");
                   auto r = waku::storeQueryFromJson(q.value());
                   if (!r.ok()) return fail("INVALID_QUERY", r.error().code + ": " + r.error().message);
                   waku::StoreQueryRequest req = r.value();
                   req.eligibility_proof.reset();
                   return logos::okEnvelope(Json{{"canonicalRequestHex", lezpay::util::toHex(waku::canonicalStoreRequest(req))},
                                                 {"digestHex", lezpay::util::toHex(waku::canonicalStoreRequestDigest(req))}});
                 });
  }

  // Answers once the node's credential is known (node_key_client.h: wallet round trips the first
  // time in this process, at once afterwards).
  void createNode(const Json& config, logos::sdk::Reply reply) {
    if (node_ && node_->started()) return reply.answer(fail("NODE_STARTED", "the node is running; stop it before creating another"));
    auto cfg = nodeConfigFromJson(config.is_object() || config.is_null() ? config : Json());
    if (!config.is_object() && !config.is_null()) return reply.answer(fail(kInvalidConfig, "configJson must be an object or its JSON text"));
    if (!cfg.ok()) return reply.answer(fail(cfg.error()));
    std::weak_ptr<int> alive = alive_;
    keys_->get([this, alive, cfg = cfg.value(), reply](lezpay::util::Result<NodeKeyClient::Credential> credential) {
      if (alive.expired()) return;
      if (!credential.ok()) return reply.answer(fail(credential.error()));
      if (node_ && node_->started()) return reply.answer(fail("NODE_STARTED", "the node is running; stop it before creating another"));
      node_.reset();
      node_ = std::make_unique<DeliveryNode>(cfg, credential.value(), dataDir_, hookCall(),
                                             [this](const std::string& event, const Json& args) { emitEvent(event, args); });
      reply.answer(logos::okEnvelope(Json{{"peerId", node_->peerId()}, {"config", node_->info()["config"]}}));
    });
  }

  Json start() {
    if (!node_) return needNode();
    auto st = node_->start();
    if (!st.ok()) {
      emitEvent("nodeStarted", Json::array({false, st.error().message, nowNs()}));
      return fail(st.error());
    }
    emitEvent("nodeStarted", Json::array({true, node_->multiaddr(), nowNs()}));
    Json info = node_->info();
    return logos::okEnvelope(Json{{"peerId", info["peerId"]}, {"multiaddr", info["multiaddr"]}, {"port", info["port"]}});
  }

  // Answers when the exchange ends, from the node's callback: the handler returns at once, so
  // inbound Store requests, hook answers and other operations are served meanwhile, each as a
  // job of its own. The exchange has its own deadline (timeoutMs, and the provider hook's); the
  // caller's deadline is the host's. Cancellation has nothing to stop early: the node ends the
  // exchange at its deadline and the reply, already cancelled, ignores the answer.
  void storeQuery(const Json& queryJson, const std::string& peerAddr, std::uint64_t timeoutMsParam, logos::sdk::Reply reply) {
    if (!node_) return reply.answer(needNode());
    const auto timeoutMs = static_cast<int>(std::min<std::uint64_t>(timeoutMsParam, 600000));
    node_->storeQuery(jsonParam(queryJson), peerAddr, std::max(timeoutMs, 1),
                      [reply](Json envelope) { reply.answer(std::move(envelope)); });
  }
};

}  // namespace delivery

class DeliveryModulePlugin : public QObject, public delivery::DeliveryModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "../metadata.json")
  Q_INTERFACES(logos::LogosModule)
};

#include "delivery_module_plugin.moc"
