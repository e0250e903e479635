#pragma once
// Asynchronous client of the user's logoscore daemon (docs/protocol.md §1) for lezpay-mcp: one
// connection per call on the daemon's Unix socket, the request line carrying the agent token.
// Closing a connection before its answer cancels the call in the module, which is how a cancelled
// MCP request stops a daemon call. Callbacks run on the caller's (Qt main) thread, exactly once,
// unless the call was cancelled first.
//
// Answers: Ok(result) is the envelope's `result`; an error envelope becomes Error{code, message}
// with the module's own code for METHOD_FAILED (error.code), else the daemon's code
// (UNAUTHORIZED, FORBIDDEN, METHOD_NOT_FOUND, INVALID_ARGS, TIMEOUT, ...). NO_DAEMON when the
// socket does not answer, RPC_FAILED for a broken or oversized answer line.

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "lezpay/util/result.h"

class QLocalSocket;
class QTimer;

namespace lezpay::mcpserver {

using Json = nlohmann::json;
using Done = std::function<void(util::Result<Json>)>;

class DaemonCall;

// A handle on one call in flight; cancel() closes its connection and drops its callback.
class CallHandle {
 public:
  explicit CallHandle(QObject* call) : call_(call) {}
  // Idempotent; nothing happens once the call has finished.
  void cancel();

 private:
  QPointer<QObject> call_;  // a DaemonCall; null once it finished and deleted itself
};

class DaemonClient {
 public:
  DaemonClient(std::string socketPath, std::string token);

  // `call` RPC of module.op with one params object (bound as the whole params object).
  std::shared_ptr<CallHandle> call(const std::string& module, const std::string& op, const Json& params, int timeoutMs, Done done);
  // Any daemon RPC (status, module_info, ...).
  std::shared_ptr<CallHandle> rpc(const std::string& method, const Json& params, int timeoutMs, Done done);

  const std::string& socketPath() const { return socketPath_; }

 private:
  std::string socketPath_;
  std::string token_;
};

}  // namespace lezpay::mcpserver
