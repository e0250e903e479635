#pragma once
// One libp2p connection over a QTcpSocket: the thin adapter that moves bytes between the socket
// and the pure state machines of lezpay::libp2p (spec libp2p.md §1): multistream-select `/noise`,
// the Noise XX handshake with the caller's Noise credential (identity key and signature; the
// secret stays with whoever signed), multistream-select `/yamux/1.0.0` inside Noise, then a
// Yamux session whose streams each start with multistream-select (the lazy, pipelined form
// included). Negotiated streams are handed to a P2pStreamHandler; the connection
// holds no application protocol logic, except identify push (`/ipfs/id/push/1.0.0`, §6), which
// every connection serves itself: what a peer pushes updates remoteIdentify(). Shared by the
// delivery module's Waku node and the lezpay-p2p-probe tool.
//
// The connection closes the socket on any error (logged with its stable code and emitted as
// failed()), when the upgrade has not finished within Options::handshakeTimeoutMs, and when no
// byte moved either way for Options::idleTimeoutMs. It emits established() once Yamux runs and
// closed() once, when done.

#include <QObject>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lezpay/libp2p/identify_codec.h"
#include "lezpay/libp2p/identity.h"
#include "lezpay/libp2p/multistream_select.h"
#include "lezpay/libp2p/noise_credential.h"
#include "lezpay/libp2p/noise_session.h"
#include "lezpay/libp2p/peer_id.h"
#include "lezpay/libp2p/yamux_session.h"

namespace lezpay::p2pnet {

class P2pConnection;

// The protocol side of one negotiated stream. The connection calls onData for every chunk read
// (including bytes pipelined behind the negotiation), onRemoteClose after the peer's FIN and
// onReset when the stream is gone (peer reset or connection closed). Handlers write through the
// connection.
class P2pStreamHandler {
 public:
  virtual ~P2pStreamHandler() = default;
  virtual void onOpen(P2pConnection&, std::uint32_t) {}
  virtual void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) = 0;
  virtual void onRemoteClose(P2pConnection&, std::uint32_t) {}
  virtual void onReset(P2pConnection&, std::uint32_t) {}
  // The stream is being reset for an error of ours or its negotiation (MSS_NOT_AVAILABLE when the
  // peer answered `na`); onReset follows.
  virtual void onError(P2pConnection&, std::uint32_t, const lezpay::util::Error&) {}
};

// Makes the handler of an inbound stream for a protocol we serve (nullptr: the stream is reset).
using P2pHandlerFactory = std::function<std::unique_ptr<P2pStreamHandler>(P2pConnection&, const std::string& protocol)>;

class P2pConnection : public QObject {
  Q_OBJECT
 public:
  struct Options {
    bool dialer = false;
    // Our identity key, X25519 static key and signature (noise_credential.h), shared by every
    // connection of the process; required.
    std::shared_ptr<const lezpay::libp2p::NoiseCredential> credential;
    std::optional<lezpay::libp2p::PeerId> expectedRemote;
    std::vector<std::string> servedProtocols;
    P2pHandlerFactory inbound;
    int handshakeTimeoutMs = 10000;
    int idleTimeoutMs = 900000;
    std::size_t maxStreams = 256;
  };

  P2pConnection(QTcpSocket* socket, Options options, QObject* parent = nullptr);
  ~P2pConnection() override;

  // Valid once established() was emitted.
  const lezpay::libp2p::PeerId& remotePeer() const { return *remote_; }
  bool isEstablished() const { return stage_ == Stage::YAMUX; }
  QTcpSocket* socket() const { return socket_; }
  // "/ip4/<ip>/tcp/<port>" of the socket's peer, plus "/p2p/<id>" once authenticated.
  std::string remoteAddress() const;
  bool hasStream(std::uint32_t id) const { return stage_ == Stage::YAMUX && yamux_->hasStream(id); }
  // What the peer told us of itself by identify push (§6: protocols, addresses, versions); empty
  // until it pushes. Owners that also read the peer's identify keep their own copy.
  const lezpay::libp2p::Identify& remoteIdentify() const { return remoteIdentify_; }
  // Called by the identify push stream handler (identify_push_receiver.h) with the decoded push,
  // or with why it could not be read: applies it (remoteIdentifyChanged() follows) and closes the
  // stream, or resets the stream with the error and keeps what was known.
  void acceptIdentifyPush(std::uint32_t id, lezpay::util::Result<lezpay::libp2p::Identify> pushed);

  // Opens a stream proposing `protocol`; `handler` takes over once it is accepted.
  bool openStream(const std::string& protocol, std::unique_ptr<P2pStreamHandler> handler);
  void write(std::uint32_t id, const std::vector<std::uint8_t>& data);
  void closeWrite(std::uint32_t id);
  void reset(std::uint32_t id);
  // Closes the TCP connection; a non-empty code is logged with the message and emitted as failed().
  void close(const std::string& code, const std::string& message);
  // Tells the peer the session ends normally (Yamux GoAway) and flushes it to the socket.
  void goAway();

 signals:
  void established();
  // The connection is being closed for an error with a stable code (closed() follows).
  void failed(const QString& code, const QString& message);
  // A stream was reset for an error (its handler gets onReset).
  void streamFailed(std::uint32_t id, const QString& code, const QString& message);
  // openStream() was refused by the Yamux session (stream limit, going away).
  void streamRefused(const QString& code, const QString& message);
  // The peer sent a Yamux GoAway with this code.
  void remoteGoingAway(quint64 code);
  // An identify push was applied to remoteIdentify().
  void remoteIdentifyChanged();
  void closed();

 private:
  enum class Stage { SECURITY_MSS, NOISE, MUXER_MSS, YAMUX, CLOSED };
  struct StreamCtx {
    std::optional<lezpay::libp2p::MultistreamDialer> dialer;
    std::optional<lezpay::libp2p::MultistreamListener> listener;
    bool negotiated = false;
    std::unique_ptr<P2pStreamHandler> handler;
  };

  void onReadyRead();
  void handleBytes(std::vector<std::uint8_t> bytes);
  void handlePlaintext(std::vector<std::uint8_t> plain);
  void startMuxerNegotiation();
  void processYamuxEvents();
  void streamBytes(std::uint32_t id, std::vector<std::uint8_t> data);
  void sendRaw(const std::vector<std::uint8_t>& bytes);
  void sendEncrypted(const std::vector<std::uint8_t>& plain);
  void flushYamux();
  void failStream(std::uint32_t id, const lezpay::util::Error& e);
  void resetAllHandlers();
  std::unique_ptr<P2pStreamHandler> inboundHandler(const std::string& protocol);

  QTcpSocket* socket_;
  Options opt_;
  Stage stage_ = Stage::SECURITY_MSS;
  std::optional<lezpay::libp2p::MultistreamDialer> mssDialer_;
  std::optional<lezpay::libp2p::MultistreamListener> mssListener_;
  std::optional<lezpay::libp2p::NoiseHandshake> noise_;
  std::optional<lezpay::libp2p::NoiseTransport> transport_;
  std::optional<lezpay::libp2p::YamuxSession> yamux_;
  std::optional<lezpay::libp2p::PeerId> remote_;
  lezpay::libp2p::Identify remoteIdentify_;
  std::map<std::uint32_t, StreamCtx> streams_;
  QTimer handshakeTimer_;
  QTimer idleTimer_;
  bool inEvents_ = false;
};

// 32 random bytes from the OS (OpenSSL RAND_bytes).
lezpay::libp2p::Key32 randomKey32();

// A credential for an identity held in this process, with a fresh random static key (the probe
// tool, tests and benchmarks; the delivery node's identity stays in the wallet).
std::shared_ptr<const lezpay::libp2p::NoiseCredential> credentialWithFreshStaticKey(const lezpay::libp2p::Secp256k1Identity& identity);

}  // namespace lezpay::p2pnet
