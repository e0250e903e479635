#pragma once
// Runs lezpay-mcp's tools (agent_tools.h) against the user's daemon. Each call becomes a Job that
// completes exactly once through its Finish callback, unless cancel() came first: then its daemon
// calls are closed (the daemon cancels them in the module), its waiting stops, nothing is
// answered, and any spend request stays as it is (mcp.md §6; docs/protocol.md "lezpay-mcp").
//
// fetch_paid and call_paid_tool never pay without an owner-approved spend request: the request is
// opened without asking (status created), its amount checked against max_amount, then the owner's
// approval is requested; waiting polls getSpendRequest every approvalPollMs with progress
// notifications until a decision or wait_seconds pass.

#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "daemon_client.h"
#include "lezpay/mcp/session.h"
#include "server_config.h"

namespace lezpay::mcpserver {

using Progress = std::function<void(double progress, std::optional<double> total, std::string message)>;
using Finish = std::function<void(mcp::ToolResult)>;

class Job;

class RunningTool {
 public:
  explicit RunningTool(QObject* job) : job_(job) {}
  // Stops the job without an answer; idempotent.
  void cancel();

 private:
  QPointer<QObject> job_;
};

class ToolRunner {
 public:
  ToolRunner(DaemonClient& daemon, const ServerConfig& config) : daemon_(daemon), config_(config) {}
  std::shared_ptr<RunningTool> start(const mcp::ToolCall& call, Progress progress, Finish finish);

 private:
  DaemonClient& daemon_;
  const ServerConfig& config_;
};

}  // namespace lezpay::mcpserver
