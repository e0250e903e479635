#pragma once
// The protocols the probe speaks on negotiated streams (spec libp2p.md §6, §7), plus an echo
// protocol for flow-control and concurrency tests. Each handler is one stream's state.

#include <QElapsedTimer>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

#include "lezpay/libp2p/identify_codec.h"
#include "lezpay/p2pnet/p2p_connection.h"

using lezpay::p2pnet::P2pConnection;
using lezpay::p2pnet::P2pStreamHandler;

inline constexpr const char* kIdentifyProtocol = "/ipfs/id/1.0.0";
inline constexpr const char* kPingProtocol = "/ipfs/ping/1.0.0";
inline constexpr const char* kEchoProtocol = "/lezpay/echo/1.0.0";

// Result of an outbound exchange: ok, and a sentence (or figure) for the log.
using Done = std::function<void(bool ok, const QString& detail)>;

// Responder: writes LP(identify) and FINs; whatever the opener sends is ignored.
class IdentifyServer : public P2pStreamHandler {
 public:
  explicit IdentifyServer(lezpay::libp2p::Identify message) : message_(std::move(message)) {}
  void onOpen(P2pConnection& c, std::uint32_t id) override;
  void onData(P2pConnection&, std::uint32_t, const std::vector<std::uint8_t>&) override {}

 private:
  lezpay::libp2p::Identify message_;
};

// Opener: reads LP(identify) to the peer's FIN and checks its key against the Noise peer id.
class IdentifyClient : public P2pStreamHandler {
 public:
  explicit IdentifyClient(std::function<void(bool, const QString&, const lezpay::libp2p::Identify&)> done) : done_(std::move(done)) {}
  void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) override;
  void onRemoteClose(P2pConnection& c, std::uint32_t id) override;
  void onReset(P2pConnection& c, std::uint32_t id) override;

 private:
  std::vector<std::uint8_t> buf_;
  std::function<void(bool, const QString&, const lezpay::libp2p::Identify&)> done_;
  bool finished_ = false;
};

// Echoes 32-byte pings until the opener FINs, then FINs.
class PingServer : public P2pStreamHandler {
 public:
  void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) override;
  void onRemoteClose(P2pConnection& c, std::uint32_t id) override;

 private:
  std::vector<std::uint8_t> buf_;
};

// Sends one 32-byte ping, checks the echo, FINs; the detail is the round trip in microseconds.
class PingClient : public P2pStreamHandler {
 public:
  explicit PingClient(Done done) : done_(std::move(done)) {}
  void onOpen(P2pConnection& c, std::uint32_t id) override;
  void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) override;
  void onReset(P2pConnection& c, std::uint32_t id) override;

 private:
  std::vector<std::uint8_t> sent_;
  std::vector<std::uint8_t> got_;
  QElapsedTimer timer_;
  Done done_;
  bool finished_ = false;
};

// Echoes everything until the opener FINs, then FINs.
class EchoServer : public P2pStreamHandler {
 public:
  void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) override;
  void onRemoteClose(P2pConnection& c, std::uint32_t id) override;
};

// Sends `payload`, FINs, reads to the peer's FIN and compares.
class EchoClient : public P2pStreamHandler {
 public:
  EchoClient(std::vector<std::uint8_t> payload, Done done) : payload_(std::move(payload)), done_(std::move(done)) {}
  void onOpen(P2pConnection& c, std::uint32_t id) override;
  void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) override;
  void onRemoteClose(P2pConnection& c, std::uint32_t id) override;
  void onReset(P2pConnection& c, std::uint32_t id) override;

 private:
  std::vector<std::uint8_t> payload_;
  std::vector<std::uint8_t> got_;
  Done done_;
  bool finished_ = false;
};
