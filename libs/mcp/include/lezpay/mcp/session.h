#pragma once
// One MCP session on the server side (mcp.md §3, §6, §7): the lifecycle state machine, version
// negotiation, ping, tools/list, the checks of tools/call, cancellation and progress. Pure: the
// transport (stdio lines, HTTP bodies) feeds decoded messages in and sends the texts it gets back;
// the tools themselves run outside, started by a Step and finished with complete().
//
// Lifecycle: AwaitingInitialize → (initialize answered) AwaitingInitialized → (notifications/
// initialized) Ready. Before initialize only `initialize` and `ping` are answered; other requests
// get -32600 MCP_NOT_INITIALIZED and notifications are ignored. A second initialize is -32600
// MCP_ALREADY_INITIALIZED. Calls between the initialize answer and `initialized` are served (our
// choice, mcp.md §3).
//
// Negotiation: a requested version we speak is echoed, any other is answered with
// kPreferredVersion (no error; the client decides). Batches are accepted only when the session
// negotiated kBatchVersion; the immediate answers of a batch go out as one JSON array, the answers
// of tool calls it started go out later one by one.
//
// Calls: a tools/call whose name is not listed, or whose params are malformed, is a -32602 error;
// arguments outside the tool's inputSchema are an isError result (INVALID_ARGUMENTS) and the tool
// does not run. Otherwise the Step carries a ToolCall and the call stays open until complete() or a
// notifications/cancelled for its id; a cancelled call is never answered (complete() then returns
// nullopt). At most kMaxOpenCalls are open at once; a request id that is still open is refused.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lezpay/mcp/message_codec.h"
#include "lezpay/mcp/tool.h"

namespace lezpay::mcp {

struct ServerInfo {
  std::string name;
  std::string version;
  std::string title;         // "" = absent
  std::string instructions;  // "" = absent
};

struct ToolCall {
  Json id;             // the request id (string or integer)
  std::string name;
  Json arguments;      // an object ({} when absent)
  Json meta;           // params._meta: an object ({} when absent), e.g. with kMetaX402Payment
  Json progressToken;  // params._meta.progressToken (string or integer), null when absent
};

struct Step {
  std::vector<std::string> replies;  // texts to send now, in order (one per line on stdio)
  std::vector<ToolCall> calls;       // tools to run; answer each with Session::complete
  std::vector<Json> cancelled;       // ids of open calls the client cancelled: stop them, answer nothing
  bool initializeAnswered = false;   // an initialize request was answered with a result
};

enum class SessionState { AwaitingInitialize, AwaitingInitialized, Ready };

class Session {
 public:
  Session(ServerInfo info, std::vector<ToolDescriptor> tools);

  // Decodes one inbound text (a stdio line or an HTTP body) and handles it.
  Step handleText(std::string_view text);
  // Handles one decoded message.
  Step handle(const Message& message);
  // The answer to a message that could not be decoded (nothing for an unanswerable one).
  static Step refuse(const DecodeFailure& failure);

  SessionState state() const { return state_; }
  // The negotiated version; "" before initialize.
  const std::string& protocolVersion() const { return version_; }
  const std::vector<ToolDescriptor>& tools() const { return tools_; }

  bool isOpen(const Json& id) const;
  std::size_t openCalls() const { return open_.size(); }

  // Closes an open call with its result and answers the response text; nullopt when the call is
  // not open (cancelled, already answered, never started).
  std::optional<std::string> complete(const Json& id, const ToolResult& result);
  std::optional<std::string> completeError(const Json& id, const RpcError& error);
  // A notifications/progress text for an open call that carried a progressToken; nullopt
  // otherwise. `progress` is raised above the previous value sent for that call when needed, so
  // it always increases (mcp.md §6).
  std::optional<std::string> progress(const Json& id, double progress, std::optional<double> total = std::nullopt,
                                      std::string message = {});

 private:
  struct OpenCall {
    Json progressToken;
    double lastProgress = 0;
    bool progressSent = false;
  };

  Step handleRequest(const Message& m);
  void handleNotification(const Message& m, Step& step);
  std::string answerInitialize(const Message& m, Step& step);
  std::string answerToolsList(const Message& m);
  void startToolCall(const Message& m, Step& step);
  static std::string key(const Json& id);

  ServerInfo info_;
  std::vector<ToolDescriptor> tools_;
  SessionState state_ = SessionState::AwaitingInitialize;
  std::string version_;
  std::map<std::string, OpenCall> open_;
};

}  // namespace lezpay::mcp
