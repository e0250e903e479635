#include "transport/listen_on.h"

#include <QHostAddress>

namespace delivery::transport {

lezpay::util::Status listenOn(QTcpServer& server, const std::string& host, std::uint16_t port) {
  QHostAddress address;
  if (host == "localhost") {
    address = QHostAddress::LocalHost;
  } else if (!address.setAddress(QString::fromStdString(host))) {
    return lezpay::util::Error{"LISTEN_FAILED", "listen host '" + host + "' is not an IP address"};
  }
  if (!server.listen(address, port)) {
    return lezpay::util::Error{"LISTEN_FAILED", "cannot listen on " + host + ":" + std::to_string(port) + ": " +
                                                    server.errorString().toStdString()};
  }
  return lezpay::util::okStatus();
}

}  // namespace delivery::transport
