#pragma once
// What the node answers on negotiated libp2p streams (spec libp2p.md §6–§8, waku-store.md §1):
// identify, ping, Waku metadata, and the request/response protocols (Store, Lightpush) through
// their unchanged ProtocolHandler (protocol_handler.h). Each handler is one stream's state.

#include <memory>
#include <vector>

#include "delivery/inbound_budget.h"
#include "lezpay/libp2p/identify_codec.h"
#include "lezpay/p2pnet/p2p_connection.h"
#include "transport/frame_buffer.h"
#include "transport/protocol_handler.h"

namespace delivery::transport {

using lezpay::p2pnet::P2pConnection;
using lezpay::p2pnet::P2pStreamHandler;

inline constexpr const char* kIdentifyProtocol = "/ipfs/id/1.0.0";
inline constexpr const char* kPingProtocol = "/ipfs/ping/1.0.0";

// Writes LP(identify) and FINs; whatever the opener sends is ignored.
class IdentifyResponder : public P2pStreamHandler {
 public:
  explicit IdentifyResponder(lezpay::libp2p::Identify message) : message_(std::move(message)) {}
  void onOpen(P2pConnection& c, std::uint32_t id) override;
  void onData(P2pConnection&, std::uint32_t, const std::vector<std::uint8_t>&) override {}

 private:
  lezpay::libp2p::Identify message_;
};

// Echoes 32-byte pings until the opener FINs, then FINs.
class PingResponder : public P2pStreamHandler {
 public:
  void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) override;
  void onRemoteClose(P2pConnection& c, std::uint32_t id) override;

 private:
  std::vector<std::uint8_t> buf_;
};

// Reads one LP(request) (or to the peer's FIN), answers LP(our metadata), FINs. No read deadline:
// js-waku pre-opens metadata streams and may use them minutes later. A partial request is held
// within the node's inbound budget (inbound_budget.h); beyond it the stream is reset.
class MetadataResponder : public P2pStreamHandler {
 public:
  MetadataResponder(std::vector<std::uint8_t> answer, std::shared_ptr<delivery::InboundBudget> budget)
      : answer_(std::move(answer)), budget_(budget), lease_(std::move(budget)) {}
  void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) override;
  void onRemoteClose(P2pConnection& c, std::uint32_t id) override;

 private:
  void answer(P2pConnection& c, std::uint32_t id);
  FrameBuffer buffer_;
  std::vector<std::uint8_t> answer_;
  std::shared_ptr<delivery::InboundBudget> budget_;
  delivery::InboundBudget::Lease lease_;
  bool answered_ = false;
};

// Holds what `buffer` keeps of a partial request within `lease`. False when the node's budget
// refuses: the caller resets the stream (the refusal is counted and logged here).
bool holdPartial(P2pConnection& c, std::uint32_t id, const FrameBuffer& buffer, delivery::InboundBudget* budget,
                 delivery::InboundBudget::Lease& lease);

// One framed request → the protocol's handler → one framed response, then FIN. A stream that is
// opened and left idle stays open (js-waku pre-opens one per protocol); a peer that FINs before a
// whole request gets a reset. An answer whose stream or connection is gone by the time it is ready
// goes to the protocol's onUndelivered. The partial request a stream holds counts against the
// node's inbound budget (inbound_budget.h): a stream whose bytes would exceed it is reset.
class RequestResponder : public P2pStreamHandler {
 public:
  RequestResponder(const ProtocolHandler* handler, std::shared_ptr<delivery::InboundBudget> budget)
      : handler_(handler), budget_(budget), lease_(std::move(budget)) {}
  ~RequestResponder() override;
  void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) override;
  void onRemoteClose(P2pConnection& c, std::uint32_t id) override;
  void onReset(P2pConnection& c, std::uint32_t id) override;

 private:
  struct Pending {
    bool gone = false;
  };
  void dispatch(P2pConnection& c, std::uint32_t id, Bytes request);
  const ProtocolHandler* handler_;
  FrameBuffer buffer_;
  std::shared_ptr<delivery::InboundBudget> budget_;
  delivery::InboundBudget::Lease lease_;
  bool requested_ = false;
  std::shared_ptr<Pending> pending_;
};

}  // namespace delivery::transport
