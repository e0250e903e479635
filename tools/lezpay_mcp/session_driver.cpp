#include "session_driver.h"

namespace lezpay::mcpserver {

mcp::Step SessionDriver::feed(std::string_view text, const std::function<CallSink(const mcp::ToolCall&)>& sinkFor) {
  mcp::Step step = session_.handleText(text);
  for (const auto& id : step.cancelled) {
    const std::string key = mcp::dumpCompact(id);
    if (auto r = running_.find(key); r != running_.end()) {
      auto handle = r->second;
      running_.erase(r);
      handle->cancel();
    }
    if (auto s = sinks_.find(key); s != sinks_.end()) {
      CallSink sink = s->second;
      sinks_.erase(s);
      if (sink.closed) sink.closed();
    }
  }
  for (const auto& call : step.calls) {
    const std::string key = mcp::dumpCompact(call.id);
    sinks_[key] = sinkFor(call);
    const mcp::Json id = call.id;
    auto progress = [this, id, key](double p, std::optional<double> total, std::string message) {
      auto s = sinks_.find(key);
      if (s == sinks_.end()) return;
      if (auto text = session_.progress(id, p, total, std::move(message)); text && s->second.message) s->second.message(*text);
    };
    auto finish = [this, id, key](mcp::ToolResult result) {
      auto text = session_.complete(id, result);
      running_.erase(key);
      auto s = sinks_.find(key);
      if (s == sinks_.end()) return;
      CallSink sink = s->second;
      sinks_.erase(s);
      if (text && sink.message) sink.message(*text);
      if (sink.closed) sink.closed();
    };
    auto handle = runner_.start(call, progress, finish);
    // A tool that answered at once has already left sinks_.
    if (sinks_.count(key) != 0) running_[key] = handle;
  }
  return step;
}

void SessionDriver::cancelAll() {
  auto running = std::move(running_);
  running_.clear();
  for (auto& [key, handle] : running) handle->cancel();
  auto sinks = std::move(sinks_);
  sinks_.clear();
  for (auto& [key, sink] : sinks) {
    if (sink.closed) sink.closed();
  }
}

}  // namespace lezpay::mcpserver
