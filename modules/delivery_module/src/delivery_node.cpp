#include "delivery_node.h"

#include <QHostAddress>
#include <QLoggingCategory>

#include <openssl/rand.h>

#include "archive_mapping.h"
#include "delivery/query_json_defaults.h"
#include "delivery/store_result_json.h"
#include "lezpay/libp2p/identify_codec.h"
#include "waku/metadata_codec.h"
#include "lezpay/util/base64.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"
#include "lightpush_client.h"
#include "logos/eligibility.h"
#include "store_client.h"
#include "waku/canonical_request.h"
#include "waku/lightpush_codec.h"
#include "waku/message_hash.h"
#include "waku/waku_message_codec.h"
#include "waku/store_codec.h"
#include "waku/store_query_json.h"

Q_LOGGING_CATEGORY(lcNode, "lezpay.delivery.node")

namespace delivery {
namespace {

using nlohmann::json;
using lezpay::util::Error;

json fail(const std::string& code, const std::string& message) {
  return json{{"status", "error"}, {"code", code}, {"message", message}};
}

std::string randomId() {
  std::array<std::uint8_t, 16> b{};
  RAND_bytes(b.data(), static_cast<int>(b.size()));
  return lezpay::util::toHex(b);
}

// "postgresql://user:secret@host/db" → "postgresql://user:***@host/db": answers never carry secrets.
std::string redactUrl(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::string transportStatusCode(const std::string& code) { return code == "DIAL_FAILED" ? "PEER_DIAL_FAILURE" : code; }

}  // namespace

DeliveryNode::DeliveryNode(NodeConfig config, NodeKeyClient::Credential credential, std::string dataDir, HookCall call, Emit emitFn)
    : config_(std::move(config)),
      credential_(std::move(credential)),
      peerId_(credential_->peerId().toBase58()),
      dataDir_(std::move(dataDir)), call_(std::move(call)), emit_(std::move(emitFn)) {
  if (config_.archive_url.empty()) config_.archive_url = "sqlite:" + dataDir_ + "/store.sqlite";
  retentionTimer_.setInterval(std::chrono::seconds(config_.retention_interval_seconds));
  connect(&retentionTimer_, &QTimer::timeout, this, [this] { applyRetention(); });
}

DeliveryNode::~DeliveryNode() {
  auto pending = std::move(pendingQueries_);
  pendingQueries_.clear();
  for (auto& [id, done] : pending) done(fail("NODE_STOPPED", "the node was destroyed before the store query finished"));
  pool_.reset();  // answers nothing more: the queries were answered above
  stop();
}

transport::P2pPool* DeliveryNode::dialPool() {
  if (pool_) return pool_.get();
  transport::P2pPool::Options o{credential_, "lez-pay/" LEZPAY_VERSION, config_.cluster_id,
                                waku::encodeWakuMetadata({config_.cluster_id, config_.shards}), static_cast<int>(config_.outbound_idle_timeout_ms),
                                [this]() -> std::vector<std::uint8_t> {
                                  if (!p2p_) return {};
                                  auto a = parseMultiaddr(multiaddr());
                                  QHostAddress ip;
                                  bool v4 = false;
                                  const quint32 n = a.ok() && ip.setAddress(QString::fromStdString(a->host)) ? ip.toIPv4Address(&v4) : 0;
                                  return v4 ? lezpay::libp2p::ip4TcpMultiaddr(n, a->port) : std::vector<std::uint8_t>{};
                                }};
  pool_ = std::make_unique<transport::P2pPool>(std::move(o), this);
  return pool_.get();
}

transport::Exchanger DeliveryNode::exchanger() {
  if (config_.transport != "libp2p") {
    return [this](const PeerAddress& peer, const std::string& protocolId, transport::Bytes request, std::size_t maxResponseBytes, int timeoutMs,
                  transport::ExchangeDone done) {
      transport::startExchange(this, {peer.host, peer.port}, protocolId, std::move(request), maxResponseBytes, timeoutMs, std::move(done));
    };
  }
  return [this](const PeerAddress& peer, const std::string& protocolId, transport::Bytes request, std::size_t maxResponseBytes, int timeoutMs,
                transport::ExchangeDone done) {
    dialPool()->exchange(peer, protocolId, std::move(request), maxResponseBytes, timeoutMs, std::move(done));
  };
}

std::map<std::string, transport::ProtocolHandler> DeliveryNode::servedProtocols() {
  std::map<std::string, transport::ProtocolHandler> out;
  if (store_) {
    out[std::string(waku::kStoreQueryProtocolId)] = {waku::kMaxStoreRequestBytes,
                                                      [this](transport::Bytes req, const transport::Remote& remote, transport::Respond respond) {
                                                        if (store_) store_->handleWire(std::move(req), remote, std::move(respond));
                                                      },
                                                      &StoreService::oversizedResponse,
                                                      [this](const transport::Remote& remote, const transport::Bytes& req, transport::Bytes response) {
                                                        if (store_) store_->undelivered(remote, req, std::move(response));
                                                      }};
  }
  if (lightpush_) {
    out[std::string(waku::kLightPushProtocolId)] = {waku::kMaxLightPushRequestBytes,
                                                     [this](transport::Bytes req, const transport::Remote& remote, transport::Respond respond) {
                                                       if (lightpush_) respond(lightpush_->handleWire(req, remote));
                                                     },
                                                     &LightpushService::oversizedResponse, {}};
  }
  return out;
}

lezpay::util::Status DeliveryNode::listenLibp2p(const std::map<std::string, transport::ProtocolHandler>& protocols) {
  transport::P2pListener::Options o{credential_, "lez-pay/" LEZPAY_VERSION, waku::encodeWakuMetadata({config_.cluster_id, config_.shards}),
                                    config_.max_inbound_buffered_bytes};
  auto p2p = std::make_unique<transport::P2pListener>(std::move(o), this);
  for (const auto& [id, handler] : protocols) p2p->addProtocol(id, handler);
  auto listening = p2p->listen(config_.host, config_.tcp_port);
  if (listening.ok()) p2p_ = std::move(p2p);
  return listening;
}

std::uint16_t DeliveryNode::boundPort() const {
  if (listener_) return listener_->port();
  if (p2p_) return p2p_->port();
  return config_.tcp_port;
}

lezpay::util::Status DeliveryNode::start() {
  if (started()) return lezpay::util::okStatus();
  if (config_.store_service) {
    lezpay::archive::ArchiveConfig ac;
    ac.url = config_.archive_url;
    ac.retention.max_age_seconds = config_.retention.max_age_seconds;
    ac.retention.max_messages = config_.retention.max_messages;
    auto opened = lezpay::archive::openArchive(ac);
    if (!opened.ok()) return opened.error();
    archive_ = std::move(opened).value();
    store_ = std::make_unique<StoreService>(archive_.get(), &verifiers_, call_,
                                            StoreService::Options{config_.max_store_requests_per_second, config_.max_pending_store_requests,
                                                                  config_.hook_timeout_ms});
  }
  if (config_.lightpush_service) {
    lightpush_ = std::make_unique<LightpushService>(archive_.get(), config_.pubsub_topic, config_.max_clock_skew_seconds,
                                                    [this](const lezpay::archive::ArchivedMessage& m) { return deliverLocally(m); });
  }
  const auto protocols = servedProtocols();
  lezpay::util::Status listening = lezpay::util::okStatus();
  if (config_.transport == "libp2p") {
    listening = listenLibp2p(protocols);
  } else {
    auto listener = std::make_unique<transport::StreamListener>(this);
    for (const auto& [id, handler] : protocols) listener->addProtocol(id, handler);
    listening = listener->listen(config_.host, config_.tcp_port);
    if (listening.ok()) listener_ = std::move(listener);
  }
  if (!listening.ok()) {
    lightpush_.reset();
    store_.reset();
    archive_.reset();
    return listening;
  }
  if (archive_) {
    applyRetention();
    retentionTimer_.start();
  }
  qCInfo(lcNode, "node %s listening on %s", peerId_.c_str(), multiaddr().c_str());
  return lezpay::util::okStatus();
}

void DeliveryNode::stop() {
  retentionTimer_.stop();
  listener_.reset();  // closes the server and every open inbound stream
  p2p_.reset();       // closes the server and every connection
  store_.reset();
  lightpush_.reset();
  archive_.reset();
}

std::string DeliveryNode::multiaddr() const {
  PeerAddress a;
  a.host = (config_.host == "0.0.0.0" || config_.host == "localhost") ? "127.0.0.1" : (config_.host == "::" ? "::1" : config_.host);
  a.port = boundPort();
  a.peer_id = peerId_;
  return formatMultiaddr(a);
}

json DeliveryNode::subscriptions() const {
  json out = json::array();
  for (const auto& s : subscriptions_) out.push_back(s);
  return out;
}

json DeliveryNode::info() const {
  json cfg = nodeConfigToJson(config_);
  cfg["archiveUrl"] = redactUrl(config_.archive_url);
  json out{{"peerId", peerId_},
           {"started", started()},
           {"multiaddr", started() ? multiaddr() : std::string()},
           {"listenAddresses", started() ? json::array({multiaddr()}) : json::array()},
           {"port", started() ? boundPort() : 0},
           {"transport", config_.transport},
           {"protocols", json::array()},
           {"verifiers", verifiers_.toJson()},
           {"providers", providers_.toJson()},
           {"subscriptions", subscriptions()},
           {"config", cfg}};
  if (store_) out["protocols"].push_back(std::string(waku::kStoreQueryProtocolId));
  if (lightpush_) out["protocols"].push_back(std::string(waku::kLightPushProtocolId));
  if (p2p_) {
    out["protocols"] = p2p_->protocols();
    out["metadata"] = json{{"clusterId", config_.cluster_id}, {"shards", config_.shards}};
    const auto& budget = p2p_->inboundBudget();
    out["inboundBuffers"] = json{{"limitBytes", budget.limit()}, {"bufferedBytes", budget.used()}, {"peakBytes", budget.peak()},
                                 {"streamsReset", budget.refused()}};
  }
  if (archive_) {
    auto n = archive_->count();
    out["archive"] = json{{"backend", archive_->backend()}, {"messages", n.ok() ? json(n.value()) : json(nullptr)}};
    out["storeRequestsServed"] = store_ ? store_->served() : 0;
    out["storeOverlap"] = json{{"pagesRead", store_ ? store_->overlapped() : 0}, {"pagesDiscarded", store_ ? store_->overlapDiscarded() : 0}};
  }
  return out;
}

bool DeliveryNode::deliverLocally(const lezpay::archive::ArchivedMessage& m) {
  if (!subscriptions_.count(m.message.content_topic)) return false;
  emit_("messageReceived", json::array({lezpay::util::toHex(m.hash), m.message.content_topic, lezpay::util::toBase64(m.message.payload),
                                        m.message.timestamp.value_or(0)}));
  return true;
}

void DeliveryNode::applyRetention() {
  if (!archive_) return;
  auto deleted = archive_->applyRetention(nowNanoseconds());
  if (!deleted.ok()) {
    qCWarning(lcNode, "retention failed: %s; retrying in 1 minute", deleted.error().message.c_str());
    retentionTimer_.start(std::chrono::minutes(1));  // nwaku retries after an error sooner
    return;
  }
  retentionTimer_.start(std::chrono::seconds(config_.retention_interval_seconds));
  if (deleted.value() > 0) qCInfo(lcNode, "retention deleted %llu messages", static_cast<unsigned long long>(deleted.value()));
}

lezpay::util::Result<json> DeliveryNode::send(const std::string& contentTopic, std::vector<std::uint8_t> payload,
                                              const std::optional<std::string>& pubsubTopic) {
  if (!started()) return Error{"NODE_NOT_STARTED", "start the node first"};
  waku::LightPushRequest req;
  req.request_id = randomId();
  req.pubsub_topic = pubsubTopic.value_or(config_.pubsub_topic);
  req.message.payload = std::move(payload);
  req.message.content_topic = contentTopic;
  req.message.version = 0;
  req.message.timestamp = nowNanoseconds();
  auto valid = waku::checkWakuMessage(req.message);
  if (!valid.ok()) return Error{"INVALID_MESSAGE", valid.error().message};
  if (req.pubsub_topic->empty() || req.pubsub_topic->size() > waku::kMaxTopicBytes) {
    return Error{"INVALID_MESSAGE", "pubsubTopic must be 1 to 1024 bytes"};
  }
  const std::string hash = lezpay::util::toHex(waku::computeMessageHash(*req.pubsub_topic, req.message));
  const std::int64_t ts = *req.message.timestamp;
  json answer{{"requestId", req.request_id}, {"messageHash", hash}, {"timestamp", ts}, {"pubsubTopic", *req.pubsub_topic}};

  std::weak_ptr<int> alive = alive_;
  auto report = [this, alive, id = req.request_id, hash, ts](const lezpay::util::Result<waku::LightPushResponse>& r) {
    if (alive.expired()) return;
    if (!r.ok()) {
      emit_("messageError", json::array({id, hash, r.error().code + ": " + r.error().message, ts}));
    } else if (waku::effectiveStatus(r.value()) != waku::LightPushStatus::SUCCESS) {
      const auto st = waku::effectiveStatus(r.value());
      emit_("messageError", json::array({id, hash, std::string(waku::toString(st)) + ": " + r->status_desc.value_or(""), ts}));
    } else {
      emit_("messageSent", json::array({id, hash, ts}));
    }
  };
  if (!config_.store_node.empty()) {
    auto peer = parseMultiaddr(config_.store_node).value();  // checked by nodeConfigFromJson
    sendLightpush(exchanger(), peer, req, static_cast<int>(config_.hook_timeout_ms), report);
    answer["storeNode"] = config_.store_node;
    return answer;
  }
  if (!lightpush_ || !archive_) {
    return Error{"NO_STORE_NODE", "no storeNode is configured and this node does not run the Store service"};
  }
  // Own store node: accept after this answer, so events follow the operation's result.
  QTimer::singleShot(0, this, [this, alive, req, report] {
    if (alive.expired() || !lightpush_) return report(Error{"NODE_STOPPED", "the node stopped before the message was stored"});
    report(lightpush_->accept(req, nowNanoseconds()));
  });
  answer["storeNode"] = multiaddr();
  return answer;
}

void DeliveryNode::storeQuery(const json& queryJson, const std::string& peerAddr, int timeoutMs, Envelope done) {
  const std::uint64_t id = ++nextQuery_;
  pendingQueries_[id] = std::move(done);
  json q = queryJson;
  if (q.is_string()) {
    auto parsed = lezpay::util::parseJson(q.get<std::string>());
    q = parsed.ok() ? std::move(parsed).value() : json(json::value_t::discarded);
  }
  std::string requestId = q.is_object() && q.contains("requestId") && q["requestId"].is_string() ? q["requestId"].get<std::string>() : "";
  auto refuse = [&](const std::string& code, const std::string& message) {
    finishQuery(id, fail(code, message), json{{"requestId", requestId}, {"statusCode", 0}, {"statusDesc", message}, {"error", code}}, false);
  };
  if (!started()) return refuse("NODE_NOT_STARTED", "start the node first");
  auto normalized = normalizeQueryJson(q, randomId);
  if (!normalized.ok()) return refuse(normalized.error().code, normalized.error().message);
  q = std::move(normalized).value();
  if (q["requestId"].is_string()) requestId = q["requestId"].get<std::string>();
  json eligibility;
  if (q.contains("eligibility")) {
    eligibility = q["eligibility"];
    q.erase("eligibility");
    if (!eligibility.is_null() && !eligibility.is_object()) return refuse("INVALID_QUERY", "eligibility: expected an object {arm, stream_id, options}");
  }
  auto parsed = waku::storeQueryFromJson(q);
  if (!parsed.ok()) return refuse("INVALID_QUERY", parsed.error().code + ": " + parsed.error().message);
  const std::string addr = peerAddr.empty() ? config_.store_node : peerAddr;
  if (addr.empty()) return refuse("NO_STORE_NODE", "give peerAddr or configure storeNode in createNode");
  auto peer = parseMultiaddr(addr);
  if (!peer.ok()) return refuse(peer.error().code, peer.error().message);
  if (config_.transport == "libp2p" && !peer->peer_id) {
    return refuse("PEER_ID_REQUIRED", "peerAddr '" + addr + "' has no /p2p/<peer id>: over libp2p a peer is only queried when its identity can be checked");
  }
  waku::StoreQueryRequest request = std::move(parsed).value();

  if (eligibility.is_object() && !request.eligibility_proof) {
    for (auto it = eligibility.begin(); it != eligibility.end(); ++it) {
      if (it.key() != "arm" && it.key() != "stream_id" && it.key() != "options") {
        return refuse("INVALID_QUERY", "eligibility: unknown key '" + it.key() + "' (arm, stream_id, options)");
      }
    }
    std::string arm;
    if (eligibility.contains("arm")) {
      if (!eligibility["arm"].is_string()) return refuse("INVALID_QUERY", "eligibility.arm: expected a string");
      arm = eligibility["arm"].get<std::string>();
    } else {
      arm = eligibility.contains("stream_id") ? std::string(logos::eligibility::kArmStreamProof)
            : eligibility.contains("options") ? std::string(logos::eligibility::kArmProofOfPayment)
                                              : std::string(logos::eligibility::kArmStreamProposal);
    }
    const auto operation = logos::eligibility::prepareOperationForArm(arm);
    if (operation.empty()) return refuse("INVALID_ARM", "eligibility.arm '" + arm + "' is not proof_of_payment, stream_proposal or stream_proof");
    const auto module = providers_.lookup(arm);
    if (!module) return refuse("NO_ELIGIBILITY_PROVIDER", "no eligibility provider is registered (setEligibilityProvider)");
    json params{{"canonical_request_hex", lezpay::util::toHex(waku::canonicalStoreRequest(request))},
                {"provider_peer_id", peer->peer_id.value_or("")}};
    if (arm == logos::eligibility::kArmStreamProof) {
      if (!eligibility.contains("stream_id")) return refuse("INVALID_QUERY", "eligibility.stream_id is required for the stream_proof arm");
      params["stream_id"] = eligibility["stream_id"];
    }
    if (eligibility.contains("options")) params["options"] = eligibility["options"];
    std::weak_ptr<int> alive = alive_;
    call_(*module, std::string(operation), params, static_cast<int>(config_.hook_timeout_ms),
          [this, alive, id, request, peer = peer.value(), timeoutMs, module = *module, requestId](const json& answer) mutable {
            if (alive.expired()) return;
            const json* a = &answer;
            if (a->is_object() && a->contains("result") && (*a)["result"].is_object()) a = &(*a)["result"];
            const bool ok = a->is_object() && a->value("status", "") == "ok" && a->contains("bytes_hex") && (*a)["bytes_hex"].is_string();
            auto bytes = ok ? lezpay::util::fromHex((*a)["bytes_hex"].get<std::string>()) : lezpay::util::Result<std::vector<std::uint8_t>>(Error{"", ""});
            if (!ok || !bytes.ok() || bytes->empty() || bytes->size() > waku::kMaxEligibilityProofBytes) {
              json e = fail("ELIGIBILITY_PROVIDER_FAILED",
                            "eligibility provider " + module + " gave no proof: " +
                                (answer.is_object() ? answer.value("message", std::string("no bytes_hex in its answer")) : std::string("malformed answer")));
              e["provider_answer"] = answer;
              return finishQuery(id, e, json{{"requestId", requestId}, {"statusCode", 0}, {"statusDesc", e["message"]}, {"error", e["code"]}}, false);
            }
            request.eligibility_proof = bytes.value();
            runQuery(std::move(request), peer, timeoutMs, id);
          });
    return;
  }
  runQuery(std::move(request), peer.value(), timeoutMs, id);
}

void DeliveryNode::runQuery(waku::StoreQueryRequest request, const PeerAddress& peer, int timeoutMs, std::uint64_t id) {
  std::weak_ptr<int> alive = alive_;
  const std::string requestId = request.request_id;
  sendStoreQuery(exchanger(), peer, request, timeoutMs, [this, alive, id, requestId](lezpay::util::Result<waku::StoreQueryResponse> r) {
    if (alive.expired()) return;
    if (!r.ok()) {
      const std::string code = transportStatusCode(r.error().code);
      json e = fail(code, r.error().message);
      if (code == "PEER_DIAL_FAILURE") e["statusCode"] = 504;
      return finishQuery(id, e,
                         json{{"requestId", requestId}, {"statusCode", code == "PEER_DIAL_FAILURE" ? 504 : 0}, {"statusDesc", r.error().message},
                              {"error", code}},
                         false);
    }
    json result = storeResponseToJson(r.value());
    json env = result;
    env["status"] = "ok";
    finishQuery(id, env, result, r->status_code == waku::StatusCode::SUCCESS);
  });
}

void DeliveryNode::finishQuery(std::uint64_t id, const json& envelope, const json& eventResult, bool success) {
  auto it = pendingQueries_.find(id);
  if (it == pendingQueries_.end()) return;
  auto done = std::move(it->second);
  pendingQueries_.erase(it);
  emit_("storeQueryCompleted", json::array({success, eventResult, nowNanoseconds()}));
  done(envelope);
}

json DeliveryNode::queryLocal(const json& queryJson) {
  if (!archive_ || !store_) return fail("NODE_NOT_STARTED", "queryLocalArchive needs a started node with the Store service");
  auto q = normalizeQueryJson(queryJson, randomId);
  if (!q.ok()) return fail(q.error().code, q.error().message);
  auto parsed = waku::storeQueryFromJson(q.value());
  if (!parsed.ok()) return fail("INVALID_QUERY", parsed.error().code + ": " + parsed.error().message);
  json out;
  // Without a verifier the service answers synchronously.
  store_->handle(std::move(parsed).value(), false, "", [&out](waku::StoreQueryResponse r) { out = storeResponseToJson(r); });
  out["status"] = "ok";
  return out;
}

}  // namespace delivery
