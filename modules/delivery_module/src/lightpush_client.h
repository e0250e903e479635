#pragma once
// Lightpush v3 client: pushes one message to a peer and decodes its response
// (waku-store.md §7). Errors: those of transport/outbound_exchange.h and MALFORMED_RESPONSE.

#include <QObject>

#include <functional>

#include "delivery/multiaddr.h"
#include "lezpay/util/result.h"
#include "waku/lightpush_common.h"

namespace delivery {

using LightpushDone = std::function<void(lezpay::util::Result<waku::LightPushResponse>)>;

void sendLightpush(QObject* owner, const PeerAddress& peer, const waku::LightPushRequest& request, int timeoutMs, LightpushDone done);

}  // namespace delivery
