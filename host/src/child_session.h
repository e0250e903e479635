#pragma once
// The module side of logos-module-host: loads one plugin, answers the daemon's frames over the
// inherited channel and gives the module a ModuleContext that forwards to the daemon. Everything
// runs on the process's main thread, as on a module thread in the daemon: frames are handled one at
// a time, each to completion. Only callSync, subscribe and authorizeClientToken wait (blocking
// reads on the channel); frames that arrive meanwhile are kept, in order, for the event loop.
//
// Direct channels (logos/host/direct_channels.h) arrive on the hand-off socket. callAsync to a
// module with an "out" channel goes straight to it (deadline and cancel kept here); calls arriving
// on an "in" channel run under the peer's name as the caller stamp. A channel that closes answers
// its calls in flight MODULE_CRASHED at once; later calls go through the daemon until the daemon
// hands a fresh channel.

#include <QLocalSocket>
#include <QObject>
#include <QPluginLoader>
#include <QSocketNotifier>
#include <QTimer>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "child_peer_channel.h"
#include "logos/host/child_frame_codec.h"
#include "logos/logos_module.h"

namespace logos::host {

class ChildSession final : public QObject {
  Q_OBJECT
 public:
  // `handoffFd` < 0: no direct channels (every call goes through the daemon).
  ChildSession(int channelFd, int handoffFd, std::string libraryPath, std::string name);
  ~ChildSession() override;

  // Loads the plugin and says hello (or why it cannot load). False: nothing more to do.
  bool start();

  // ---- what the module's context calls ----
  Json callSync(const std::string& module, const std::string& operation, const Json& params, int timeoutMs);
  void callAsync(const std::string& module, const std::string& operation, const Json& params, int timeoutMs, CallCallback done);
  bool subscribe(const std::string& module, const std::string& event, EventCallback cb);
  void emitEvent(const std::string& event, const Json& args);
  Json authorizeClientToken(const std::string& token, const std::string& module, const std::string& operation);

 private:
  struct Subscription {
    std::string module;
    std::string event;
    EventCallback callback;
  };

  struct OutCall {
    CallCallback done;
    QTimer* deadline = nullptr;
  };
  // One direct channel and what is in flight on it.
  struct Peer {
    std::string module;
    bool out = false;  // this module calls `module` on it (else `module` calls this one)
    int defaultTimeoutMs = 30000;
    // A scoped channel (hook-only or dependency_operations; direct_channels.h): the operations it
    // carries; empty = every operation.
    std::set<std::string> operations;
    ChildPeerChannel* channel = nullptr;
    std::map<std::uint64_t, OutCall> calls;             // out: our id -> caller's callback
    std::map<std::uint64_t, std::uint64_t> served;      // in: peer's id -> our operation id
  };

  void send(const Json& message);
  void onHandoff();
  void addPeer(std::shared_ptr<Peer> peer, int fd);
  void onPeerFrame(const std::shared_ptr<Peer>& peer, Json frame);
  void peerClosed(const std::shared_ptr<Peer>& peer, const std::string& why);
  bool callDirect(const std::string& module, const std::string& operation, const Json& params, int timeoutMs, CallCallback& done);
  void countDirect();
  void onReadable();
  // Moves every whole frame the channel holds into inbox_; false when the channel failed.
  bool readFrames();
  void process();
  void handle(Json frame);
  Json waitAnswer(std::uint64_t id);
  void finish(int code);

  QLocalSocket socket_;
  ChildFrameReader reader_;
  std::deque<Json> inbox_;
  bool processing_ = false;
  bool waiting_ = false;  // inside waitAnswer
  std::string libraryPath_;
  std::string name_;
  QPluginLoader loader_;
  LogosModule* module_ = nullptr;
  // The module's operations as initLogos left them: a direct-channel call reads them to stamp
  // the caller, and operations() answers a fresh copy of every spec (a fifth of a paid query's
  // CPU when it was read per call).
  std::vector<OperationSpec> operations_;
  std::unique_ptr<ModuleContext> context_;
  std::uint64_t nextId_ = 1;
  std::map<std::uint64_t, CallCallback> calls_;
  std::vector<Subscription> subscriptions_;
  bool finished_ = false;
  int handoffFd_ = -1;
  QSocketNotifier* handoffNotifier_ = nullptr;
  std::map<std::string, std::shared_ptr<Peer>> outPeers_;
  std::vector<std::shared_ptr<Peer>> inPeers_;
  std::uint64_t nextServedId_ = 1;
  std::uint64_t directUnreported_ = 0;
  bool countScheduled_ = false;
};

}  // namespace logos::host
