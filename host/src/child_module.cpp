#include "logos/host/child_module.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QLocalSocket>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "lezpay/fileio/atomic_file.h"
#include "logos/envelope.h"
#include "logos/host/child_sandbox.h"
#include "logos/host/direct_channels.h"
#include "logos/host/module_spec_json.h"

extern char** environ;

namespace logos::host {
namespace {

std::map<std::string, std::string> daemonEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return env;
}

std::string nowIso() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString(); }

constexpr int kFirstBackoffMs = 250;
constexpr int kMaxBackoffMs = 30000;
// A child that stayed up this long before crashing starts the backoff over.
constexpr auto kStableAfter = std::chrono::seconds(60);

}  // namespace

namespace {
std::mutex gLogMutex;
std::string gLogRules;
std::set<ChildModule*> gLiveChildren;
}  // namespace

void setChildLogRules(const std::string& rules) {
  std::lock_guard lock(gLogMutex);
  gLogRules = rules;
  for (ChildModule* child : gLiveChildren) {
    // Sent on the child's own thread, where its socket lives.
    QMetaObject::invokeMethod(child, [child, rules] { child->sendLogRules(rules); }, Qt::QueuedConnection);
  }
}

const char* toString(RestartPolicy p) { return p == RestartPolicy::Restart ? "restart" : "stay-down"; }

ChildModule::ChildModule(ChildSpec spec) : spec_(std::move(spec)) {
  std::lock_guard lock(gLogMutex);
  gLiveChildren.insert(this);
}

ChildModule::~ChildModule() {
  {
    std::lock_guard lock(gLogMutex);
    gLiveChildren.erase(this);
  }
  if (process_ != nullptr && process_->state() != QProcess::NotRunning) {
    process_->kill();
    process_->waitForFinished(2000);
  }
  if (!tmpDir_.empty()) QDir(QString::fromStdString(tmpDir_)).removeRecursively();
}

void ChildModule::sendLogRules(const std::string& rules) {
  if (socket_ != nullptr) send(Json{{"t", "log_rules"}, {"rules", rules}});
}

Json ChildModule::initLogos(ModuleContext* context) {
  context_ = context;
  Json r = startChild(false);
  if (!isOk(r)) dropChild();
  return r;
}

void ChildModule::setState(State s) {
  std::lock_guard lock(statusMutex_);
  state_ = s;
}

long ChildModule::pid() const {
  std::lock_guard lock(statusMutex_);
  return pid_;
}

Json ChildModule::status() const {
  std::lock_guard lock(statusMutex_);
  const char* state = "starting";
  switch (state_) {
    case State::Starting: state = "starting"; break;
    case State::Running: state = "running"; break;
    case State::Restarting: state = "restarting"; break;
    case State::Down: state = "down"; break;
    case State::Stopped: state = "stopped"; break;
  }
  return Json{{"mode", "process"},        {"pid", pid_},          {"state", state},
              {"restarts", restarts_},    {"last_exit", lastExit_}, {"restart_policy", toString(spec_.restart)},
              {"calls", Json{{"direct", directCalls_}, {"routed", routedCalls_}}}};
}

std::string ChildModule::downMessage() const {
  std::lock_guard lock(statusMutex_);
  if (state_ == State::Stopped) return "module '" + spec_.name + "' has stopped";
  return "module '" + spec_.name + "' is down: " + downReason_ +
         (state_ == State::Restarting ? "; it is being restarted, try again shortly" : "; it stays down (restart policy stay-down)");
}

Json ChildModule::startChild(bool restart) {
  const std::string who = "module '" + spec_.name + "' (" + spec_.libraryPath + "): ";
  ++generation_;
  reader_ = ChildFrameReader{};
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return errorEnvelope(ErrorCode::ModuleLoadFailed, who + "cannot make its process channel: " + std::strerror(errno));
  }
  int handoff[2] = {-1, -1};
  if (spec_.options.channels && ::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, handoff) != 0) {
    qWarning("module '%s': no hand-off socket (%s); its module-to-module calls go through the daemon", spec_.name.c_str(),
             std::strerror(errno));
    handoff[0] = handoff[1] = -1;
  }
  auto closeHandoff = [&handoff] {
    for (int& fd : handoff) {
      if (fd >= 0) ::close(fd);
      fd = -1;
    }
  };
  auto base = lezpay::fileio::makePrivateDirs(spec_.options.tmpBase);
  std::string tmpl = spec_.options.tmpBase + "/" + spec_.name + "-XXXXXX";
  if (!base.ok() || ::mkdtemp(tmpl.data()) == nullptr) {
    ::close(fds[0]);
    ::close(fds[1]);
    closeHandoff();
    return errorEnvelope(ErrorCode::ModuleLoadFailed, who + "cannot make its private temporary directory under " + spec_.options.tmpBase);
  }
  tmpDir_ = tmpl;
  process_ = new QProcess(this);
  process_->setProgram(QString::fromStdString(spec_.options.hostBinary));
  process_->setArguments({QString::fromStdString(spec_.libraryPath), QString::fromStdString(spec_.name)});
  QProcessEnvironment env;
  for (const auto& [k, v] : childEnvironment(daemonEnvironment(), tmpDir_, fds[1], spec_.notDumpable)) {
    env.insert(QString::fromStdString(k), QString::fromStdString(v));
  }
  if (handoff[1] >= 0) env.insert(QString::fromLatin1(kChildHandoffFdVariable), QString::number(handoff[1]));
  process_->setProcessEnvironment(env);
  process_->setProcessChannelMode(QProcess::ForwardedChannels);
  process_->setStandardInputFile(QProcess::nullDevice());
  const int childFd = fds[1];
  const int childHandoff = handoff[1];
  process_->setChildProcessModifier([childFd, childHandoff] {
    applyInForkedChild(childFd);
    if (childHandoff >= 0) ::fcntl(childHandoff, F_SETFD, 0);
  });
  const std::uint64_t gen = generation_;
  connect(process_, &QProcess::finished, this,
          [this, gen](int code, QProcess::ExitStatus st) { onExited(gen, code, st == QProcess::CrashExit); });
  process_->start();
  ::close(fds[1]);
  if (handoff[1] >= 0) ::close(handoff[1]);
  handoff[1] = -1;
  handoffFd_ = handoff[0];
  handoff[0] = -1;
  if (!process_->waitForStarted(spec_.options.startTimeoutMs)) {
    ::close(fds[0]);
    return errorEnvelope(ErrorCode::ModuleLoadFailed,
                         who + "cannot start " + spec_.options.hostBinary + ": " + process_->errorString().toStdString());
  }
  socket_ = new QLocalSocket(this);
  socket_->setSocketDescriptor(fds[0], QLocalSocket::ConnectedState, QIODevice::ReadWrite);
  connect(socket_, &QLocalSocket::readyRead, this, &ChildModule::onReadable);
  {
    std::lock_guard lock(statusMutex_);
    pid_ = static_cast<long>(process_->processId());
  }
  startedAt_ = std::chrono::steady_clock::now();
  auto hello = waitFor("hello", spec_.options.startTimeoutMs);
  if (!hello) return errorEnvelope(ErrorCode::ModuleLoadFailed, who + "its process exited or did not answer before initialisation");
  if (hello->contains("error")) return errorEnvelope(ErrorCode::ModuleLoadFailed, hello->value("error", std::string("load failed")));
  std::string logRules;
  {
    std::lock_guard lock(gLogMutex);
    logRules = gLogRules;
  }
  send(Json{{"t", "init"},
            {"log_rules", logRules},
            {"instance_id", context_->instanceId()},
            {"persistence_path", context_->persistencePath()},
            {"module_path", context_->modulePath()}});
  auto done = waitFor("init_done", spec_.options.startTimeoutMs);
  if (!done) return errorEnvelope(ErrorCode::ModuleLoadFailed, who + "its process exited or did not answer during initLogos");
  Json result = done->value("result", Json());
  if (!isOk(result)) return result;
  auto specs = specsFromJson(done->value("specs", Json::object()));
  if (!specs.ok()) return errorEnvelope(ErrorCode::ModuleLoadFailed, who + specs.error().message);
  operations_ = std::move(specs.value().operations);
  events_ = std::move(specs.value().events);
  errors_ = std::move(specs.value().errors);
  {
    // One step under the lock: a status read never sees the new process running with the old count.
    std::lock_guard lock(statusMutex_);
    state_ = State::Running;
    if (restart) ++restarts_;
  }
  if (spec_.options.channels && handoffFd_ >= 0) {
    spec_.options.channels->up(spec_.name, spec_.dependencies, spec_.dependencyOperations, spec_.capabilities, handoffFd_);
  }
  return result;
}

void ChildModule::send(const Json& message) {
  if (socket_ == nullptr) return;
  std::string frame;
  if (!appendChildFrame(frame, message)) {
    qWarning("module '%s': a message to its process exceeds %zu bytes and was not sent", spec_.name.c_str(), kMaxChildFrameBytes);
    if (message.value("t", std::string()) == "answer") {
      send(Json{{"t", "answer"}, {"id", message.value("id", Json())},
                {"envelope", errorEnvelope(ErrorCode::MethodFailed, "the answer exceeds the module process frame limit")}});
    }
    return;
  }
  socket_->write(frame.data(), static_cast<qint64>(frame.size()));
  socket_->flush();
}

std::optional<Json> ChildModule::waitFor(const std::string& type, int ms) {
  QElapsedTimer t;
  t.start();
  // waitForReadyRead emits readyRead on this thread: onReadable must leave the bytes to this loop.
  waiting_ = true;
  struct Done {
    ChildModule* self;
    ~Done() {
      self->waiting_ = false;
      // Frames read past the awaited one run from the event loop.
      QMetaObject::invokeMethod(self, [s = self] { s->drain(); }, Qt::QueuedConnection);
    }
  } done{this};
  while (true) {
    auto f = reader_.next();
    if (!f.ok()) {
      qWarning("module '%s': %s", spec_.name.c_str(), f.error().message.c_str());
      return std::nullopt;
    }
    if (f.value()) {
      Json frame = std::move(*f.value());
      if (frame.value("t", std::string()) == type) return frame;
      handle(std::move(frame));
      continue;
    }
    if (socket_ == nullptr) return std::nullopt;
    const qint64 left = ms - t.elapsed();
    if (left <= 0) return std::nullopt;
    const bool ready = socket_->waitForReadyRead(static_cast<int>(left));
    const QByteArray bytes = socket_->readAll();
    if (bytes.isEmpty() && !ready && socket_->state() != QLocalSocket::ConnectedState) return std::nullopt;
    reader_.feed(bytes.constData(), static_cast<std::size_t>(bytes.size()));
  }
}

void ChildModule::onReadable() {
  if (socket_ == nullptr || waiting_) return;
  const QByteArray bytes = socket_->readAll();
  reader_.feed(bytes.constData(), static_cast<std::size_t>(bytes.size()));
  drain();
}

void ChildModule::drain() {
  if (waiting_) return;
  const std::uint64_t gen = generation_;
  while (socket_ != nullptr && gen == generation_) {
    auto f = reader_.next();
    if (!f.ok()) {
      qWarning("module '%s': %s; stopping its process", spec_.name.c_str(), f.error().message.c_str());
      if (process_ != nullptr) process_->kill();
      return;
    }
    if (!f.value()) return;
    handle(std::move(*f.value()));
  }
}

void ChildModule::handle(Json frame) {
  try {
    const std::string t = frame.value("t", std::string());
    if (t == "reply") {
      auto it = pending_.find(frame.value("id", std::uint64_t{0}));
      if (it == pending_.end()) return;
      ReplySink reply = std::move(it->second);
      pending_.erase(it);
      Json envelope = std::move(frame["envelope"]);
      // The host's crash code is the daemon's to give: a module cannot claim it.
      auto code = envelope.is_object() ? envelope.find("code") : envelope.end();
      if (envelope.is_object() && code != envelope.end() && code->is_string() &&
          code->get<std::string>() == toString(ErrorCode::ModuleCrashed)) {
        envelope = errorEnvelope(ErrorCode::MethodFailed, "module '" + spec_.name + "' answered the host's code MODULE_CRASHED");
      }
      reply(std::move(envelope));
    } else if (t == "event") {
      // Events go the other way only.
    } else if (t == "emit") {
      context_->emitEvent(frame.value("event", std::string()), frame.value("args", Json::array()));
    } else if (t == "direct_calls") {
      const Json add = frame.value("add", Json());
      if (add.is_number_unsigned()) {
        std::lock_guard lock(statusMutex_);
        directCalls_ += add.get<std::uint64_t>();
      }
    } else if (t == "call_async") {
      {
        std::lock_guard lock(statusMutex_);
        ++routedCalls_;
      }
      const std::uint64_t id = frame.value("id", std::uint64_t{0});
      const std::uint64_t gen = generation_;
      context_->callAsync(frame.value("module", std::string()), frame.value("operation", std::string()),
                          frame.value("params", Json::object()), frame.value("timeout_ms", 0), [this, gen, id](const Json& e) {
                            if (gen == generation_) send(Json{{"t", "answer"}, {"id", id}, {"envelope", e}});
                          });
    } else if (t == "call_sync") {
      {
        std::lock_guard lock(statusMutex_);
        ++routedCalls_;
      }
      Json e = context_->callSync(frame.value("module", std::string()), frame.value("operation", std::string()),
                                  frame.value("params", Json::object()), frame.value("timeout_ms", 0));
      send(Json{{"t", "answer"}, {"id", frame.value("id", std::uint64_t{0})}, {"envelope", std::move(e)}});
    } else if (t == "subscribe") {
      auto key = std::make_pair(frame.value("module", std::string()), frame.value("event", std::string()));
      bool ok = subscribed_.count(key) != 0;
      if (!ok) {
        // One registration per (module, event) for the module's whole life: a restarted child
        // subscribing again reuses it, so no event is delivered twice.
        ok = context_->subscribe(key.first, key.second, [this, key](const std::string& m, const std::string& e, const Json& args) {
          if (socket_ == nullptr) return;
          send(Json{{"t", "event"}, {"key", Json::array({key.first, key.second})}, {"module", m}, {"event", e}, {"args", args}});
        });
        if (ok) subscribed_.insert(key);
      }
      send(Json{{"t", "answer"}, {"id", frame.value("id", std::uint64_t{0})}, {"envelope", Json{{"status", "ok"}, {"subscribed", ok}}}});
    } else if (t == "authorize") {
      Json e = context_->authorizeClientToken(frame.value("token", std::string()), frame.value("module", std::string()),
                                              frame.value("operation", std::string()));
      send(Json{{"t", "answer"}, {"id", frame.value("id", std::uint64_t{0})}, {"envelope", std::move(e)}});
    } else {
      qWarning("module '%s': its process sent an unknown message type '%s'", spec_.name.c_str(), t.c_str());
    }
  } catch (const std::exception& ex) {
    // Only a broken or hostile child sends fields of the wrong type: it is stopped and restarted.
    qWarning("module '%s': its process sent a malformed message (%s); stopping it", spec_.name.c_str(), ex.what());
    if (process_ != nullptr) process_->kill();
  }
}

void ChildModule::dropChild() {
  ++generation_;
  if (spec_.options.channels) spec_.options.channels->down(spec_.name);
  if (handoffFd_ >= 0) {
    ::close(handoffFd_);
    handoffFd_ = -1;
  }
  if (socket_ != nullptr) {
    socket_->disconnect(this);
    socket_->abort();
    socket_->deleteLater();
    socket_ = nullptr;
  }
  if (process_ != nullptr) {
    process_->disconnect(this);
    if (process_->state() != QProcess::NotRunning) {
      process_->kill();
      process_->waitForFinished(2000);
    }
    process_->deleteLater();
    process_ = nullptr;
  }
  if (!tmpDir_.empty()) {
    QDir(QString::fromStdString(tmpDir_)).removeRecursively();
    tmpDir_.clear();
  }
  std::lock_guard lock(statusMutex_);
  pid_ = 0;
}

void ChildModule::onExited(std::uint64_t generation, int exitCode, bool crashedExit) {
  if (generation != generation_ || stopping_) return;
  // Answers the child wrote before it ended still count.
  if (socket_ != nullptr && !waiting_) {
    const QByteArray bytes = socket_->readAll();
    reader_.feed(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    drain();
    if (generation != generation_) return;
  }
  Json lastExit = crashedExit ? Json{{"signal", exitCode}} : Json{{"exit_code", exitCode}};
  lastExit["at"] = nowIso();
  lastExit["pid"] = pid();
  const std::string how = crashedExit ? "killed by signal " + std::to_string(exitCode) : "exited with status " + std::to_string(exitCode);
  crashed(how, lastExit);
}

void ChildModule::crashed(const std::string& how, const Json& lastExit) {
  const long oldPid = pid();
  const bool stable = std::chrono::steady_clock::now() - startedAt_ > kStableAfter;
  dropChild();
  if (stable) consecutiveCrashes_ = 0;
  ++consecutiveCrashes_;
  const int delay = std::min(kMaxBackoffMs, kFirstBackoffMs << std::min(consecutiveCrashes_ - 1, 7));
  const bool restart = spec_.restart == RestartPolicy::Restart;
  {
    std::lock_guard lock(statusMutex_);
    lastExit_ = lastExit;
    downReason_ = "its process " + how;
    state_ = restart ? State::Restarting : State::Down;
  }
  qWarning("module '%s' crashed: its process (pid %ld) %s; %zu call(s) in flight answered MODULE_CRASHED; %s", spec_.name.c_str(), oldPid,
           how.c_str(), pending_.size(),
           restart ? ("restarting in " + std::to_string(delay) + " ms").c_str() : "it stays down (restart policy stay-down)");
  auto open = std::move(pending_);
  pending_.clear();
  for (auto& [id, reply] : open) {
    reply(errorEnvelope(ErrorCode::ModuleCrashed, "module '" + spec_.name + "' crashed before it answered: its process " + how));
  }
  context_->emitEvent("moduleCrashed", Json::array({Json{{"module", spec_.name},
                                                        {"pid", oldPid},
                                                        {"exit", lastExit},
                                                        {"restart_in_ms", restart ? Json(delay) : Json()}}}));
  if (!restart) return;
  QTimer::singleShot(delay, this, [this] {
    if (stopping_) return;
    Json r = startChild(true);
    if (!isOk(r)) {
      qWarning("module '%s': restart failed: %s", spec_.name.c_str(), r.value("message", std::string()).c_str());
      crashed("failed to restart (" + r.value("message", std::string()) + ")", Json{{"restart_failed", true}, {"at", nowIso()}});
      return;
    }
    long newPid = 0;
    int restarts = 0;
    {
      std::lock_guard lock(statusMutex_);
      newPid = pid_;
      restarts = restarts_;
    }
    qWarning("module '%s' restarted: process pid %ld", spec_.name.c_str(), newPid);
    context_->emitEvent("moduleRestarted", Json::array({Json{{"module", spec_.name}, {"pid", newPid}, {"restarts", restarts}}}));
    if (spec_.restarted) spec_.restarted(spec_.name);
  });
}

void ChildModule::shutdown() {
  stopping_ = true;
  if (socket_ != nullptr) {
    send(Json{{"t", "shutdown"}});
    // Replies the module gives while shutting down are delivered on the way.
    (void)waitFor("bye", spec_.options.stopTimeoutMs);
  }
  if (process_ != nullptr && process_->state() != QProcess::NotRunning && !process_->waitForFinished(2000)) {
    qWarning("module '%s': its process did not exit after shutdown; killing it", spec_.name.c_str());
  }
  auto open = std::move(pending_);
  pending_.clear();
  for (auto& [id, reply] : open) {
    reply(errorEnvelope(ErrorCode::ModuleNotLoaded, "module '" + spec_.name + "' shut down before it answered"));
  }
  dropChild();
  setState(State::Stopped);
}

Json ChildModule::chainAction(const std::string& operation, const Json& params) {
  (void)params;
  return errorEnvelope(ErrorCode::MethodFailed, "operation '" + operation + "' of '" + spec_.name +
                                                    "': a module in its own process answers through beginAction only");
}

void ChildModule::beginAction(std::uint64_t callId, const std::string& operation, const Json& params, ReplySink reply) {
  bool running = false;
  {
    std::lock_guard lock(statusMutex_);
    running = state_ == State::Running;
  }
  if (!running || socket_ == nullptr) {
    reply(errorEnvelope(ErrorCode::ModuleCrashed, downMessage()));
    return;
  }
  pending_.emplace(callId, std::move(reply));
  send(Json{{"t", "call"}, {"id", callId}, {"op", operation}, {"params", params}});
}

void ChildModule::cancelAction(std::uint64_t callId) {
  if (pending_.count(callId) != 0) send(Json{{"t", "cancel"}, {"id", callId}});
}

}  // namespace logos::host
