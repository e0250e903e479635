#include "child_session.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

#include <unistd.h>

#include <cstdio>

#include "logos/envelope.h"
#include "logos/host/module_runtime.h"
#include "logos/host/module_spec_json.h"

namespace logos::host {
namespace {

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

ChildSession::ChildSession(int channelFd, std::string libraryPath, std::string name)
    : libraryPath_(std::move(libraryPath)), name_(std::move(name)) {
  socket_.setSocketDescriptor(channelFd, QLocalSocket::ConnectedState, QIODevice::ReadWrite);
  connect(&socket_, &QLocalSocket::readyRead, this, &ChildSession::onReadable);
  connect(&socket_, &QLocalSocket::disconnected, this, [this] { finish(0); });
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
    if (isOk(result)) reply["specs"] = specsToJson(module_->operations(), module_->events(), module_->errors());
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
