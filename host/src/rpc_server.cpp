#include "logos/host/rpc_server.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocalSocket>
#include <QTimer>

#include "logos/envelope.h"
#include "logos/host/caller_stamp.h"
#include "logos/host/install_request.h"
#include "logos/host/request_auth.h"

namespace logos::host {

RpcServer::RpcServer(ModuleHost* host, DaemonPaths paths, std::string token, QObject* parent)
    : QObject(parent), host_(host), paths_(std::move(paths)), token_(std::move(token)),
      startedAtMs_(QDateTime::currentMSecsSinceEpoch()) {
  connect(&server_, &QLocalServer::newConnection, this, &RpcServer::onNewConnection);
}

RpcServer::~RpcServer() { close(); }

lezpay::util::Status RpcServer::listen() {
  const QString path = QString::fromStdString(paths_.socketPath());
  if (paths_.socketPath().size() > kMaxSocketPath) {
    return lezpay::util::Error{"RPC_FAILED", "socket path '" + paths_.socketPath() + "' is longer than " +
                                                 std::to_string(kMaxSocketPath) + " bytes; use a shorter --config-dir"};
  }
  if (daemonAnswers(paths_.socketPath())) {
    return lezpay::util::Error{"RPC_FAILED", "a daemon is already running on " + paths_.socketPath()};
  }
  QLocalServer::removeServer(path);  // stale socket of a daemon that died
  server_.setSocketOptions(QLocalServer::UserAccessOption);
  server_.setListenBacklogSize(kMaxClientConnections);
  server_.setMaxPendingConnections(kMaxClientConnections);
  if (!server_.listen(path)) {
    return lezpay::util::Error{"RPC_FAILED", "cannot listen on " + paths_.socketPath() + ": " + server_.errorString().toStdString()};
  }
  return lezpay::util::okStatus();
}

bool RpcServer::daemonAnswers(const std::string& socketPath) {
  QLocalSocket probe;
  probe.connectToServer(QString::fromStdString(socketPath));
  return probe.waitForConnected(500);
}

lezpay::util::Result<int> RpcServer::listenNetwork(const ListenerSpec& spec, const QSslConfiguration& tls) {
  auto bound = NetworkListener::bind(spec, tls, kMaxClientConnections);
  if (!bound.ok()) return bound.error();
  std::unique_ptr<NetworkListener> listener = std::move(bound).value();
  connect(listener.get(), &NetworkListener::newConnection, this, &RpcServer::serve);
  const int port = listener->port();
  listeners_.push_back(std::move(listener));
  return port;
}

void RpcServer::close() {
  if (server_.isListening()) server_.close();  // also removes the socket file
  for (auto& l : listeners_) l->close();
}

void RpcServer::onNewConnection() {
  while (QLocalSocket* s = server_.nextPendingConnection()) serve(new RpcConnection(s));
}

void RpcServer::serve(RpcConnection* s) {
  s->setParent(this);
  if (connections_ >= kMaxClientConnections) {
    reply(s, nullptr, errorEnvelope(ErrorCode::RpcFailed, "the daemon serves " + std::to_string(kMaxClientConnections) +
                                                              " client connections at once; try again"));
    s->disconnectFromPeer();
    s->deleteLater();
    return;
  }
  ++connections_;
  connect(s, &RpcConnection::readyRead, this, [this, s] { onReadyRead(s); });
  connect(s, &RpcConnection::disconnected, this, [this, s] {
    --connections_;
    s->deleteLater();
  });
}

void RpcServer::onReadyRead(RpcConnection* socket) {
  while (socket->canReadLine()) {
    QByteArray line = socket->readLine(kMaxRequestLine + 1);
    if (line.size() > kMaxRequestLine) {
      reply(socket, nullptr, errorEnvelope(ErrorCode::RpcFailed, "request line longer than 16 MiB"));
      socket->disconnectFromPeer();
      return;
    }
    handleLine(socket, line.trimmed());
  }
  if (socket->bytesAvailable() > kMaxRequestLine) {
    reply(socket, nullptr, errorEnvelope(ErrorCode::RpcFailed, "request line longer than 16 MiB"));
    socket->disconnectFromPeer();
  }
}

void RpcServer::reply(RpcConnection* socket, const Json& id, Json body) {
  if (socket == nullptr || !socket->isConnected()) return;
  body["id"] = id;
  std::string text = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  text.push_back('\n');
  socket->write(text);
}

void RpcServer::handleLine(RpcConnection* socket, const QByteArray& line) {
  if (line.isEmpty()) return;
  auto request = decodeRequestLine(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
  if (!request.ok()) {
    reply(socket, nullptr, requestErrorEnvelope(request.error()));
    return;
  }
  const Json& id = request.value().id;
  const RequestTarget target = requestTarget(request.value());
  const AuthDecision auth = RequestAuth(paths_, token_).authorize(target.token, socket->viaLocalSocket, target.rpcMethod, target.module, target.operation);
  if (!auth.allowed) {
    reply(socket, id, auth.envelope());
    return;
  }
  auto call = checkRequest(request.value());
  if (!call.ok()) {
    reply(socket, id, requestErrorEnvelope(call.error()));
    return;
  }
  // The daemon must answer every line and keep running: whatever a handler throws becomes an
  // INTERNAL answer on this connection instead of ending the process.
  try {
    dispatch(socket, id, call.value(), auth.tokenName);
  } catch (const std::exception& e) {
    qWarning("rpc: a request handler threw: %s", e.what());
    reply(socket, id, errorEnvelope(ErrorCode::Internal, "the daemon could not handle the request: " + std::string(e.what())));
  }
}

void RpcServer::dispatch(RpcConnection* socket, const Json& id, const RpcCall& call, const std::string& tokenName) {
  const std::string& method = call.method;
  const Json& params = call.params;
  auto str = [&](const char* key) { return stringParam(params, key); };
  QPointer<RpcConnection> guard(socket);

  if (method == "status") {
    Json daemon{{"status", "running"},
                {"pid", static_cast<std::int64_t>(QCoreApplication::applicationPid())},
                {"uptime_ms", QDateTime::currentMSecsSinceEpoch() - startedAtMs_},
                {"socket", paths_.socketPath()},
                {"config_dir", paths_.configDir},
                {"instance_id", instanceId},
                {"version", LEZPAY_VERSION}};
    Json modules{{"loaded", host_->loadedNames()}, {"discovered", host_->discovery().modules.size()},
                 {"refused", host_->discovery().problems.size()}};
    reply(socket, id, okEnvelope(Json{{"daemon", daemon}, {"modules", modules}}));
  } else if (method == "list_modules") {
    auto loaded = boolParam(params, "loaded", false);
    if (!loaded.ok()) {
      reply(socket, id, requestErrorEnvelope(loaded.error()));
      return;
    }
    host_->rediscover();
    reply(socket, id, okEnvelope(Json{{"result", host_->listModules(loaded.value())}}));
  } else if (method == "module_info") {
    host_->rediscover();
    reply(socket, id, host_->moduleInfo(str("module")));
  } else if (method == "load_module") {
    const std::string module = str("module");
    host_->loadModule(module, [guard, id, module](Json r) {
      if (isOk(r)) r = okEnvelope(Json{{"module", module}, {"result", r}});
      else r["module"] = module;
      reply(guard, id, r);
    });
  } else if (method == "unload_module") {
    const std::string module = str("module");
    Json r = host_->unloadModule(module);
    if (isOk(r)) r = okEnvelope(Json{{"module", module}, {"result", r}});
    else r["module"] = module;
    reply(socket, id, r);
  } else if (method == "reload_module") {
    const std::string module = str("module");
    host_->reloadModule(module, [guard, id, module](Json r) {
      if (isOk(r)) r = okEnvelope(Json{{"module", module}, {"result", r}});
      else r["module"] = module;
      reply(guard, id, r);
    });
  } else if (method == "call") {
    auto timeoutMs = callTimeoutParam(params);
    if (!timeoutMs.ok()) {
      reply(socket, id, requestErrorEnvelope(timeoutMs.error()));
      return;
    }
    const Json args = params.value("args", Json::array());
    // A client that goes away before the answer cancels its call (the module gets cancelAction).
    struct Pending {
      bool answered = false;
      QMetaObject::Connection onDisconnect;
    };
    auto pending = std::make_shared<Pending>();
    const std::uint64_t callId =
        host_->call(str("module"), str("method"), args, timeoutMs.value(), [guard, id, pending](Json r) {
          pending->answered = true;
          QObject::disconnect(pending->onDisconnect);
          reply(guard, id, std::move(r));
        }, params.value("arg_texts", Json()), clientCallerStamp(tokenName, socket->transportName(), socket->peerAddress()));
    if (callId != 0 && !pending->answered) {
      pending->onDisconnect = connect(socket, &RpcConnection::disconnected, this, [this, callId] { host_->cancelCall(callId); });
    }
  } else if (method == "watch") {
    const std::string module = str("module");
    if (!host_->isLoaded(module) && host_->discovery().find(module) == nullptr) {
      reply(socket, id, errorEnvelope(ErrorCode::ModuleNotFound, "no module named '" + module + "'"));
      return;
    }
    // Every later line on this connection is one event: {"timestamp","module","event","data"}.
    int watchId = host_->addWatcher(module, str("event"), [guard](const Json& line) {
      if (!guard || !guard->isConnected()) return;
      guard->write(line.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n");
    });
    connect(socket, &RpcConnection::disconnected, this, [this, watchId] { host_->removeWatcher(watchId); });
    reply(socket, id, okEnvelope(Json{{"watching", module}, {"event", str("event")}}));
  } else if (method == "install_module") {
    reply(socket, id, installModuleRequest(*host_, socket->viaLocalSocket, params));
  } else if (method == "stats") {
    // Each module reports the process it runs in (its child, or the daemon in-process), with the
    // child's state, restarts and last exit.
    Json rows = moduleStats(host_->loadedNames(), [this](const std::string& name) { return host_->modulePid(name); }, sampler_);
    for (auto& row : rows) row["process"] = host_->moduleProcess(row.value("name", std::string()));
    reply(socket, id, okEnvelope(Json{{"result", rows}}));
  } else if (method == "reload") {
    if (!onReloadRequested) {
      reply(socket, id, errorEnvelope(ErrorCode::RpcFailed, "this daemon cannot reload"));
      return;
    }
    onReloadRequested([guard, id](Json r) { reply(guard, id, std::move(r)); });
  } else if (method == "stop") {
    // pid and instance_id let a client on any transport wait until this daemon is gone.
    reply(socket, id, okEnvelope(Json{{"stopping", true},
                                      {"pid", static_cast<std::int64_t>(QCoreApplication::applicationPid())},
                                      {"instance_id", instanceId}}));
    QTimer::singleShot(0, this, [this] {
      if (onStopRequested) onStopRequested();
    });
  } else {
    reply(socket, id, errorEnvelope(ErrorCode::RpcFailed, "unknown RPC method '" + method + "'"));
  }
}

}  // namespace logos::host
