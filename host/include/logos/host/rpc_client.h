#pragma once
// Blocking client side of the daemon RPC (docs/protocol.md §1), used by the logoscore CLI and
// the benchmarks. One connection, newline-delimited JSON, requests tagged with an id, over the
// daemon's Unix socket, plain TCP or TLS (logos-core.md §15).

#include <QLocalSocket>
#include <QTcpSocket>

#include <functional>
#include <memory>
#include <string>

#include "lezpay/util/result.h"
#include "logos/host/client_transport.h"
#include "logos/json.h"

namespace logos::host {

class RpcClient {
 public:
  // Connects to the daemon socket. Error code NO_DAEMON when nothing answers there.
  lezpay::util::Status connect(const std::string& socketPath, int timeoutMs = 3000);

  // Connects to `endpoint`: the local socket at `socketPath`, or TCP / TLS at its host and port.
  // TLS with verify_peer checks the chain against endpoint.ca (the system store when empty) and
  // the dialed host or IP against the certificate's names. Error NO_DAEMON, saying why, for every
  // way of not reaching a daemon there: refused, timeout, no host or port, TLS failure, codec cbor.
  // Never tries another endpoint.
  lezpay::util::Status dial(const ClientEndpoint& endpoint, const std::string& socketPath, int timeoutMs = 3000);

  // Sends one request and waits for its answer (the envelope, "id" removed). Error code
  // RPC_FAILED on transport failure or timeout (timeoutMs <= 0 waits forever).
  lezpay::util::Result<Json> request(const std::string& token, const std::string& method, const Json& params, int timeoutMs);

  // Reads the next line as JSON (for watch streams). Error RPC_FAILED when the daemon closes.
  lezpay::util::Result<Json> readLine(int timeoutMs);

  // Closes the connection (a later connect or dial opens a new one).
  void close();

 private:
  bool connected() const;

  std::unique_ptr<QLocalSocket> local_;
  std::unique_ptr<QTcpSocket> tcp_;  // a QSslSocket for tcp_ssl
  QIODevice* io_ = nullptr;
  std::int64_t nextId_ = 1;
};

}  // namespace logos::host
