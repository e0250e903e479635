#include "daemon_client.h"

#include <QLocalSocket>
#include <QPointer>
#include <QTimer>

#include "lezpay/util/json_parse.h"

namespace lezpay::mcpserver {

namespace {

// The daemon's own line limit (docs/protocol.md §1 "Framing").
constexpr qint64 kMaxAnswerLine = 16 * 1024 * 1024;

util::Result<Json> readEnvelope(const QByteArray& line) {
  util::JsonLimits limits;
  limits.maxDepth = 128;
  limits.bigIntegersAsText = true;
  auto parsed = util::parseJson(std::string_view(line.constData(), static_cast<std::size_t>(line.size())), limits);
  if (!parsed.ok()) return util::makeError("RPC_FAILED", "the daemon answered a line that is not JSON: " + parsed.error().message);
  const Json& env = parsed.value();
  if (!env.is_object()) return util::makeError("RPC_FAILED", "the daemon answered something other than an object");
  if (env.value("status", Json()) == "ok") {
    if (auto r = env.find("result"); r != env.end()) return *r;
    Json copy = env;
    copy.erase("id");
    return copy;
  }
  std::string code = env.contains("code") && env["code"].is_string() ? env["code"].get<std::string>() : "RPC_FAILED";
  std::string message = env.contains("message") && env["message"].is_string() ? env["message"].get<std::string>() : "the daemon refused the call";
  if (code == "METHOD_FAILED") {
    if (auto e = env.find("error"); e != env.end() && e->is_object()) {
      if (e->contains("code") && (*e)["code"].is_string()) code = (*e)["code"].get<std::string>();
      if (e->contains("message") && (*e)["message"].is_string()) message = (*e)["message"].get<std::string>();
    }
  }
  return util::makeError(code, message);
}

}  // namespace

class DaemonCall : public QObject {
 public:
  DaemonCall(const std::string& socketPath, std::string line, int timeoutMs, Done done)
      : line_(std::move(line)), done_(std::move(done)) {
    socket_ = new QLocalSocket(this);
    timer_ = new QTimer(this);
    timer_->setSingleShot(true);
    QObject::connect(timer_, &QTimer::timeout, this, [this] {
      finish(util::makeError("TIMEOUT", "the daemon did not answer within the call's timeout"));
    });
    QObject::connect(socket_, &QLocalSocket::connected, this, [this] {
      connected_ = true;
      socket_->write(line_.data(), static_cast<qint64>(line_.size()));
    });
    QObject::connect(socket_, &QLocalSocket::readyRead, this, [this] { onReadyRead(); });
    QObject::connect(socket_, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError) {
      if (!connected_) {
        finish(util::makeError("NO_DAEMON", "no logoscore daemon answers on its socket: " + socket_->errorString().toStdString()));
      } else {
        finish(util::makeError("RPC_FAILED", "the daemon closed the connection before answering"));
      }
    });
    if (timeoutMs > 0) timer_->start(timeoutMs);
    socket_->connectToServer(QString::fromStdString(socketPath));
  }

  void cancel() {
    done_ = nullptr;
    finish(util::makeError("CANCELLED", "cancelled"));
  }

 private:
  void onReadyRead() {
    if (finished_) return;
    buffer_ += socket_->readAll();
    const int nl = buffer_.indexOf('\n');
    if (nl < 0) {
      if (buffer_.size() > kMaxAnswerLine) finish(util::makeError("RPC_FAILED", "the daemon's answer line is longer than 16 MiB"));
      return;
    }
    finish(readEnvelope(buffer_.left(nl)));
  }

  void finish(util::Result<Json> answer) {
    if (finished_) return;
    finished_ = true;
    timer_->stop();
    // Closing before the answer tells the daemon to cancel the module call.
    socket_->abort();
    Done done = std::move(done_);
    done_ = nullptr;
    deleteLater();
    if (done) done(std::move(answer));
  }

  QLocalSocket* socket_ = nullptr;
  QTimer* timer_ = nullptr;
  std::string line_;
  Done done_;
  QByteArray buffer_;
  bool connected_ = false;
  bool finished_ = false;
};

void CallHandle::cancel() {
  if (call_) static_cast<DaemonCall*>(call_.data())->cancel();
  call_ = nullptr;
}

DaemonClient::DaemonClient(std::string socketPath, std::string token) : socketPath_(std::move(socketPath)), token_(std::move(token)) {}

std::shared_ptr<CallHandle> DaemonClient::rpc(const std::string& method, const Json& params, int timeoutMs, Done done) {
  static std::int64_t nextId = 1;
  Json req{{"id", nextId++}, {"token", token_}, {"method", method}, {"params", params}};
  std::string line = req.dump(-1, ' ', false, Json::error_handler_t::replace);
  line.push_back('\n');
  auto* call = new DaemonCall(socketPath_, std::move(line), timeoutMs, std::move(done));
  return std::make_shared<CallHandle>(call);
}

std::shared_ptr<CallHandle> DaemonClient::call(const std::string& module, const std::string& op, const Json& params, int timeoutMs, Done done) {
  Json p{{"module", module}, {"method", op}, {"args", Json::array({params})}};
  // The daemon's own timeout answers TIMEOUT a little before ours would fire.
  if (timeoutMs > 0) p["timeout_ms"] = timeoutMs;
  return rpc("call", p, timeoutMs > 0 ? timeoutMs + 2000 : 0, std::move(done));
}

}  // namespace lezpay::mcpserver
