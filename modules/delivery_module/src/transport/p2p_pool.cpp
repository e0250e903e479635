#include "transport/p2p_pool.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QTcpSocket>

#include "waku/metadata_codec.h"
#include "lezpay/libp2p/identify_codec.h"
#include "lezpay/libp2p/key_codec.h"
#include "transport/p2p_streams.h"

Q_LOGGING_CATEGORY(lcDial, "lezpay.delivery.dial")

namespace delivery::transport {

using lezpay::util::Error;

namespace {

// A peer that never goes quiet keeps a connection we no longer use only this long after a GoAway.
constexpr int kConnectionBackstopIdleMs = 900000;

// Closes `c` from the event loop: its handlers may be on the stack now.
void closeSoon(P2pConnection* c) {
  QTimer::singleShot(0, c, [c] {
    c->goAway();
    c->close("", "");
  });
}

}  // namespace

P2pPool::P2pPool(Options options, QObject* parent)
    : QObject(parent), opt_(std::move(options)) {}

P2pPool::~P2pPool() {
  // Pending requests are not answered (the owner is going away); handlers find them finished.
  for (auto& [id, ex] : exchanges_) ex->onComplete = nullptr;
  exchanges_.clear();
  for (auto& [key, p] : peers_) p->waiting.clear();
  // Connections go now, while the pool's members they reach through slots still exist.
  for (auto* c : findChildren<P2pConnection*>(Qt::FindDirectChildrenOnly)) {
    c->disconnect(this);
    c->goAway();
    delete c;
  }
  peers_.clear();
}

std::size_t P2pPool::connections() const {
  std::size_t n = 0;
  for (const auto& [key, p] : peers_) n += p->conn != nullptr;
  return n;
}

P2pPool::Peer* P2pPool::find(const std::string& key) {
  auto it = peers_.find(key);
  return it == peers_.end() ? nullptr : it->second.get();
}

void P2pPool::exchange(const PeerAddress& peer, const std::string& protocolId, Bytes request, std::size_t maxResponseBytes, int timeoutMs,
                       ExchangeDone done) {
  const std::string target = peer.host + ":" + std::to_string(peer.port);
  auto failLater = [this, &done](Error e) { QTimer::singleShot(0, this, [done = std::move(done), e = std::move(e)] { done(e); }); };
  if (!peer.peer_id) {
    return failLater(Error{"PEER_ID_REQUIRED", "the multiaddr of " + target + " has no /p2p/<peer id>: a libp2p peer is only dialed when its identity can be checked"});
  }
  auto expected = lezpay::libp2p::parsePeerId(*peer.peer_id);
  if (!expected.ok()) return failLater(Error{"INVALID_PEER_ID", expected.error().message});
  const std::string key = expected->toBase58();
  Peer* p = find(key);
  if (!p) {
    auto fresh = std::make_unique<Peer>();
    fresh->key = key;
    fresh->idle.setSingleShot(true);
    connect(&fresh->idle, &QTimer::timeout, this, [this, key] {
      Peer* q = find(key);
      if (!q || !q->conn || q->state->inFlight != 0 || !q->waiting.empty()) return;
      qCInfo(lcDial, "closing the idle connection to %s (%s)", key.c_str(), q->state->target.c_str());
      P2pConnection* c = q->conn;
      c->goAway();
      c->close("", "");
    });
    p = fresh.get();
    peers_[key] = std::move(fresh);
  }
  if (p->waiting.size() >= kMaxWaitingPerPeer) {
    return failLater(Error{"PEER_BUSY", std::to_string(kMaxWaitingPerPeer) + " requests already wait for " + target + "; retry later"});
  }
  if (!p->conn) {
    p->address = peer;
    p->expected = expected.value();
  }

  auto ex = std::make_shared<DialExchange>();
  ex->protocolId = protocolId;
  ex->request = std::move(request);
  ex->maxResponseBytes = maxResponseBytes;
  ex->target = target;
  const std::uint64_t id = ++nextExchange_;
  auto* timer = new QTimer(this);
  timer->setSingleShot(true);
  ex->onComplete = [this, id, key, timer, done = std::move(done)](lezpay::util::Result<Bytes> r) {
    timer->stop();
    timer->deleteLater();
    std::shared_ptr<DialExchange> self;
    if (auto it = exchanges_.find(id); it != exchanges_.end()) {
      self = it->second;
      exchanges_.erase(it);
    }
    if (self && self->state) --self->state->inFlight;
    if (Peer* q = find(key); q && self) {
      std::erase(q->waiting, self);
      pump(*q);
    }
    if (self && self->state && self->connection && self->state->inFlight == 0) {
      // A connection the pool no longer hands out (the peer sent GoAway) closes with its last exchange.
      Peer* q = find(key);
      if (!q || q->conn != self->connection.data()) closeSoon(self->connection.data());
    }
    done(std::move(r));
  };
  std::weak_ptr<DialExchange> weak = ex;
  connect(timer, &QTimer::timeout, this, [weak, timeoutMs] {
    auto e = weak.lock();
    if (!e || e->finished()) return;
    if (e->connection && e->streamId && e->connection->hasStream(*e->streamId)) e->connection->reset(*e->streamId);
    e->complete(Error{"TIMEOUT", "no answer from " + e->target + " within " + std::to_string(timeoutMs) + " ms"});
  });
  timer->start(timeoutMs);
  exchanges_[id] = ex;
  p->waiting.push_back(std::move(ex));
  pump(*p);
}

void P2pPool::pump(Peer& p) {
  if (p.pumping) return;
  p.pumping = true;
  if (!p.conn && !p.waiting.empty()) dial(p);
  while (p.conn && p.conn->isEstablished() && !p.waiting.empty() && p.state->inFlight < kMaxExchangesPerPeer) {
    auto ex = p.waiting.front();
    p.waiting.pop_front();
    if (ex->finished()) continue;
    ex->state = p.state;
    ex->connection = p.conn;
    ++p.state->inFlight;
    if (!p.conn->openStream(ex->protocolId, std::make_unique<ExchangeStream>(ex, p.state))) {
      ex->complete(Error{"PEER_DISCONNECTED", "cannot open a stream to " + ex->target + ": the connection is going away or at its stream limit"});
    }
  }
  const bool idle = p.conn && p.conn->isEstablished() && p.state->inFlight == 0 && p.waiting.empty();
  if (!idle) {
    p.idle.stop();
  } else if (!p.idle.isActive()) {
    p.idle.start(opt_.idleTimeoutMs);
  }
  p.pumping = false;
}

void P2pPool::dial(Peer& p) {
  auto state = std::make_shared<DialConnectionState>();
  state->target = p.address.host + ":" + std::to_string(p.address.port);
  state->ourCluster = opt_.clusterId;

  P2pConnection::Options o;
  o.dialer = true;
  o.credential = opt_.credential;
  o.expectedRemote = p.expected;
  o.servedProtocols = {kIdentifyProtocol, kPingProtocol, waku::kWakuMetadataProtocolId};
  o.inbound = [this, state](P2pConnection& c, const std::string& protocol) { return inbound(c, protocol, state); };
  o.handshakeTimeoutMs = kHandshakeTimeoutMs;
  o.idleTimeoutMs = kConnectionBackstopIdleMs;
  o.maxStreams = kMaxStreamsPerConnection;

  auto* socket = new QTcpSocket();
  connect(socket, &QTcpSocket::connected, socket, [socket] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
  auto* conn = new P2pConnection(socket, std::move(o), this);
  p.conn = conn;
  p.state = state;
  ++dials_;
  qCInfo(lcDial, "dialing %s at %s", p.key.c_str(), state->target.c_str());
  const std::string key = p.key;
  connect(conn, &P2pConnection::established, this, [this, key, conn, state] {
    state->established = true;
    qCInfo(lcDial, "connected to %s", conn->remoteAddress().c_str());
    if (Peer* q = find(key); q && q->conn == conn) pump(*q);
  });
  connect(conn, &P2pConnection::failed, this, [state](const QString& code, const QString& message) {
    if (!state->failure) state->failure = Error{code.toStdString(), message.toStdString()};
  });
  connect(conn, &P2pConnection::remoteGoingAway, this, [this, key, conn, state] {
    Peer* q = find(key);
    if (!q || q->conn != conn) return;
    // Nothing new goes on a connection the peer is leaving; the next request dials afresh.
    q->conn = nullptr;
    q->state = nullptr;
    q->idle.stop();
    if (state->inFlight == 0) closeSoon(conn);
    if ((q = find(key))) pump(*q);
  });
  connect(conn, &P2pConnection::closed, this, [this, key, conn, state] {
    conn->deleteLater();
    Peer* q = find(key);
    if (!q || q->conn != conn) return;
    q->conn = nullptr;
    q->state = nullptr;
    q->idle.stop();
    // Requests that waited for this connection fail with its reason; the next request redials.
    const Error e = state->lostError();
    qCInfo(lcDial, "connection to %s ended: %s: %s", key.c_str(), e.code.c_str(), e.message.c_str());
    auto waiting = std::move(q->waiting);
    q->waiting.clear();
    for (auto& ex : waiting) ex->complete(e);
    QTimer::singleShot(0, this, [this, key] {
      Peer* r = find(key);
      if (r && !r->conn && r->waiting.empty()) peers_.erase(key);
    });
  });
  socket->connectToHost(QString::fromStdString(p.address.host), p.address.port);
}

std::unique_ptr<P2pStreamHandler> P2pPool::inbound(P2pConnection& c, const std::string& protocol,
                                                   const std::shared_ptr<DialConnectionState>& state) {
  if (protocol == kIdentifyProtocol) {
    lezpay::libp2p::Identify m;
    m.publicKey = lezpay::libp2p::encodePublicKey(opt_.credential->identityKey);
    if (opt_.listenAddress) {
      auto own = opt_.listenAddress();
      if (!own.empty()) m.listenAddrs.push_back(std::move(own));
    }
    m.protocols = {kIdentifyProtocol, kPingProtocol, waku::kWakuMetadataProtocolId};
    bool v4 = false;
    const quint32 ip = c.socket()->peerAddress().toIPv4Address(&v4);
    if (v4) m.observedAddr = lezpay::libp2p::ip4TcpMultiaddr(ip, c.socket()->peerPort());
    m.protocolVersion = "ipfs/0.1.0";
    m.agentVersion = opt_.agentVersion;
    return std::make_unique<IdentifyResponder>(std::move(m));
  }
  if (protocol == kPingProtocol) return std::make_unique<PingResponder>();
  if (protocol == waku::kWakuMetadataProtocolId) return std::make_unique<PeerMetadataResponder>(opt_.metadata, state);
  return nullptr;
}

}  // namespace delivery::transport
