#pragma once
// The stream handler every P2pConnection puts on inbound `/ipfs/id/push/1.0.0` streams (spec
// libp2p.md §6): reads one LP(Identify) of at most kMaxIdentifyBytes, decodes it and hands it to
// P2pConnection::acceptIdentifyPush(), which applies it to what the connection knows of the peer
// and closes the stream. Oversized or malformed input, or a FIN before a whole message, is handed
// over as the error (the connection resets the stream; the connection itself stays up).

#include <cstdint>
#include <vector>

#include "lezpay/libp2p/identify_codec.h"
#include "lezpay/p2pnet/p2p_connection.h"
#include "lezpay/proto/frame.h"

namespace lezpay::p2pnet {

class IdentifyPushReceiver : public P2pStreamHandler {
 public:
  IdentifyPushReceiver() : reader_(lezpay::libp2p::kMaxIdentifyBytes) {}
  void onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) override;
  void onRemoteClose(P2pConnection& c, std::uint32_t id) override;

 private:
  void finish(P2pConnection& c, std::uint32_t id, lezpay::util::Result<lezpay::libp2p::Identify> pushed);
  lezpay::proto::FrameReader reader_;
  bool done_ = false;
};

}  // namespace lezpay::p2pnet
