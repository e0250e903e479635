#include "lightpush_client.h"

#include "waku/lightpush_codec.h"

namespace delivery {

void sendLightpush(const transport::Exchanger& exchange, const PeerAddress& peer, const waku::LightPushRequest& request,
                   int timeoutMs, LightpushDone done) {
  exchange(peer, std::string(waku::kLightPushProtocolId), waku::encodeLightPushRequest(request),
           waku::kMaxLightPushResponseBytes, timeoutMs, [done](lezpay::util::Result<transport::Bytes> bytes) {
             if (!bytes.ok()) return done(bytes.error());
             auto r = waku::decodeLightPushResponse(bytes.value());
             if (!r.ok()) return done(lezpay::util::Error{"MALFORMED_RESPONSE", "lightpush response: " + r.error().message});
             done(std::move(r).value());
           });
}

}  // namespace delivery
