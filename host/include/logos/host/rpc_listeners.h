#pragma once
// The daemon's network listeners of the client RPC (logos-core.md §15): plain TCP and TLS over
// TCP, one per --module-transport flag. Each accepted connection is handed out as an
// RpcConnection; RpcServer serves it like a Unix-socket client.
//
// TLS: TLS 1.2 or later with the listener's certificate chain and private key (PEM). The client
// certificate options of the flag (ca, verify_peer) are advertised in state.json but not
// enforced: the daemon authenticates clients by token on every listener (docs/decisions.md).

#include <QObject>
#include <QSslConfiguration>

#include <memory>

#include "lezpay/util/result.h"
#include "logos/host/transport_spec.h"

class QTcpServer;

namespace logos::host {

class RpcConnection;

// The TLS server configuration of a tcp_ssl spec: reads cert (a chain, leaf first) and key (RSA,
// EC or DSA, unencrypted PEM). Error INVALID_ARGS naming the file when one does not read.
lezpay::util::Result<QSslConfiguration> loadTlsServerConfig(const ListenerSpec& spec);

class NetworkListener : public QObject {
  Q_OBJECT
 public:
  // Binds spec.host:spec.port (a host name is resolved once here). `tls` is used for tcp_ssl.
  // Error RPC_FAILED naming the address and the system's reason (port in use, no such address).
  static lezpay::util::Result<std::unique_ptr<NetworkListener>> bind(const ListenerSpec& spec, const QSslConfiguration& tls,
                                                                     int maxPending);
  ~NetworkListener() override;

  const ListenerSpec& spec() const { return spec_; }
  int port() const;
  void close();

 signals:
  // A new connection, parented to no one: the receiver takes it.
  void newConnection(RpcConnection* connection);

 private:
  explicit NetworkListener(ListenerSpec spec);
  void onNewConnection();

  ListenerSpec spec_;
  std::unique_ptr<QTcpServer> server_;
};

}  // namespace logos::host
