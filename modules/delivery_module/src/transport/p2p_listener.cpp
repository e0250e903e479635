#include "transport/p2p_listener.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QTcpSocket>

#include "lezpay/libp2p/identify_codec.h"
#include "lezpay/libp2p/identify_push.h"
#include "lezpay/libp2p/key_codec.h"
#include "lezpay/p2pnet/p2p_connection.h"
#include "transport/p2p_streams.h"
#include "transport/listen_on.h"
#include "waku/metadata_codec.h"

Q_LOGGING_CATEGORY(lcP2p, "lezpay.delivery.p2p")

namespace delivery::transport {

namespace {

std::vector<std::uint8_t> binaryAddr(const QHostAddress& a, quint16 port) {
  bool v4 = false;
  const quint32 ip = a.toIPv4Address(&v4);
  return v4 ? lezpay::libp2p::ip4TcpMultiaddr(ip, port) : std::vector<std::uint8_t>{};
}

}  // namespace

P2pListener::P2pListener(Options options, QObject* parent)
    : QObject(parent), opt_(std::move(options)),
      budget_(std::make_shared<delivery::InboundBudget>(opt_.maxInboundBufferedBytes)) {
  connect(&server_, &QTcpServer::newConnection, this, &P2pListener::onNewConnection);
}

P2pListener::~P2pListener() { server_.close(); }

void P2pListener::addProtocol(const std::string& protocolId, ProtocolHandler handler) { protocols_[protocolId] = std::move(handler); }

std::vector<std::string> P2pListener::protocols() const {
  // Identify push is answered by every P2pConnection; listing it is what makes js-libp2p push.
  std::vector<std::string> out{kIdentifyProtocol, lezpay::libp2p::kIdentifyPushProtocol, kPingProtocol, waku::kWakuMetadataProtocolId};
  for (const auto& [id, h] : protocols_) out.push_back(id);
  return out;
}

lezpay::util::Status P2pListener::listen(const std::string& host, std::uint16_t port) {
  return listenOn(server_, host, port);
}

void P2pListener::onNewConnection() {
  while (QTcpSocket* socket = server_.nextPendingConnection()) {
    if (connections_ >= kMaxConnections || pending_ >= kMaxPendingHandshakes) {
      qCInfo(lcP2p, "refused a connection: %d connections, %d still upgrading (limits %d, %d)", connections_, pending_, kMaxConnections,
             kMaxPendingHandshakes);
      socket->abort();
      socket->deleteLater();
      continue;
    }
    P2pConnection::Options o;
    o.dialer = false;
    o.credential = opt_.credential;
    o.servedProtocols = protocols();
    o.handshakeTimeoutMs = kHandshakeTimeoutMs;
    o.idleTimeoutMs = kIdleTimeoutMs;
    o.maxStreams = kMaxStreamsPerConnection;
    o.inbound = [this](P2pConnection& c, const std::string& protocol) -> std::unique_ptr<P2pStreamHandler> {
      if (protocol == kIdentifyProtocol) {
        lezpay::libp2p::Identify m;
        m.publicKey = lezpay::libp2p::encodePublicKey(opt_.credential->identityKey);
        auto own = binaryAddr(server_.serverAddress(), server_.serverPort());
        if (!own.empty()) m.listenAddrs.push_back(std::move(own));
        m.protocols = protocols();
        auto observed = binaryAddr(c.socket()->peerAddress(), c.socket()->peerPort());
        if (!observed.empty()) m.observedAddr = std::move(observed);
        m.protocolVersion = "ipfs/0.1.0";
        m.agentVersion = opt_.agentVersion;
        return std::make_unique<IdentifyResponder>(std::move(m));
      }
      if (protocol == kPingProtocol) return std::make_unique<PingResponder>();
      if (protocol == waku::kWakuMetadataProtocolId) return std::make_unique<MetadataResponder>(opt_.metadata, budget_);
      auto it = protocols_.find(protocol);
      if (it != protocols_.end()) return std::make_unique<RequestResponder>(&it->second, budget_);
      return nullptr;
    };
    ++connections_;
    ++pending_;
    auto* conn = new P2pConnection(socket, std::move(o), this);
    auto upgrading = std::make_shared<bool>(true);
    connect(conn, &P2pConnection::established, this, [this, upgrading] {
      if (*upgrading) --pending_;
      *upgrading = false;
    });
    connect(conn, &P2pConnection::closed, this, [this, conn, upgrading] {
      if (*upgrading) --pending_;
      *upgrading = false;
      --connections_;
      conn->deleteLater();
    });
  }
}

}  // namespace delivery::transport
