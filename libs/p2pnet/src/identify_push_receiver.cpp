#include "lezpay/p2pnet/identify_push_receiver.h"

namespace lezpay::p2pnet {

void IdentifyPushReceiver::onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) {
  if (done_) return;
  reader_.append(data);
  auto out = reader_.poll();
  if (out.state == lezpay::proto::FrameReader::State::NEED_MORE) return;
  if (out.state == lezpay::proto::FrameReader::State::ERROR) return finish(c, id, out.error);
  finish(c, id, lezpay::libp2p::decodeIdentify(out.frame));
}

void IdentifyPushReceiver::onRemoteClose(P2pConnection& c, std::uint32_t id) {
  if (done_) return;
  finish(c, id, lezpay::util::Error{"TRUNCATED", "the peer closed its identify push stream before a whole message"});
}

void IdentifyPushReceiver::finish(P2pConnection& c, std::uint32_t id, lezpay::util::Result<lezpay::libp2p::Identify> pushed) {
  done_ = true;
  c.acceptIdentifyPush(id, std::move(pushed));
}

}  // namespace lezpay::p2pnet
