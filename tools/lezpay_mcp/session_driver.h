#pragma once
// Binds one MCP session (libs/mcp session.h) to the tool runner: feeds inbound texts, starts the
// calls a text asks for, routes their progress notifications and responses to the sink the
// transport gave for that call, and stops calls the client cancels. Used by both transports: stdio
// gives one sink (stdout) for everything, Streamable HTTP one per POST.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "lezpay/mcp/session.h"
#include "tool_runner.h"

namespace lezpay::mcpserver {

struct CallSink {
  std::function<void(const std::string&)> message;  // a progress notification or the response
  std::function<void()> closed;                     // after the response, or when the call was cancelled
};

class SessionDriver {
 public:
  SessionDriver(ToolRunner& runner, mcp::Session session) : runner_(runner), session_(std::move(session)) {}
  ~SessionDriver() { cancelAll(); }
  SessionDriver(const SessionDriver&) = delete;
  SessionDriver& operator=(const SessionDriver&) = delete;

  // Handles one inbound text. The returned step's replies are to be sent now by the caller; the
  // calls it started report through sinkFor(call).
  mcp::Step feed(std::string_view text, const std::function<CallSink(const mcp::ToolCall&)>& sinkFor);
  // Stops every running call without answering (transport closed, session deleted).
  void cancelAll();

  mcp::Session& session() { return session_; }
  std::size_t running() const { return sinks_.size(); }

 private:
  ToolRunner& runner_;
  mcp::Session session_;
  std::map<std::string, std::shared_ptr<RunningTool>> running_;
  std::map<std::string, CallSink> sinks_;
};

}  // namespace lezpay::mcpserver
