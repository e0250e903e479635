#include "store_client.h"

#include "waku/store_codec.h"

namespace delivery {

void sendStoreQuery(const transport::Exchanger& exchange, const PeerAddress& peer, const waku::StoreQueryRequest& request,
                    int timeoutMs, StoreDone done) {
  exchange(peer, std::string(waku::kStoreQueryProtocolId), waku::encodeStoreQueryRequest(request),
           waku::kMaxStoreResponseBytes, timeoutMs,
           [done, id = request.request_id](lezpay::util::Result<transport::Bytes> bytes) {
             if (!bytes.ok()) return done(bytes.error());
             auto r = waku::decodeStoreQueryResponse(bytes.value());
             if (!r.ok()) return done(lezpay::util::Error{"MALFORMED_RESPONSE", "store response: " + r.error().message});
             // A server answers an undecodable request with an empty id; anything else must be ours.
             if (!r->request_id.empty() && r->request_id != id) {
               return done(lezpay::util::Error{"MALFORMED_RESPONSE", "store response for request '" + r->request_id +
                                                                         "' while '" + id + "' was asked"});
             }
             done(std::move(r).value());
           });
}

}  // namespace delivery
