#pragma once
// MCP over stdio (mcp.md §4): one JSON-RPC message per line on stdin, answers one per line on
// stdout (nothing else is ever written there; logs go to stderr). A line above kMaxMessageBytes is
// answered MCP_MESSAGE_TOO_LARGE (-32600, no id) and skipped up to its newline without being kept
// in memory. End of input stops every running call and emits `closed`.

#include <QObject>
#include <QSocketNotifier>

#include <memory>
#include <string>

#include "session_driver.h"

namespace lezpay::mcpserver {

class StdioServer : public QObject {
  Q_OBJECT
 public:
  StdioServer(ToolRunner& runner, mcp::Session session, QObject* parent = nullptr);
  void start();

 signals:
  void closed();

 private:
  void onReadable();
  void processBuffer();
  void writeLine(const std::string& text);

  SessionDriver driver_;
  std::unique_ptr<QSocketNotifier> notifier_;
  std::string buffer_;
  bool discarding_ = false;
};

}  // namespace lezpay::mcpserver
