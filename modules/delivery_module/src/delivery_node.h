#pragma once
// One Waku node of delivery_module: identity, TCP listener with the Store and Lightpush
// protocols, the archive, subscriptions, eligibility hook registries and the outbound clients.
// Lives on the module's thread and never blocks it: sockets are asynchronous, hooks go through
// HookCall (ModuleContext::callAsync), results come back through callbacks.
//
// Lifecycle: constructed by createNode with the process's Noise credential (node_key_client.h:
// the identity key stays in the wallet), start() opens the archive
// and listens, stop() closes both (the object, its identity and registries stay). Destroying
// the node answers every storeQuery still waiting with NODE_STOPPED.

#include <QObject>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "delivery/hook_routing.h"
#include "delivery/multiaddr.h"
#include "delivery/node_config.h"
#include "lezpay/archive/archive.h"
#include "lightpush_service.h"
#include "node_key_client.h"
#include "store_service.h"
#include "transport/exchanger.h"
#include "transport/p2p_listener.h"
#include "transport/p2p_pool.h"
#include "transport/stream_listener.h"

namespace delivery {

class DeliveryNode : public QObject {
  Q_OBJECT
 public:
  using Emit = std::function<void(const std::string& event, const nlohmann::json& args)>;
  using Envelope = std::function<void(nlohmann::json envelope)>;

  DeliveryNode(NodeConfig config, NodeKeyClient::Credential credential, std::string dataDir, HookCall call, Emit emitFn);
  ~DeliveryNode() override;

  // Opens the archive (when the Store service is on) and listens. Errors: ARCHIVE_UNAVAILABLE,
  // INVALID_ARCHIVE_CONFIG, LISTEN_FAILED.
  lezpay::util::Status start();
  void stop();
  bool started() const { return listener_ != nullptr || p2p_ != nullptr; }

  nlohmann::json info() const;
  const std::string& peerId() const { return peerId_; }
  std::uint64_t hookTimeoutMs() const { return config_.hook_timeout_ms; }
  std::string multiaddr() const;
  HookRegistry& verifiers() { return verifiers_; }
  HookRegistry& providers() { return providers_; }

  // Publishes through Lightpush to the configured store node (or into this node when it has no
  // store node and runs the Store service). Answers {requestId, messageHash, timestamp,
  // pubsubTopic}; the outcome follows as messageSent / messageError.
  lezpay::util::Result<nlohmann::json> send(const std::string& contentTopic, std::vector<std::uint8_t> payload,
                                            const std::optional<std::string>& pubsubTopic);
  void subscribe(const std::string& contentTopic) { subscriptions_.insert(contentTopic); }
  void unsubscribe(const std::string& contentTopic) { subscriptions_.erase(contentTopic); }
  nlohmann::json subscriptions() const;

  // storeQuery (docs/protocol.md): `done` gets the envelope exactly once; storeQueryCompleted is
  // emitted too.
  void storeQuery(const nlohmann::json& queryJson, const std::string& peerAddr, int timeoutMs, Envelope done);
  // queryLocalArchive: the same result shape from this node's archive, no eligibility hook.
  nlohmann::json queryLocal(const nlohmann::json& queryJson);

  lezpay::archive::Archive* archive() const { return archive_.get(); }

 private:
  void runQuery(waku::StoreQueryRequest request, const PeerAddress& peer, int timeoutMs, std::uint64_t id);
  void finishQuery(std::uint64_t id, const nlohmann::json& envelope, const nlohmann::json& eventResult, bool success);
  std::map<std::string, transport::ProtocolHandler> servedProtocols();
  lezpay::util::Status listenLibp2p(const std::map<std::string, transport::ProtocolHandler>& protocols);
  // How send and storeQuery reach a peer: by the configured transport.
  transport::Exchanger exchanger();
  transport::P2pPool* dialPool();
  std::uint16_t boundPort() const;
  bool deliverLocally(const lezpay::archive::ArchivedMessage& message);
  void applyRetention();

  NodeConfig config_;
  NodeKeyClient::Credential credential_;
  std::string peerId_;
  std::string dataDir_;
  HookCall call_;
  Emit emit_;
  HookRegistry verifiers_;
  HookRegistry providers_;
  std::set<std::string> subscriptions_;

  std::unique_ptr<lezpay::archive::Archive> archive_;
  std::unique_ptr<StoreService> store_;
  std::unique_ptr<LightpushService> lightpush_;
  std::unique_ptr<transport::StreamListener> listener_;  // transport "plain"
  std::unique_ptr<transport::P2pListener> p2p_;          // transport "libp2p"
  std::unique_ptr<transport::P2pPool> pool_;             // outbound, transport "libp2p"; made on first use
  QTimer retentionTimer_;

  std::map<std::uint64_t, Envelope> pendingQueries_;
  std::uint64_t nextQuery_ = 0;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace delivery
