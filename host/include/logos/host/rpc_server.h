#pragma once
// Client RPC of the daemon: newline-delimited JSON over a local (Unix) socket in the config dir,
// every request authenticated by the daemon token. Wire format: docs/protocol.md §1.

#include <QLocalServer>
#include <QPointer>

#include <functional>
#include <string>

#include "logos/host/daemon_files.h"
#include "logos/host/module_host.h"
#include "logos/host/process_stats.h"
#include "logos/host/request_line.h"

class QLocalSocket;

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
  void close();

  // True when a daemon accepts connections on `socketPath`.
  static bool daemonAnswers(const std::string& socketPath);

  // Called after the "stop" request has been answered.
  std::function<void()> onStopRequested;

 private:
  void onNewConnection();
  void onReadyRead(QLocalSocket* socket);
  void handleLine(QLocalSocket* socket, const QByteArray& line);
  void dispatch(QLocalSocket* socket, const Json& id, const RpcCall& call);
  static void reply(QLocalSocket* socket, const Json& id, Json body);

  ModuleHost* host_;
  DaemonPaths paths_;
  std::string token_;
  QLocalServer server_;
  qint64 startedAtMs_;
  int connections_ = 0;
  ProcessSampler sampler_;  // previous CPU samples for `stats`
};

}  // namespace logos::host
