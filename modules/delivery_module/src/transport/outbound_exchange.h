#pragma once
// Dialer side of one exchange (waku-store.md §1): connect over TCP, multistream-select the
// protocol id, write one framed request, read one framed response (at most maxResponseBytes),
// close. Asynchronous: `done` runs exactly once on the calling thread's event loop.
//
// Error codes: DIAL_FAILED (connect or DNS failure), PROTOCOL_NOT_SUPPORTED (the peer answered
// "na"), TIMEOUT (no complete answer within timeoutMs), MALFORMED_RESPONSE (bad multistream
// message or frame, oversized response), CONNECTION_CLOSED (the peer closed before answering).

#include <QObject>

#include <cstdint>
#include <functional>
#include <string>

#include "lezpay/util/result.h"
#include "transport/protocol_handler.h"

namespace delivery::transport {

struct ExchangeTarget {
  std::string host;
  std::uint16_t port = 0;
};

using ExchangeDone = std::function<void(lezpay::util::Result<Bytes> response)>;

// Starts the exchange; the objects it creates are children of `owner` (destroying the owner
// cancels the exchange without calling `done`).
void startExchange(QObject* owner, const ExchangeTarget& target, const std::string& protocolId, Bytes request,
                   std::size_t maxResponseBytes, int timeoutMs, ExchangeDone done);

}  // namespace delivery::transport
