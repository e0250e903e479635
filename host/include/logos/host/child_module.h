#pragma once
// The daemon's stand-in for a module that runs in a child process (logos-module-host): it
// implements LogosModule, so the loader, the call router and the event bus treat it as they treat
// a plugin instance, and every client rule (access policy, scoped tokens, the caller stamp, call
// cycles) stays in the daemon. It lives on the module's runtime thread; its socket and process do
// too, so replies reach the router on the same thread as a plugin's would.
//
// What crosses the channel is interfaces/CONTRACT.md "Modules in their own processes". The
// child's requests (callAsync, callSync, subscribe, emitEvent, authorizeClientToken) are run on
// the ModuleContext the host gave this stand-in, i.e. under the module's own name.
//
// Crash: when the child exits without being asked, every call in flight answers MODULE_CRASHED at
// once, the exit is logged, the module publishes `moduleCrashed` (then `moduleRestarted`), and the
// child is started again after a backoff (RestartPolicy::Restart: 250 ms doubling to 30 s, reset
// after a minute up) or stays down; meanwhile calls answer MODULE_CRASHED at once.

#include <QObject>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "logos/host/child_frame_codec.h"
#include "logos/logos_module.h"

class QLocalSocket;
class QProcess;

namespace logos::host {

class DirectChannels;

enum class RestartPolicy { Restart, StayDown };
const char* toString(RestartPolicy p);

struct ChildProcessOptions {
  std::string hostBinary;  // logos-module-host
  std::string tmpBase;     // each child's private TMPDIR is made (0700) under it and removed on exit
  std::map<std::string, RestartPolicy> restart;  // per module; absent = Restart
  int startTimeoutMs = 30000;
  int stopTimeoutMs = 10000;
  // Set: module-to-module calls between children get direct channels (direct_channels.h).
  std::shared_ptr<DirectChannels> channels;
};

struct ChildSpec {
  std::string name;
  std::string version;
  std::string libraryPath;
  std::vector<std::string> dependencies;  // metadata: which peers the access policy may allow
  std::map<std::string, std::vector<std::string>> dependencyOperations;  // metadata: scoped dependencies
  std::vector<std::string> capabilities;  // metadata: eligibility-hook capabilities open a hook-only channel
  bool notDumpable = false;  // the wallet: no ptrace, no core, /proc/<pid>/mem closed
  RestartPolicy restart = RestartPolicy::Restart;
  ChildProcessOptions options;
  // Runs on the module's thread after a restarted child is initialised (the host replays the
  // module's settings steps).
  std::function<void(const std::string& name)> restarted;
};

// The Qt logging rules (log_levels.h qtLoggingRules) every module process applies: handed over at
// start and sent to the running ones whenever the daemon's levels change. Thread-safe.
void setChildLogRules(const std::string& rules);

class ChildModule final : public QObject, public LogosModule {
  Q_OBJECT
 public:
  explicit ChildModule(ChildSpec spec);
  ~ChildModule() override;

  std::string name() const override { return spec_.name; }
  std::string version() const override { return spec_.version; }
  Json initLogos(ModuleContext* context) override;
  void shutdown() override;
  Json chainAction(const std::string& operation, const Json& params) override;
  void beginAction(std::uint64_t callId, const std::string& operation, const Json& params, ReplySink reply) override;
  void cancelAction(std::uint64_t callId) override;
  std::vector<OperationSpec> operations() const override { return operations_; }
  std::vector<EventSpec> events() const override { return events_; }
  std::vector<ErrorSpec> errors() const override { return errors_; }

  // {"mode":"process","pid","state":"running"|"restarting"|"down"|"stopped","restarts","last_exit",
  //  "calls":{"direct","routed"}}: module-to-module calls this module made on a direct channel and
  //  through the daemon, over the module's whole life (restarts included).
  // Thread-safe.
  Json status() const;
  long pid() const;
  // Sends the daemon's current logging rules to the running child (its own thread only).
  void sendLogRules(const std::string& rules);

 private:
  enum class State { Starting, Running, Restarting, Down, Stopped };

  // Starts a child and initialises it, handling its requests meanwhile; an error envelope on failure.
  Json startChild(bool restart);
  void send(const Json& message);
  void onReadable();
  // Handles every whole frame read so far.
  void drain();
  void onExited(std::uint64_t generation, int exitCode, bool crashed);
  void handle(Json frame);
  // Reads frames until one of type `type` arrives (others are handled) or `ms` pass.
  std::optional<Json> waitFor(const std::string& type, int ms);
  void dropChild();
  void crashed(const std::string& how, const Json& lastExit);
  void setState(State s);
  std::string downMessage() const;

  ChildSpec spec_;
  ModuleContext* context_ = nullptr;
  QProcess* process_ = nullptr;
  QLocalSocket* socket_ = nullptr;
  ChildFrameReader reader_;
  std::string tmpDir_;
  std::uint64_t generation_ = 0;
  bool stopping_ = false;
  bool waiting_ = false;  // inside waitFor
  int consecutiveCrashes_ = 0;
  std::chrono::steady_clock::time_point startedAt_;
  std::map<std::uint64_t, ReplySink> pending_;
  std::set<std::pair<std::string, std::string>> subscribed_;
  std::vector<OperationSpec> operations_;
  std::vector<EventSpec> events_;
  std::vector<ErrorSpec> errors_;

  mutable std::mutex statusMutex_;  // guards the fields below, read by list-modules and stats
  State state_ = State::Starting;
  long pid_ = 0;
  int restarts_ = 0;
  Json lastExit_;
  std::string downReason_;
  std::uint64_t directCalls_ = 0;
  std::uint64_t routedCalls_ = 0;
  int handoffFd_ = -1;  // the daemon's end of the hand-off socket
};

}  // namespace logos::host
