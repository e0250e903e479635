#pragma once
// Binding a node listener (plain or libp2p) to the configured host and port, with one error
// vocabulary: LISTEN_FAILED and a sentence naming the address.
#include <QTcpServer>

#include <cstdint>
#include <string>

#include "lezpay/util/result.h"

namespace delivery::transport {

// `host` is an IP address or "localhost"; anything else is refused rather than resolved.
lezpay::util::Status listenOn(QTcpServer& server, const std::string& host, std::uint16_t port);

}  // namespace delivery::transport
