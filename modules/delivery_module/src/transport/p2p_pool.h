#pragma once
// The node's outbound libp2p connections (transport "libp2p"; spec libp2p.md §1, §10): the
// Exchanger (exchanger.h) its Store and Lightpush clients use. Lives on the module's thread;
// never blocks.
//
// Dial: TCP, multistream-select `/noise`, Noise XX as initiator with the node's persisted
// secp256k1 identity, the remote checked against the multiaddr's /p2p/ id (PEER_ID_REQUIRED
// without one: an unauthenticated peer is never dialed), `/yamux/1.0.0`. Then each exchange is
// one Yamux stream (p2p_dialer.h).
//
// Reuse: one connection per peer id, shared by every request to it. A request to a peer being
// dialed waits for that dial (at most one dial in flight per peer); at most
// kMaxExchangesPerPeer streams are open per connection and further requests queue
// (kMaxWaitingPerPeer, then PEER_BUSY). A connection with no exchange for Options::idleTimeoutMs
// is closed (Yamux GoAway, then TCP close); a dropped connection, or one the peer sent GoAway on,
// is redialed by the next request. Each request keeps its own deadline (TIMEOUT), dial included.
//
// On these connections we serve what a peer asks of us on connect (js-libp2p and nim-libp2p ask
// identify; nwaku asks Waku metadata and hangs up on a cluster mismatch): identify, ping and Waku
// metadata with our cluster and shards. Store and Lightpush are served by the listener only.
//
// Destroying the pool closes its connections and completes no pending request.

#include <QObject>
#include <QTimer>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "delivery/multiaddr.h"
#include "lezpay/libp2p/noise_credential.h"
#include "lezpay/libp2p/noise_handshake_state.h"
#include "lezpay/libp2p/peer_id.h"
#include "transport/exchanger.h"
#include "transport/p2p_dialer.h"

namespace delivery::transport {

class P2pPool : public QObject {
  Q_OBJECT
 public:
  static constexpr int kHandshakeTimeoutMs = 10000;  // js-libp2p's whole-dial limit
  static constexpr std::size_t kMaxStreamsPerConnection = 256;
  static constexpr std::size_t kMaxExchangesPerPeer = 128;
  static constexpr std::size_t kMaxWaitingPerPeer = 1024;

  struct Options {
    // Made once per node start (noise_credential.h); shared with every connection.
    std::shared_ptr<const lezpay::libp2p::NoiseCredential> credential;
    std::string agentVersion;
    std::uint32_t clusterId = 0;
    std::vector<std::uint8_t> metadata;  // our encoded Waku metadata answer
    int idleTimeoutMs = 120000;
    // Our listener's binary multiaddr for identify (empty: none).
    std::function<std::vector<std::uint8_t>()> listenAddress;
  };

  explicit P2pPool(Options options, QObject* parent = nullptr);
  ~P2pPool() override;

  // The Exchanger call. Errors, besides those of p2p_dialer.h: PEER_ID_REQUIRED, INVALID_PEER_ID,
  // PEER_BUSY, TIMEOUT.
  void exchange(const PeerAddress& peer, const std::string& protocolId, Bytes request, std::size_t maxResponseBytes, int timeoutMs,
                ExchangeDone done);

  // Connections open or being dialed, and connections dialed since the pool was made.
  std::size_t connections() const;
  std::uint64_t dials() const { return dials_; }

 private:
  struct Peer {
    std::string key;  // the peer id text
    PeerAddress address;
    std::optional<lezpay::libp2p::PeerId> expected;
    P2pConnection* conn = nullptr;  // current connection (dialing or established), owned by the pool
    std::shared_ptr<DialConnectionState> state;
    std::deque<std::shared_ptr<DialExchange>> waiting;
    QTimer idle;
    bool pumping = false;
  };

  Peer* find(const std::string& key);
  void dial(Peer& p);
  void pump(Peer& p);
  void settle(const std::string& key);
  std::unique_ptr<P2pStreamHandler> inbound(P2pConnection& c, const std::string& protocol, const std::shared_ptr<DialConnectionState>& state);

  Options opt_;
  std::map<std::string, std::unique_ptr<Peer>> peers_;
  std::map<std::uint64_t, std::shared_ptr<DialExchange>> exchanges_;
  std::uint64_t nextExchange_ = 0;
  std::uint64_t dials_ = 0;
};

}  // namespace delivery::transport
