#pragma once
// Blocking client side of the daemon RPC (docs/protocol.md §1), used by the logoscore CLI and
// the benchmarks. One connection, newline-delimited JSON, requests tagged with an id.

#include <QLocalSocket>

#include <functional>
#include <string>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace logos::host {

class RpcClient {
 public:
  // Connects to the daemon socket. Error code NO_DAEMON when nothing answers there.
  lezpay::util::Status connect(const std::string& socketPath, int timeoutMs = 3000);

  // Sends one request and waits for its answer (the envelope, "id" removed). Error code
  // RPC_FAILED on transport failure or timeout (timeoutMs <= 0 waits forever).
  lezpay::util::Result<Json> request(const std::string& token, const std::string& method, const Json& params, int timeoutMs);

  // Reads the next line as JSON (for watch streams). Error RPC_FAILED when the daemon closes.
  lezpay::util::Result<Json> readLine(int timeoutMs);

 private:
  QLocalSocket socket_;
  std::int64_t nextId_ = 1;
};

}  // namespace logos::host
