#pragma once
// Lightpush v3 client: pushes one message to a peer and decodes its response
// (waku-store.md §7). Errors: those of the node's transport (transport/outbound_exchange.h,
// transport/p2p_pool.h) and MALFORMED_RESPONSE.

#include <functional>

#include "delivery/multiaddr.h"
#include "lezpay/util/result.h"
#include "transport/exchanger.h"
#include "waku/lightpush_common.h"

namespace delivery {

using LightpushDone = std::function<void(lezpay::util::Result<waku::LightPushResponse>)>;

void sendLightpush(const transport::Exchanger& exchange, const PeerAddress& peer, const waku::LightPushRequest& request,
                   int timeoutMs, LightpushDone done);

}  // namespace delivery
