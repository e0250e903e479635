#include "stdio_server.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace lezpay::mcpserver {

StdioServer::StdioServer(ToolRunner& runner, mcp::Session session, QObject* parent)
    : QObject(parent), driver_(runner, std::move(session)) {}

void StdioServer::start() {
  ::fcntl(STDIN_FILENO, F_SETFL, ::fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
  notifier_ = std::make_unique<QSocketNotifier>(STDIN_FILENO, QSocketNotifier::Read);
  connect(notifier_.get(), &QSocketNotifier::activated, this, [this] { onReadable(); });
}

void StdioServer::onReadable() {
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      processBuffer();
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n < 0 && errno == EINTR) continue;
    // End of input (or a read error): the client is gone.
    notifier_->setEnabled(false);
    driver_.cancelAll();
    emit closed();
    return;
  }
}

void StdioServer::processBuffer() {
  std::size_t start = 0;
  for (;;) {
    const std::size_t nl = buffer_.find('\n', start);
    if (nl == std::string::npos) break;
    if (discarding_) {
      discarding_ = false;
    } else {
      std::string_view line(buffer_.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!line.empty()) {
        mcp::Step step = driver_.feed(line, [this](const mcp::ToolCall&) {
          return CallSink{[this](const std::string& text) { writeLine(text); }, nullptr};
        });
        for (const auto& r : step.replies) writeLine(r);
      }
    }
    start = nl + 1;
  }
  buffer_.erase(0, start);
  if (!discarding_ && buffer_.size() > mcp::kMaxMessageBytes) {
    writeLine(mcp::encodeError(nullptr, mcp::makeRpcError(mcp::McpError::MessageTooLarge,
                                                          "a message line is longer than " + std::to_string(mcp::kMaxMessageBytes) +
                                                              " bytes; it was skipped")));
    discarding_ = true;
  }
  if (discarding_) buffer_.clear();
}

void StdioServer::writeLine(const std::string& text) {
  std::string line = text;
  line.push_back('\n');
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return;  // the client closed its end; stdin's EOF ends the process
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace lezpay::mcpserver
