#pragma once
// Client RPC of the daemon: newline-delimited JSON over a local (Unix) socket in the config dir
// and over the network listeners of --module-transport (plain TCP, TLS; logos-core.md §15), every
// request authenticated by the daemon token. Wire format: docs/protocol.md §1. The limits below
// hold on every listener; the connection cap counts the connections of all listeners together.

#include <QLocalServer>
#include <QPointer>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "logos/host/daemon_files.h"
#include "logos/host/module_host.h"
#include "logos/host/process_stats.h"
#include "logos/host/request_line.h"
#include "logos/host/rpc_connection.h"
#include "logos/host/rpc_listeners.h"
#include "logos/host/transport_spec.h"

namespace logos::host {

// Longest request line accepted; a longer one is answered RPC_FAILED and the connection closed.
inline constexpr qint64 kMaxRequestLine = static_cast<qint64>(kMaxRequestLineBytes);
// Client connections served at once; the listen backlog is the same number, so a burst of
// connects up to the cap waits in the kernel queue instead of being reset. A connection beyond
// the cap is answered RPC_FAILED ("try again") and closed.
inline constexpr int kMaxClientConnections = 256;

class RpcServer : public QObject {
  Q_OBJECT
 public:
  RpcServer(ModuleHost* host, DaemonPaths paths, std::string token, QObject* parent = nullptr);
  ~RpcServer() override;

  // Binds the socket (0600). Refuses if another daemon answers on it; removes a stale file.
  lezpay::util::Status listen();
  // Binds one network listener (tcp or tcp_ssl; `tls` is used for tcp_ssl) and serves it. Answers
  // the bound port; error RPC_FAILED naming the address when it cannot bind.
  lezpay::util::Result<int> listenNetwork(const ListenerSpec& spec, const QSslConfiguration& tls);
  void close();

  // True when a daemon accepts connections on `socketPath`.
  static bool daemonAnswers(const std::string& socketPath);

  // This boot's instance id (state.json), reported by status and by the stop answer.
  std::string instanceId;

  // Runs a "reload" request (the daemon's --config file again); the callback answers it once.
  std::function<void(std::function<void(Json)>)> onReloadRequested;

  // Called after the "stop" request has been answered.
  std::function<void()> onStopRequested;

 private:
  void onNewConnection();
  void serve(RpcConnection* connection);
  void onReadyRead(RpcConnection* socket);
  void handleLine(RpcConnection* socket, const QByteArray& line);
  // `tokenName`: the named token that was authorized ("" = the boot token).
  void dispatch(RpcConnection* socket, const Json& id, const RpcCall& call, const std::string& tokenName);
  static void reply(RpcConnection* socket, const Json& id, Json body);

  ModuleHost* host_;
  DaemonPaths paths_;
  std::string token_;
  QLocalServer server_;
  std::vector<std::unique_ptr<NetworkListener>> listeners_;
  qint64 startedAtMs_;
  int connections_ = 0;
  ProcessSampler sampler_;  // previous CPU samples for `stats`
};

}  // namespace logos::host
