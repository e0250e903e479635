#pragma once
// One libp2p connection over a QTcpSocket: the thin adapter that moves bytes between the socket
// and the pure state machines of lezpay::libp2p (spec libp2p.md §1): multistream-select `/noise`,
// the Noise XX handshake, multistream-select `/yamux/1.0.0` inside Noise, then a Yamux session
// whose streams each start with multistream-select. It owns no protocol logic beyond that:
// negotiated streams are handed to a StreamHandler (p2p_stream_handlers.h).
//
// The connection closes the socket on any error (logged as one JSON line with the stable code) and
// on the handshake timeout; it emits established() once Yamux runs and closed() when done.

#include <QObject>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lezpay/libp2p/identity.h"
#include "lezpay/libp2p/multistream_select.h"
#include "lezpay/libp2p/noise_session.h"
#include "lezpay/libp2p/peer_id.h"
#include "lezpay/libp2p/yamux_session.h"

class P2pConnection;

// The protocol side of one negotiated stream. The connection calls onData for every chunk read
// (including bytes pipelined behind the negotiation), onRemoteClose after the peer's FIN and
// onReset when the stream is gone. Handlers write through the connection.
class StreamHandler {
 public:
  virtual ~StreamHandler() = default;
  virtual void onOpen(P2pConnection& c, std::uint32_t id) {}
  virtual void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) = 0;
  virtual void onRemoteClose(P2pConnection& c, std::uint32_t id) {}
  virtual void onReset(P2pConnection& c, std::uint32_t id) {}
};

// Makes the handler of an inbound stream for a protocol we serve.
using InboundHandlerFactory = std::function<std::unique_ptr<StreamHandler>(const std::string& protocol)>;

class P2pConnection : public QObject {
  Q_OBJECT
 public:
  struct Options {
    bool dialer = false;
    const lezpay::libp2p::Secp256k1Identity* identity = nullptr;
    lezpay::libp2p::Key32 noiseStatic{};
    std::optional<lezpay::libp2p::PeerId> expectedRemote;
    std::vector<std::string> servedProtocols;
    InboundHandlerFactory inbound;
    int handshakeTimeoutMs = 10000;
  };

  P2pConnection(QTcpSocket* socket, Options options, QObject* parent = nullptr);

  const lezpay::libp2p::PeerId& remotePeer() const { return *remote_; }
  QTcpSocket* socket() const { return socket_; }

  // Opens a stream proposing `protocol`; `handler` takes over once it is accepted.
  // Returns false (and logs) when the session refuses a new stream.
  bool openStream(const std::string& protocol, std::unique_ptr<StreamHandler> handler);
  void write(std::uint32_t id, const std::vector<std::uint8_t>& data);
  void closeWrite(std::uint32_t id);
  void reset(std::uint32_t id);
  void close(const std::string& code, const std::string& message);
  void goAway();

 signals:
  void established();
  void closed();
  void streamFailed(std::uint32_t id, QString code, QString message);

 private:
  enum class Stage { SECURITY_MSS, NOISE, MUXER_MSS, YAMUX, CLOSED };
  struct StreamCtx {
    std::optional<lezpay::libp2p::MultistreamDialer> dialer;
    std::optional<lezpay::libp2p::MultistreamListener> listener;
    bool negotiated = false;
    std::unique_ptr<StreamHandler> handler;
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

  QTcpSocket* socket_;
  Options opt_;
  Stage stage_ = Stage::SECURITY_MSS;
  std::optional<lezpay::libp2p::MultistreamDialer> mssDialer_;
  std::optional<lezpay::libp2p::MultistreamListener> mssListener_;
  std::optional<lezpay::libp2p::NoiseHandshake> noise_;
  std::optional<lezpay::libp2p::NoiseTransport> transport_;
  std::optional<lezpay::libp2p::YamuxSession> yamux_;
  std::optional<lezpay::libp2p::PeerId> remote_;
  std::map<std::uint32_t, StreamCtx> streams_;
  QTimer handshakeTimer_;
  bool inEvents_ = false;
};

// One JSON line on stdout: {"event": name, ...fields}.
void logEvent(const QString& name, const QVariantMap& fields = {});
// 32 random bytes from the OS (OpenSSL RAND_bytes).
lezpay::libp2p::Key32 randomKey();
