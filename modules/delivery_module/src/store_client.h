#pragma once
// Store v3 client: one request to a peer, one decoded response (waku-store.md §1, §2). The
// response must echo our request_id (MALFORMED_RESPONSE otherwise).
// Errors: those of the node's transport (transport/outbound_exchange.h, transport/p2p_pool.h),
// and MALFORMED_RESPONSE for undecodable bytes.

#include <functional>

#include "delivery/multiaddr.h"
#include "lezpay/util/result.h"
#include "transport/exchanger.h"
#include "waku/store_common.h"

namespace delivery {

using StoreDone = std::function<void(lezpay::util::Result<waku::StoreQueryResponse>)>;

void sendStoreQuery(const transport::Exchanger& exchange, const PeerAddress& peer, const waku::StoreQueryRequest& request,
                    int timeoutMs, StoreDone done);

}  // namespace delivery
