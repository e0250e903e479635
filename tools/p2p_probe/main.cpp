// lezpay-p2p-probe: a libp2p peer over real TCP for interop tests (spec libp2p.md §13). It runs
// the pure lezpay::libp2p state machines through P2pConnection and serves identify, identify
// push (each applied push is printed as {"event":"identify_push","protocols":[…]}), ping and an
// echo protocol.
//
//   lezpay-p2p-probe listen [--host 127.0.0.1] [--port 0] [--key-file F]
//       prints {"event":"listening","addr":"/ip4/…/tcp/…/p2p/…","peer":…}, then one JSON line per
//       connection event; on each connection it also asks the remote's identify. Runs until killed.
//   lezpay-p2p-probe dial /ip4/A/tcp/P/p2p/ID [--key-file F] [--pings 3] [--streams 0] [--bytes 100000]
//       [--timeout-ms 20000]
//       connects, checks the peer id, runs identify, the pings, then `streams` concurrent echo
//       streams of `bytes` each on /lezpay/echo/1.0.0; prints {"event":"result","ok":…} and exits
//       0 on success, 1 otherwise.
// The key file holds a 32-byte secp256k1 secret as 64 hex digits (kept out of argv); without it a
// random identity is used. Exit 2 on bad arguments.

#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <cstdio>
#include <memory>

#include "lezpay/libp2p/identify_codec.h"
#include "lezpay/libp2p/identify_push.h"
#include "lezpay/libp2p/peer_id.h"
#include "lezpay/p2pnet/p2p_connection.h"
#include "p2p_stream_handlers.h"
#include "probe_log.h"

using namespace lezpay::libp2p;

namespace {

// Identify push is answered by P2pConnection itself; listing it is what makes js-libp2p push.
const std::vector<std::string> kServed{kIdentifyProtocol, kIdentifyPushProtocol, kPingProtocol, kEchoProtocol};

int usage(const char* why) {
  std::fprintf(stderr, "lezpay-p2p-probe: %s\nusage: lezpay-p2p-probe listen [--host H] [--port P] [--key-file F]\n"
                       "       lezpay-p2p-probe dial /ip4/A/tcp/P/p2p/ID [--key-file F] [--pings N] [--streams N] [--bytes N] [--timeout-ms N]\n",
               why);
  return 2;
}

std::optional<Secp256k1Identity> loadIdentity(const QString& keyFile) {
  if (keyFile.isEmpty()) {
    const auto k = lezpay::p2pnet::randomKey32();
    auto id = Secp256k1Identity::fromSecret(k);
    return id.ok() ? std::optional<Secp256k1Identity>(*id) : std::nullopt;
  }
  QFile f(keyFile);
  if (!f.open(QIODevice::ReadOnly)) return std::nullopt;
  const QByteArray hex = f.readAll().trimmed();
  const QByteArray raw = QByteArray::fromHex(hex);
  if (raw.size() != 32 || hex.size() != 64) return std::nullopt;
  auto id = Secp256k1Identity::fromSecret(std::vector<std::uint8_t>(raw.begin(), raw.end()));
  if (!id.ok()) return std::nullopt;
  return *id;
}

quint32 ip4Of(const QHostAddress& a) {
  bool ok = false;
  const quint32 v = a.toIPv4Address(&ok);
  return ok ? v : 0;
}

Identify ourIdentify(const Secp256k1Identity& id, const QTcpSocket& socket, const QHostAddress& listenHost, quint16 listenPort) {
  Identify m;
  m.publicKey = encodePublicKey(id.publicKey());
  if (listenPort != 0) m.listenAddrs.push_back(ip4TcpMultiaddr(ip4Of(listenHost), listenPort));
  for (const auto& p : kServed) m.protocols.push_back(p);
  m.observedAddr = ip4TcpMultiaddr(ip4Of(socket.peerAddress()), socket.peerPort());
  m.protocolVersion = "ipfs/0.1.0";
  m.agentVersion = "lez-pay-p2p-probe/" LEZPAY_VERSION;
  return m;
}

QVariantList protocolList(const Identify& m) {
  QVariantList l;
  for (const auto& p : m.protocols) l.push_back(QString::fromStdString(p));
  return l;
}

lezpay::p2pnet::P2pHandlerFactory servingFactory(const Secp256k1Identity* id, QTcpSocket* socket, QHostAddress host, quint16 port) {
  return [=](P2pConnection&, const std::string& protocol) -> std::unique_ptr<P2pStreamHandler> {
    if (protocol == kIdentifyProtocol) {
      logEvent("identify_served");
      return std::make_unique<IdentifyServer>(ourIdentify(*id, *socket, host, port));
    }
    if (protocol == kPingProtocol) {
      logEvent("ping_served");
      return std::make_unique<PingServer>();
    }
    if (protocol == kEchoProtocol) return std::make_unique<EchoServer>();
    return nullptr;
  };
}

// The connection's error, GoAway and refused-stream notices as the probe's JSON lines.
void logConnectionEvents(P2pConnection* conn) {
  QObject::connect(conn, &P2pConnection::failed, conn, [](const QString& code, const QString& message) {
    logEvent("connection_error", {{"code", code}, {"message", message}});
  });
  QObject::connect(conn, &P2pConnection::remoteGoingAway, conn, [](quint64 code) { logEvent("go_away", {{"code", code}}); });
  QObject::connect(conn, &P2pConnection::remoteIdentifyChanged, conn, [conn] {
    logEvent("identify_push", {{"peer", QString::fromStdString(conn->remotePeer().toBase58())}, {"protocols", protocolList(conn->remoteIdentify())}});
  });
  QObject::connect(conn, &P2pConnection::streamRefused, conn, [](const QString& code, const QString& message) {
    logEvent("stream_refused", {{"code", code}, {"message", message}});
  });
}

QString keyTypeName(const PeerId& peer) {
  const auto key = peer.inlinePublicKey();
  if (!key) return "unknown";
  switch (key->type) {
    case KeyType::SECP256K1: return "secp256k1";
    case KeyType::ED25519: return "ed25519";
    case KeyType::RSA: return "rsa";
    case KeyType::ECDSA: return "ecdsa";
  }
  return "unknown";
}

int runListen(QCoreApplication& app, const Secp256k1Identity& id, const QHostAddress& host, quint16 port) {
  auto* server = new QTcpServer(&app);
  if (!server->listen(host, port)) return usage("cannot listen on the given host and port");
  const QString peer = QString::fromStdString(PeerId::fromPublicKey(id.publicKey()).toBase58());
  const quint16 bound = server->serverPort();
  logEvent("listening", {{"addr", QString("/ip4/%1/tcp/%2/p2p/%3").arg(host.toString()).arg(bound).arg(peer)}, {"peer", peer}});
  const auto credential = lezpay::p2pnet::credentialWithFreshStaticKey(id);
  QObject::connect(server, &QTcpServer::newConnection, &app, [=, &id] {
    while (QTcpSocket* socket = server->nextPendingConnection()) {
      P2pConnection::Options opt;
      opt.dialer = false;
      opt.credential = credential;
      opt.servedProtocols = kServed;
      opt.inbound = servingFactory(&id, socket, host, bound);
      auto* conn = new P2pConnection(socket, std::move(opt), server);
      logConnectionEvents(conn);
      QObject::connect(conn, &P2pConnection::established, conn, [conn] {
        logEvent("connected", {{"peer", QString::fromStdString(conn->remotePeer().toBase58())}, {"key_type", keyTypeName(conn->remotePeer())}});
        // js and nim ask identify on every new connection; so do we, to check theirs.
        conn->openStream(kIdentifyProtocol, std::make_unique<IdentifyClient>([](bool ok, const QString& detail, const Identify& m) {
          logEvent("remote_identify", {{"ok", ok}, {"detail", detail}, {"agent", QString::fromStdString(m.agentVersion.value_or(""))},
                                       {"protocols", protocolList(m)}});
        }));
      });
      QObject::connect(conn, &P2pConnection::streamFailed, conn, [](std::uint32_t sid, const QString& code, const QString& message) {
        logEvent("stream_error", {{"stream", sid}, {"code", code}, {"message", message}});
      });
      QObject::connect(conn, &P2pConnection::closed, conn, [conn] {
        logEvent("disconnected");
        conn->deleteLater();
      });
    }
  });
  return app.exec();
}

struct DialPlan {
  int pings = 3;
  int streams = 0;
  int bytes = 100000;
};

int runDial(QCoreApplication& app, const Secp256k1Identity& id, const QString& addr, DialPlan plan, int timeoutMs) {
  const QStringList parts = addr.split('/');
  // "", "ip4", A, "tcp", P, "p2p", ID
  if (parts.size() != 7 || parts[1] != "ip4" || parts[3] != "tcp" || parts[5] != "p2p") {
    return usage("the address must be /ip4/A/tcp/P/p2p/ID");
  }
  auto expected = parsePeerId(parts[6].toStdString());
  if (!expected.ok()) return usage(expected.error().message.c_str());
  int exitCode = 1;
  bool finished = false;
  // The first outcome is the result; later ones (the peer closing after success) are not.
  auto finish = [&app, &exitCode, &finished](bool ok, const QVariantMap& fields) {
    if (finished) return;
    finished = true;
    QVariantMap m = fields;
    m.insert("ok", ok);
    logEvent("result", m);
    exitCode = ok ? 0 : 1;
    QTimer::singleShot(0, &app, [&app] { app.quit(); });
  };
  QTimer::singleShot(timeoutMs, &app, [&] { finish(false, {{"detail", "timed out"}}); });

  auto* socket = new QTcpSocket;
  P2pConnection::Options opt;
  opt.dialer = true;
  opt.credential = lezpay::p2pnet::credentialWithFreshStaticKey(id);
  opt.expectedRemote = *expected;
  opt.servedProtocols = kServed;
  opt.inbound = servingFactory(&id, socket, QHostAddress(), 0);
  auto* conn = new P2pConnection(socket, std::move(opt), &app);
  logConnectionEvents(conn);
  QVariantMap results;
  QVariantList rtts;
  int echoed = 0;
  int echoFailed = 0;
  QObject::connect(conn, &P2pConnection::closed, &app, [&] { finish(false, {{"detail", "connection closed"}}); });
  QObject::connect(conn, &P2pConnection::streamFailed, &app, [&](std::uint32_t, const QString& code, const QString& message) {
    finish(false, {{"detail", "stream error " + code + ": " + message}});
  });
  std::function<void(int)> runPings;
  auto runEchoes = [&] {
    if (plan.streams == 0) return finish(true, results);
    for (int i = 0; i < plan.streams; ++i) {
      std::vector<std::uint8_t> payload(static_cast<std::size_t>(plan.bytes));
      for (std::size_t k = 0; k < payload.size(); ++k) payload[k] = static_cast<std::uint8_t>(k * 31 + i);
      conn->openStream(kEchoProtocol, std::make_unique<EchoClient>(std::move(payload), [&](bool ok, const QString& detail) {
        if (finished) return;
        ok ? ++echoed : ++echoFailed;
        if (!ok) logEvent("echo_failed", {{"detail", detail}});
        if (echoed + echoFailed == plan.streams) {
          results.insert("echo_streams", echoed);
          results.insert("echo_bytes_each", plan.bytes);
          finish(echoFailed == 0, results);
        }
      }));
    }
  };
  runPings = [&](int left) {
    if (left == 0) {
      results.insert("ping_rtt_us", rtts);
      return runEchoes();
    }
    conn->openStream(kPingProtocol, std::make_unique<PingClient>([&, left](bool ok, const QString& detail) {
      if (!ok) return finish(false, {{"detail", "ping: " + detail}});
      rtts.push_back(detail.toLongLong());
      runPings(left - 1);
    }));
  };
  QObject::connect(conn, &P2pConnection::established, &app, [&] {
    results.insert("peer", QString::fromStdString(conn->remotePeer().toBase58()));
    results.insert("key_type", keyTypeName(conn->remotePeer()));
    conn->openStream(kIdentifyProtocol, std::make_unique<IdentifyClient>([&](bool ok, const QString& detail, const Identify& m) {
      if (!ok) return finish(false, {{"detail", "identify: " + detail}});
      results.insert("agent", QString::fromStdString(m.agentVersion.value_or("")));
      results.insert("protocols", protocolList(m));
      runPings(plan.pings);
    }));
  });
  socket->connectToHost(QHostAddress(parts[2]), static_cast<quint16>(parts[4].toUInt()));
  app.exec();
  conn->goAway();
  // The handlers' callbacks point into this frame: the connection (which resets them) goes first.
  QObject::disconnect(conn, nullptr, &app, nullptr);
  delete conn;
  return exitCode;
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const QStringList args = app.arguments();
  if (args.size() < 2) return usage("a mode is required");
  const QString mode = args[1];
  QString keyFile;
  QString host = "127.0.0.1";
  quint16 port = 0;
  QString addr;
  DialPlan plan;
  int timeoutMs = 20000;
  for (int i = 2; i < args.size(); ++i) {
    const QString& a = args[i];
    auto value = [&](const char* name) -> QString {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "%s needs a value\n", name);
        std::exit(2);
      }
      return args[++i];
    };
    if (a == "--key-file") keyFile = value("--key-file");
    else if (a == "--host") host = value("--host");
    else if (a == "--port") port = static_cast<quint16>(value("--port").toUInt());
    else if (a == "--pings") plan.pings = value("--pings").toInt();
    else if (a == "--streams") plan.streams = value("--streams").toInt();
    else if (a == "--bytes") plan.bytes = value("--bytes").toInt();
    else if (a == "--timeout-ms") timeoutMs = value("--timeout-ms").toInt();
    else if (mode == "dial" && addr.isEmpty() && !a.startsWith("--")) addr = a;
    else return usage(qPrintable("unknown argument " + a));
  }
  if (plan.pings < 0 || plan.streams < 0 || plan.streams > 1000 || plan.bytes < 0 || plan.bytes > 64 * 1024 * 1024) {
    return usage("--pings, --streams (at most 1000) and --bytes (at most 64 MiB) must be in range");
  }
  auto id = loadIdentity(keyFile);
  if (!id) return usage("the key file must hold a valid secp256k1 secret as 64 hex digits");
  if (mode == "listen") {
    QHostAddress h(host);
    if (h.protocol() != QAbstractSocket::IPv4Protocol) return usage("--host must be an IPv4 address");
    return runListen(app, *id, h, port);
  }
  if (mode == "dial") {
    if (addr.isEmpty()) return usage("dial needs an address");
    return runDial(app, *id, addr, plan, timeoutMs);
  }
  return usage("the mode is listen or dial");
}
