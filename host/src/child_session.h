#pragma once
// The module side of logos-module-host: loads one plugin, answers the daemon's frames over the
// inherited channel and gives the module a ModuleContext that forwards to the daemon. Everything
// runs on the process's main thread, as on a module thread in the daemon: frames are handled one at
// a time, each to completion. Only callSync, subscribe and authorizeClientToken wait (blocking
// reads on the channel); frames that arrive meanwhile are kept, in order, for the event loop.

#include <QLocalSocket>
#include <QObject>
#include <QPluginLoader>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "logos/host/child_frame_codec.h"
#include "logos/logos_module.h"

namespace logos::host {

class ChildSession final : public QObject {
  Q_OBJECT
 public:
  ChildSession(int channelFd, std::string libraryPath, std::string name);
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

  void send(const Json& message);
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
  std::unique_ptr<ModuleContext> context_;
  std::uint64_t nextId_ = 1;
  std::map<std::uint64_t, CallCallback> calls_;
  std::vector<Subscription> subscriptions_;
  bool finished_ = false;
};

}  // namespace logos::host
