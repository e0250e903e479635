#pragma once
// The node's libp2p listener (transport "libp2p", spec libp2p.md §1): accepts TCP connections,
// upgrades each with Noise (the node's credential: its identity key, held by the wallet, and
// the signature over this process's Noise static key) and Yamux (P2pConnection), and
// serves identify, ping, Waku metadata and the registered request/response protocols (Store,
// Lightpush) on the streams peers open. Lives on the module's thread; never blocks.
//
// Limits (what an unauthenticated or hostile peer can hold):
//   kMaxConnections             connections at once; more are closed on accept
//   kMaxPendingHandshakes       connections still upgrading; more are closed on accept
//   kHandshakeTimeoutMs         TCP accept to Yamux running; a peer that stalls is dropped
//   kIdleTimeoutMs              no byte either way for this long closes the connection (js-waku
//                               pings every 300 s, so its live connections never idle out)
//   kMaxStreamsPerConnection    Yamux streams open at once on one connection (more are reset)
//   Options::maxInboundBufferedBytes  bytes of partial requests held by all streams together
//                               (inbound_budget.h); a stream that would exceed it is reset

#include <QObject>
#include <QTcpServer>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "delivery/inbound_budget.h"
#include "lezpay/libp2p/noise_credential.h"
#include "lezpay/libp2p/noise_handshake_state.h"
#include "lezpay/util/result.h"
#include "transport/protocol_handler.h"

namespace lezpay::p2pnet {
class P2pConnection;
}

namespace delivery::transport {

using lezpay::p2pnet::P2pConnection;

class P2pListener : public QObject {
  Q_OBJECT
 public:
  static constexpr int kMaxConnections = 256;
  static constexpr int kMaxPendingHandshakes = 64;
  static constexpr int kHandshakeTimeoutMs = 10000;
  static constexpr int kIdleTimeoutMs = 900000;
  static constexpr std::size_t kMaxStreamsPerConnection = 256;

  struct Options {
    // Made once per node start (noise_credential.h); shared with every connection.
    std::shared_ptr<const lezpay::libp2p::NoiseCredential> credential;
    std::string agentVersion;
    std::vector<std::uint8_t> metadata;  // our encoded Waku metadata answer
    std::uint64_t maxInboundBufferedBytes = delivery::kDefaultMaxInboundBufferedBytes;
  };

  P2pListener(Options options, QObject* parent = nullptr);
  ~P2pListener() override;

  // Registers a request/response protocol before listen().
  void addProtocol(const std::string& protocolId, ProtocolHandler handler);
  // Binds host:port (port 0 = any free port). LISTEN_FAILED with the system's reason.
  lezpay::util::Status listen(const std::string& host, std::uint16_t port);
  std::uint16_t port() const { return server_.serverPort(); }
  // Every protocol served on streams, as identify lists them.
  std::vector<std::string> protocols() const;
  int connections() const { return connections_; }
  int pendingHandshakes() const { return pending_; }
  const delivery::InboundBudget& inboundBudget() const { return *budget_; }

 private:
  void onNewConnection();

  Options opt_;
  QTcpServer server_;
  std::map<std::string, ProtocolHandler> protocols_;
  // Shared with the streams' leases: a stream destroyed after the listener still gives back.
  std::shared_ptr<delivery::InboundBudget> budget_;
  int connections_ = 0;
  int pending_ = 0;
};

}  // namespace delivery::transport
