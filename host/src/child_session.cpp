#include "child_session.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "lezpay/util/json_parse.h"
#include "logos/envelope.h"
#include "logos/host/caller_stamp.h"
#include "logos/host/module_runtime.h"
#include "logos/host/module_spec_json.h"

namespace logos::host {
namespace {

// Operation ids of calls arriving on direct channels: apart from the daemon's, so a cancel from
// either side names one operation only.
constexpr std::uint64_t kDirectIdBase = std::uint64_t{1} << 62;
// Direct calls are reported to the daemon (for `stats`) in batches, off the call's path.
constexpr int kCountReportMs = 100;
constexpr std::size_t kHandoffBytes = 4096;

class ForwardingContext final : public ModuleContext {
 public:
  ForwardingContext(ChildSession* session, std::string name, std::string instance, std::string persistence, std::string modulePath)
      : session_(session), name_(std::move(name)), instance_(std::move(instance)), persistence_(std::move(persistence)),
        modulePath_(std::move(modulePath)) {}
  std::string moduleName() const override { return name_; }
  std::string instanceId() const override { return instance_; }
  std::string persistencePath() const override { return persistence_; }
  std::string modulePath() const override { return modulePath_; }
  Json callSync(const std::string& module, const std::string& operation, const Json& params, int timeoutMs) override {
    return session_->callSync(module, operation, params, timeoutMs);
  }
  void callAsync(const std::string& module, const std::string& operation, const Json& params, int timeoutMs, CallCallback done) override {
    session_->callAsync(module, operation, params, timeoutMs, std::move(done));
  }
  bool subscribe(const std::string& module, const std::string& event, EventCallback cb) override {
    return session_->subscribe(module, event, std::move(cb));
  }
  void emitEvent(const std::string& event, const Json& args) override { session_->emitEvent(event, args); }
  Json authorizeClientToken(const std::string& token, const std::string& module, const std::string& operation) override {
    return session_->authorizeClientToken(token, module, operation);
  }

 private:
  ChildSession* session_;
  std::string name_, instance_, persistence_, modulePath_;
};

}  // namespace

ChildSession::ChildSession(int channelFd, int handoffFd, std::string libraryPath, std::string name)
    : libraryPath_(std::move(libraryPath)), name_(std::move(name)), handoffFd_(handoffFd) {
  socket_.setSocketDescriptor(channelFd, QLocalSocket::ConnectedState, QIODevice::ReadWrite);
  connect(&socket_, &QLocalSocket::readyRead, this, &ChildSession::onReadable);
  connect(&socket_, &QLocalSocket::disconnected, this, [this] { finish(0); });
  if (handoffFd_ >= 0) {
    handoffNotifier_ = new QSocketNotifier(handoffFd_, QSocketNotifier::Read, this);
    connect(handoffNotifier_, &QSocketNotifier::activated, this, [this] { onHandoff(); });
  }
}

void ChildSession::onHandoff() {
  while (true) {
    char buf[kHandoffBytes];
    iovec iov{buf, sizeof(buf)};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    const ssize_t n = ::recvmsg(handoffFd_, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // End of file: the daemon is gone, which the main channel reports; stop watching.
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) handoffNotifier_->setEnabled(false);
      return;
    }
    std::vector<int> fds;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (std::size_t i = 0; i < count; ++i) {
        int fd;
        std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
        fds.push_back(fd);
      }
    }
    auto parsed = lezpay::util::parseJson(std::string_view(buf, static_cast<std::size_t>(n)));
    const bool wellFormed = fds.size() == 1 && (msg.msg_flags & MSG_TRUNC) == 0 && parsed.ok() && parsed.value().is_object() &&
                            parsed.value().value("peer", Json()).is_string() && parsed.value().value("role", Json()).is_string();
    if (!wellFormed) {
      qWarning("module '%s': the daemon handed over a malformed direct channel; ignored", name_.c_str());
      for (int fd : fds) ::close(fd);
      continue;
    }
    auto peer = std::make_shared<Peer>();
    peer->module = parsed.value().value("peer", std::string());
    peer->out = parsed.value().value("role", std::string()) == "out";
    const Json timeout = parsed.value().value("default_timeout_ms", Json());
    if (timeout.is_number_integer() && timeout.get<std::int64_t>() > 0) peer->defaultTimeoutMs = timeout.get<int>();
    const Json operations = parsed.value().value("operations", Json());
    if (operations.is_array()) {
      for (const auto& op : operations)
        if (op.is_string()) peer->operations.insert(op.get<std::string>());
    }
    addPeer(std::move(peer), fds[0]);
  }
}

void ChildSession::addPeer(std::shared_ptr<Peer> peer, int fd) {
  std::weak_ptr<Peer> weak = peer;
  peer->channel = new ChildPeerChannel(
      fd,
      [this, weak](Json frame) {
        auto p = weak.lock();
        if (!p) return;
        try {
          onPeerFrame(p, std::move(frame));
        } catch (const std::exception& ex) {
          // A field of the wrong type comes from a broken or hostile peer only: it loses its channel.
          qWarning("module '%s': module '%s' sent a malformed frame on its direct channel (%s); closing it", name_.c_str(),
                   p->module.c_str(), ex.what());
          peerClosed(p, "it sent a malformed frame");
        }
      },
      [this, weak] {
        if (auto p = weak.lock()) peerClosed(p, "its channel closed");
      });
  peer->channel->setParent(this);
  if (peer->out) {
    auto old = outPeers_.find(peer->module);
    std::shared_ptr<Peer> previous = old == outPeers_.end() ? nullptr : old->second;
    outPeers_[peer->module] = peer;
    // A fresh channel replaces one whose process the daemon has seen end.
    if (previous) peerClosed(previous, "a fresh channel replaced its old one");
  } else {
    inPeers_.push_back(peer);
  }
}

void ChildSession::peerClosed(const std::shared_ptr<Peer>& peer, const std::string& why) {
  if (peer->out) {
    auto it = outPeers_.find(peer->module);
    if (it != outPeers_.end() && it->second == peer) outPeers_.erase(it);
  } else {
    inPeers_.erase(std::remove(inPeers_.begin(), inPeers_.end(), peer), inPeers_.end());
  }
  if (peer->channel != nullptr) {
    peer->channel->deleteLater();
    peer->channel = nullptr;
  }
  auto calls = std::move(peer->calls);
  peer->calls.clear();
  auto served = std::move(peer->served);
  peer->served.clear();
  // The peer can no longer take an answer: its operations here stop as if cancelled.
  for (const auto& [theirs, ours] : served) cancelOperation(module_, ours);
  for (auto& [id, call] : calls) {
    if (call.deadline != nullptr) call.deadline->deleteLater();
    call.done(errorEnvelope(ErrorCode::ModuleCrashed, "module '" + peer->module + "' crashed before it answered: " + why));
  }
}

void ChildSession::onPeerFrame(const std::shared_ptr<Peer>& peer, Json frame) {
  if (finished_) return;
  const std::string t = frame.value("t", std::string());
  const Json idField = frame.value("id", Json());
  if (!idField.is_number_unsigned()) return;
  const std::uint64_t id = idField.get<std::uint64_t>();
  if (peer->out && t == "reply") {
    auto it = peer->calls.find(id);
    if (it == peer->calls.end()) return;  // answered already (deadline)
    OutCall call = std::move(it->second);
    peer->calls.erase(it);
    if (call.deadline != nullptr) call.deadline->deleteLater();
    Json envelope = frame.value("envelope", Json());
    if (!isWellFormedEnvelope(envelope)) {
      envelope = errorEnvelope(ErrorCode::MethodFailed, "module '" + peer->module + "' answered malformed output");
    } else if (const Json code = envelope.value("code", Json()); code.is_string() && code.get<std::string>() == toString(ErrorCode::ModuleCrashed)) {
      // The host's crash code is the host's to give: a module cannot claim it.
      envelope = errorEnvelope(ErrorCode::MethodFailed, "module '" + peer->module + "' answered the host's code MODULE_CRASHED");
    }
    call.done(envelope);
  } else if (!peer->out && t == "call") {
    const std::string op = frame.value("op", Json()).is_string() ? frame.value("op", std::string()) : std::string();
    Json params = frame.value("params", Json::object());
    if (peer->served.count(id) != 0) return;  // a peer reusing an id in flight: ignored
    if (!peer->operations.empty() && peer->operations.count(op) == 0) {
      // Only a broken or hostile caller sends an operation its channel does not carry: the
      // daemon scoped it (hook-only, or the caller's dependency_operations).
      std::string carried;
      for (const auto& o : peer->operations) carried += (carried.empty() ? "'" : ", '") + o + "'";
      peer->channel->send(Json{{"t", "reply"}, {"id", id},
                               {"envelope", errorEnvelope(ErrorCode::AccessDenied, "access policy denies '" + peer->module + "' -> '" + name_ +
                                                                                       "' '" + op + "': the channel carries only " + carried)}});
      return;
    }
    const std::uint64_t ours = kDirectIdBase + nextServedId_++;
    peer->served.emplace(id, ours);
    std::weak_ptr<Peer> weak = peer;
    beginOperation(module_, ours, op, stampModuleCall(operations_, op, std::move(params), peer->module),
                   [weak, id](Json envelope) {
                     auto p = weak.lock();
                     if (!p || p->served.erase(id) == 0 || p->channel == nullptr) return;
                     if (!p->channel->send(Json{{"t", "reply"}, {"id", id}, {"envelope", std::move(envelope)}})) {
                       p->channel->send(Json{{"t", "reply"}, {"id", id},
                                             {"envelope", errorEnvelope(ErrorCode::MethodFailed,
                                                                        "the operation's answer exceeds the module process frame limit")}});
                     }
                   });
  } else if (!peer->out && t == "cancel") {
    auto it = peer->served.find(id);
    if (it != peer->served.end()) cancelOperation(module_, it->second);
  }
}

bool ChildSession::callDirect(const std::string& module, const std::string& operation, const Json& params, int timeoutMs,
                              CallCallback& done) {
  auto it = outPeers_.find(module);
  if (it == outPeers_.end() || it->second->channel == nullptr || !it->second->channel->open()) return false;
  std::shared_ptr<Peer> peer = it->second;
  if (!peer->operations.empty() && peer->operations.count(operation) == 0) return false;  // the daemon decides
  const std::uint64_t id = nextId_++;
  if (!peer->channel->send(Json{{"t", "call"}, {"id", id}, {"op", operation}, {"params", params}})) return false;
  const int ms = timeoutMs > 0 ? timeoutMs : peer->defaultTimeoutMs;
  auto* deadline = new QTimer(this);
  deadline->setSingleShot(true);
  std::weak_ptr<Peer> weak = peer;
  connect(deadline, &QTimer::timeout, this, [weak, id, ms, module, operation] {
    auto p = weak.lock();
    if (!p) return;
    auto c = p->calls.find(id);
    if (c == p->calls.end()) return;
    OutCall call = std::move(c->second);
    p->calls.erase(c);
    if (call.deadline != nullptr) call.deadline->deleteLater();
    if (p->channel != nullptr) p->channel->send(Json{{"t", "cancel"}, {"id", id}});
    call.done(errorEnvelope(ErrorCode::Timeout, "'" + module + "' did not answer '" + operation + "' within " + std::to_string(ms) + " ms"));
  });
  deadline->start(ms);
  peer->calls.emplace(id, OutCall{std::move(done), deadline});
  countDirect();
  return true;
}

void ChildSession::countDirect() {
  ++directUnreported_;
  if (countScheduled_) return;
  countScheduled_ = true;
  QTimer::singleShot(kCountReportMs, this, [this] {
    countScheduled_ = false;
    if (directUnreported_ == 0) return;
    send(Json{{"t", "direct_calls"}, {"add", directUnreported_}});
    directUnreported_ = 0;
  });
}

ChildSession::~ChildSession() = default;

bool ChildSession::start() {
  const std::string who = "module '" + name_ + "' (" + libraryPath_ + "): ";
  auto refuse = [&](const std::string& why) {
    send(Json{{"t", "hello"}, {"error", who + why}});
    socket_.waitForBytesWritten(2000);
    return false;
  };
  loader_.setFileName(QString::fromStdString(libraryPath_));
  loader_.setLoadHints(QLibrary::ResolveAllSymbolsHint);
  if (!loader_.load()) return refuse("library cannot load: " + loader_.errorString().toStdString());
  QObject* instance = loader_.instance();
  if (instance == nullptr) return refuse("plugin instance cannot be created: " + loader_.errorString().toStdString());
  module_ = qobject_cast<LogosModule*>(instance);
  if (module_ == nullptr) return refuse("plugin does not implement " LOGOS_MODULE_IID);
  if (module_->name() != name_) return refuse("plugin name() is '" + module_->name() + "' but metadata.json says '" + name_ + "'");
  send(Json{{"t", "hello"}, {"name", name_}, {"version", module_->version()}, {"pid", static_cast<std::int64_t>(::getpid())}});
  return true;
}

void ChildSession::send(const Json& message) {
  std::string frame;
  if (!appendChildFrame(frame, message)) {
    const std::string t = message.value("t", std::string());
    if (t == "reply") {
      send(Json{{"t", "reply"}, {"id", message.value("id", Json())},
                {"envelope", errorEnvelope(ErrorCode::MethodFailed, "the operation's answer exceeds the module process frame limit")}});
    } else {
      qWarning("module '%s': a message to the daemon exceeds the frame limit and was dropped", name_.c_str());
    }
    return;
  }
  socket_.write(frame.data(), static_cast<qint64>(frame.size()));
  socket_.flush();
}

bool ChildSession::readFrames() {
  const QByteArray bytes = socket_.readAll();
  reader_.feed(bytes.constData(), static_cast<std::size_t>(bytes.size()));
  while (true) {
    auto f = reader_.next();
    if (!f.ok()) {
      qWarning("module '%s': %s", name_.c_str(), f.error().message.c_str());
      return false;
    }
    if (!f.value()) return true;
    inbox_.push_back(std::move(*f.value()));
  }
}

void ChildSession::onReadable() {
  // waitForReadyRead emits readyRead inside waitAnswer: the bytes are that loop's to read.
  if (waiting_) return;
  if (!readFrames()) {
    finish(3);
    return;
  }
  process();
}

void ChildSession::process() {
  if (processing_) return;
  processing_ = true;
  while (!inbox_.empty() && !finished_) {
    Json frame = std::move(inbox_.front());
    inbox_.pop_front();
    handle(std::move(frame));
  }
  processing_ = false;
}

namespace {
// The daemon's per-module levels; QT_LOGGING_RULES in the environment still wins (Qt's order).
void applyLogRules(const std::string& rules) {
  QLoggingCategory::setFilterRules(QString::fromStdString(rules));
}
}  // namespace

void ChildSession::handle(Json frame) {
  const std::string t = frame.value("t", std::string());
  if (t == "call") {
    const std::uint64_t id = frame.value("id", std::uint64_t{0});
    beginOperation(module_, id, frame.value("op", std::string()), frame.value("params", Json::object()), [this, id](Json envelope) {
      send(Json{{"t", "reply"}, {"id", id}, {"envelope", std::move(envelope)}});
    });
  } else if (t == "cancel") {
    cancelOperation(module_, frame.value("id", std::uint64_t{0}));
  } else if (t == "answer") {
    auto it = calls_.find(frame.value("id", std::uint64_t{0}));
    if (it == calls_.end()) return;
    CallCallback done = std::move(it->second);
    calls_.erase(it);
    done(frame.value("envelope", Json()));
  } else if (t == "event") {
    const Json key = frame.value("key", Json::array());
    if (!key.is_array() || key.size() != 2) return;
    const std::string module = frame.value("module", std::string());
    const std::string event = frame.value("event", std::string());
    const Json args = frame.value("args", Json::array());
    // Copy first: a callback may subscribe again.
    std::vector<EventCallback> matching;
    for (const auto& s : subscriptions_) {
      if (s.module == key[0] && s.event == key[1]) matching.push_back(s.callback);
    }
    for (auto& cb : matching) cb(module, event, args);
  } else if (t == "log_rules") {
    applyLogRules(frame.value("rules", std::string()));
  } else if (t == "init") {
    applyLogRules(frame.value("log_rules", std::string()));
    context_ = std::make_unique<ForwardingContext>(this, name_, frame.value("instance_id", std::string()),
                                                    frame.value("persistence_path", std::string()), frame.value("module_path", std::string()));
    Json result;
    try {
      result = module_->initLogos(context_.get());
      if (!isWellFormedEnvelope(result)) result = errorEnvelope(ErrorCode::ModuleLoadFailed, "initLogos answered malformed output");
    } catch (const std::exception& ex) {
      result = errorEnvelope(ErrorCode::ModuleLoadFailed, std::string("initLogos threw: ") + ex.what());
    } catch (...) {
      result = errorEnvelope(ErrorCode::ModuleLoadFailed, "initLogos threw an unknown exception");
    }
    Json reply{{"t", "init_done"}, {"result", result}};
    if (isOk(result)) {
      operations_ = module_->operations();
      reply["specs"] = specsToJson(operations_, module_->events(), module_->errors());
    }
    send(reply);
  } else if (t == "shutdown") {
    try {
      module_->shutdown();
    } catch (...) {
      // The process ends either way.
    }
    send(Json{{"t", "bye"}});
    finish(0);
  }
}

Json ChildSession::waitAnswer(std::uint64_t id) {
  waiting_ = true;
  struct Done {
    bool& flag;
    ~Done() { flag = false; }
  } done{waiting_};
  while (true) {
    for (auto it = inbox_.begin(); it != inbox_.end(); ++it) {
      if (it->value("t", std::string()) == "answer" && it->value("id", std::uint64_t{0}) == id) {
        Json envelope = it->value("envelope", Json());
        inbox_.erase(it);
        // Frames that arrived meanwhile run from the event loop, never inside the caller's code.
        if (!inbox_.empty()) QTimer::singleShot(0, this, [this] { process(); });
        return envelope;
      }
    }
    if (socket_.state() != QLocalSocket::ConnectedState && socket_.bytesAvailable() == 0) {
      return errorEnvelope(ErrorCode::RpcFailed, "the daemon closed the module's channel");
    }
    socket_.waitForReadyRead(1000);
    if (!readFrames()) return errorEnvelope(ErrorCode::RpcFailed, "the daemon sent a malformed frame");
  }
}

Json ChildSession::callSync(const std::string& module, const std::string& operation, const Json& params, int timeoutMs) {
  const std::uint64_t id = nextId_++;
  send(Json{{"t", "call_sync"}, {"id", id}, {"module", module}, {"operation", operation}, {"params", params}, {"timeout_ms", timeoutMs}});
  return waitAnswer(id);
}

void ChildSession::callAsync(const std::string& module, const std::string& operation, const Json& params, int timeoutMs, CallCallback done) {
  if (callDirect(module, operation, params, timeoutMs, done)) return;
  const std::uint64_t id = nextId_++;
  calls_.emplace(id, std::move(done));
  send(Json{{"t", "call_async"}, {"id", id}, {"module", module}, {"operation", operation}, {"params", params}, {"timeout_ms", timeoutMs}});
}

bool ChildSession::subscribe(const std::string& module, const std::string& event, EventCallback cb) {
  const std::uint64_t id = nextId_++;
  send(Json{{"t", "subscribe"}, {"id", id}, {"module", module}, {"event", event}});
  Json answer = waitAnswer(id);
  if (!answer.is_object() || !answer.value("subscribed", false)) return false;
  subscriptions_.push_back({module, event, std::move(cb)});
  return true;
}

void ChildSession::emitEvent(const std::string& event, const Json& args) {
  send(Json{{"t", "emit"}, {"event", event}, {"args", args}});
}

Json ChildSession::authorizeClientToken(const std::string& token, const std::string& module, const std::string& operation) {
  const std::uint64_t id = nextId_++;
  send(Json{{"t", "authorize"}, {"id", id}, {"token", token}, {"module", module}, {"operation", operation}});
  return waitAnswer(id);
}

void ChildSession::finish(int code) {
  if (finished_) return;
  finished_ = true;
  socket_.waitForBytesWritten(2000);
  // Exit without unloading the plugin or running static destructors of module code: the module's
  // shutdown() already ran (or the daemon is gone), and a clean unload could block on module threads.
  std::fflush(stderr);
  ::_exit(code);
}

}  // namespace logos::host
