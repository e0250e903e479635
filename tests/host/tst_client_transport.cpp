// The transport rules of logos-core.md §15 without sockets: the daemon's --module-transport
// values (host/src/transport_spec.cpp) and the client's endpoint resolution, flag > env >
// client/config.json (host/src/client_transport.cpp).
#include <QtTest>

#include <map>
#include <string>

#include "logos/host/client_transport.h"
#include "logos/host/transport_spec.h"

using logos::Json;
using namespace logos::host;

namespace {
const std::string kPath = "/c/client/config.json";

std::string v2(const Json& core, const Json& extra = Json::object()) {
  Json j{{"version", 2}, {"token_file", "auto.json"}, {"daemon", {{"core_service", core}}}};
  j.update(extra);
  return j.dump();
}

ClientOverrides envOf(const std::map<std::string, std::string>& vars) {
  return clientOverridesFromEnv([&](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}
}  // namespace

class TstClientTransport : public QObject {
  Q_OBJECT
 private slots:
  void moduleTransportReadsEveryKey() {
    auto s = parseModuleTransport("capability_module=tcp_ssl,host=0.0.0.0,port=4443,codec=json,cert=/c.pem,key=/k.pem,ca=/ca.pem,verify_peer=0");
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    QCOMPARE(QString::fromStdString(s->module), QStringLiteral("capability_module"));
    QCOMPARE(QString::fromStdString(s->protocol), QStringLiteral("tcp_ssl"));
    QCOMPARE(QString::fromStdString(s->host), QStringLiteral("0.0.0.0"));
    QCOMPARE(s->port, 4443);
    QCOMPARE(QString::fromStdString(s->cert), QStringLiteral("/c.pem"));
    QCOMPARE(QString::fromStdString(s->key), QStringLiteral("/k.pem"));
    QCOMPARE(QString::fromStdString(s->ca), QStringLiteral("/ca.pem"));
    QVERIFY(!s->verifyPeer);
    auto back = parseModuleTransport(formatModuleTransport(*s));
    QVERIFY(back.ok() && *back == *s);
  }

  void moduleTransportDefaults() {
    auto s = parseModuleTransport("core_service=tcp");
    QVERIFY(s.ok());
    QCOMPARE(QString::fromStdString(s->host), QStringLiteral("127.0.0.1"));
    QCOMPARE(s->port, 0);
    QCOMPARE(QString::fromStdString(s->codec), QStringLiteral("json"));
    QVERIFY(parseModuleTransport("core_service=local").ok());
  }

  void moduleTransportRefusals_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("says");
    QTest::newRow("no =") << "core_service" << "NAME=PROTO";
    QTest::newRow("other module") << "wallet_module=tcp" << "core_service or capability_module";
    QTest::newRow("proto") << "core_service=udp" << "local, tcp or tcp_ssl";
    QTest::newRow("unknown key") << "core_service=tcp,hots=1.2.3.4" << "unknown key 'hots'";
    QTest::newRow("port text") << "core_service=tcp,port=http" << "port 'http'";
    QTest::newRow("port big") << "core_service=tcp,port=65536" << "0 to 65535";
    QTest::newRow("port negative") << "core_service=tcp,port=-1" << "0 to 65535";
    QTest::newRow("codec") << "core_service=tcp,codec=xml" << "codec 'xml'";
    QTest::newRow("verify_peer") << "core_service=tcp_ssl,verify_peer=yes" << "verify_peer 'yes'";
    QTest::newRow("twice") << "core_service=tcp,port=1,port=2" << "given twice";
    QTest::newRow("tls key on tcp") << "core_service=tcp,cert=/c.pem" << "tcp_ssl only";
    QTest::newRow("keys on local") << "core_service=local,port=1" << "local takes no keys";
    QTest::newRow("empty host") << "core_service=tcp,host=" << "empty value";
    QTest::newRow("trailing comma") << "core_service=tcp," << "is not key=value";
  }
  void moduleTransportRefusals() {
    QFETCH(QString, value);
    QFETCH(QString, says);
    auto s = parseModuleTransport(value.toStdString());
    QVERIFY(!s.ok());
    QCOMPARE(QString::fromStdString(s.error().code), QStringLiteral("INVALID_ARGS"));
    QVERIFY2(s.error().message.find(says.toStdString()) != std::string::npos, s.error().message.c_str());
    QVERIFY2(s.error().message.rfind("--module-transport '", 0) == 0, s.error().message.c_str());
  }

  void guardNeedsInsecureTcpOffLoopback() {
    const auto open = *parseModuleTransport("core_service=tcp,host=0.0.0.0");
    auto refused = checkListeners({open}, false);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.find("--insecure-tcp") != std::string::npos, refused.error().message.c_str());
    QVERIFY(checkListeners({open}, true).ok());
    for (const char* host : {"127.0.0.1", "::1", "localhost"}) {
      QVERIFY(checkListeners({*parseModuleTransport(std::string("core_service=tcp,host=") + host)}, false).ok());
    }
    // TLS protects the traffic: no --insecure-tcp needed.
    QVERIFY(checkListeners({*parseModuleTransport("core_service=tcp_ssl,host=0.0.0.0,cert=/c,key=/k")}, false).ok());
  }

  void cborAndMissingTlsFilesRefused() {
    auto cbor = checkListeners({*parseModuleTransport("core_service=tcp,codec=cbor")}, false);
    QVERIFY(!cbor.ok());
    QVERIFY2(cbor.error().message.find("codec cbor is not served") != std::string::npos, cbor.error().message.c_str());
    auto noKey = checkListeners({*parseModuleTransport("core_service=tcp_ssl,cert=/c.pem")}, false);
    QVERIFY(!noKey.ok());
    QVERIFY2(noKey.error().message.find("needs cert=") != std::string::npos, noKey.error().message.c_str());
  }

  void resolvedTransportsNeverCarryCertOrKey() {
    auto tls = *parseModuleTransport("core_service=tcp_ssl,port=0,cert=/secret/c.pem,key=/secret/k.pem,ca=/ca.pem");
    auto tcp = *parseModuleTransport("capability_module=tcp,port=0");
    const Json r = resolvedTransports({{tls, 4443}, {tcp, 4000}});
    const Json& core = r["modules"]["core_service"]["transports"];
    QCOMPARE(core.size(), std::size_t(2));
    QCOMPARE(core[0], Json({{"protocol", "local"}}));
    QCOMPARE(core[1], Json({{"protocol", "tcp_ssl"}, {"host", "127.0.0.1"}, {"port", 4443}, {"codec", "json"},
                            {"verify_peer", true}, {"ca_file", "/ca.pem"}}));
    QCOMPARE(r["modules"]["capability_module"]["transports"][1],
             Json({{"protocol", "tcp"}, {"host", "127.0.0.1"}, {"port", 4000}, {"codec", "json"}}));
    QVERIFY(r.dump().find("secret") == std::string::npos);
    // A module without listeners still has its local entry.
    QCOMPARE(resolvedTransports({})["modules"]["capability_module"]["transports"], Json::array({Json{{"protocol", "local"}}}));
  }

  void absentConfigIsTheLocalSocket() {
    auto r = resolveClientTransport({}, {}, kPath, std::nullopt);
    QVERIFY(r.ok());
    QCOMPARE(QString::fromStdString(r->config.coreService.transport), QStringLiteral("local"));
    QCOMPARE(QString::fromStdString(r->source), QStringLiteral("default"));
  }

  void olderTokenFileFormStaysLocal() {
    auto r = resolveClientTransport({}, {}, kPath, std::string(R"({"token_file":"ci.json"})"));
    QVERIFY(r.ok());
    QCOMPARE(QString::fromStdString(r->config.coreService.transport), QStringLiteral("local"));
    QCOMPARE(QString::fromStdString(r->config.tokenFile), QStringLiteral("ci.json"));
  }

  void v2ConfigIsRead() {
    auto r = resolveClientTransport({}, {}, kPath,
                                    v2({{"transport", "tcp_ssl"}, {"host", "127.0.0.1"}, {"port", 4443}, {"verify_peer", false}}));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    const auto& e = r->config.coreService;
    QCOMPARE(QString::fromStdString(e.transport), QStringLiteral("tcp_ssl"));
    QCOMPARE(e.port, 4443);
    QVERIFY(!e.verifyPeer);
    QCOMPARE(QString::fromStdString(e.codec), QStringLiteral("json"));
  }

  void invalidConfigIsAnErrorNeverLocal_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("says");
    QTest::newRow("not json") << "{" << "config.json is";
    QTest::newRow("array") << "[]" << "not a JSON object";
    QTest::newRow("version 1") << QString::fromStdString(Json{{"version", 1}, {"daemon", Json::object()}}.dump()) << "version 1";
    QTest::newRow("version 3") << QString::fromStdString(v2({{"transport", "local"}}, {{"version", 3}})) << "version 3";
    QTest::newRow("daemon without version") << R"({"daemon":{"core_service":{"transport":"local"}}})" << "version missing";
    QTest::newRow("no core_service") << R"({"version":2,"daemon":{"capability_module":{"transport":"local"}}})" << "daemon.core_service is missing";
    QTest::newRow("unknown transport") << QString::fromStdString(v2({{"transport", "udp"}})) << "transport 'udp'";
    QTest::newRow("protocol key") << QString::fromStdString(v2({{"protocol", "tcp"}})) << "core_service.transport must be";
    QTest::newRow("port string") << QString::fromStdString(v2({{"transport", "tcp"}, {"port", "4000"}})) << "port is not";
    QTest::newRow("port big") << QString::fromStdString(v2({{"transport", "tcp"}, {"port", 70000}})) << "port is not";
    QTest::newRow("host number") << QString::fromStdString(v2({{"transport", "tcp"}, {"host", 1}})) << "host is not";
    QTest::newRow("verify_peer string") << QString::fromStdString(v2({{"transport", "tcp_ssl"}, {"verify_peer", "no"}})) << "verify_peer";
    QTest::newRow("codec") << QString::fromStdString(v2({{"transport", "tcp"}, {"codec", "xml"}})) << "codec";
    QTest::newRow("token_file path") << QString::fromStdString(v2({{"transport", "local"}}, {{"token_file", "../x.json"}})) << "token_file";
    QTest::newRow("capability bad") << QString::fromStdString(v2({{"transport", "local"}}, {{"daemon", {{"core_service", {{"transport", "local"}}}, {"capability_module", 5}}}}))
                                    << "capability_module is not an object";
  }
  void invalidConfigIsAnErrorNeverLocal() {
    QFETCH(QString, text);
    QFETCH(QString, says);
    auto r = resolveClientTransport({}, {}, kPath, text.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("INVALID_CONFIG"));
    QVERIFY2(r.error().message.find(says.toStdString()) != std::string::npos, r.error().message.c_str());
    QVERIFY2(r.error().message.rfind(kPath, 0) == 0, r.error().message.c_str());
  }

  void flagBeatsEnvBeatsFile() {
    const std::string file = v2({{"transport", "tcp"}, {"host", "10.0.0.1"}, {"port", 1000}},
                                {{"daemon", {{"core_service", {{"transport", "tcp"}, {"host", "10.0.0.1"}, {"port", 1000}}},
                                             {"capability_module", {{"transport", "local"}}}}}});
    ClientOverrides env = envOf({{"LOGOSCORE_CLIENT_TCP_PORT", "2000"}, {"LOGOSCORE_CLIENT_TCP_HOST", "10.0.0.2"},
                                 {"LOGOSCORE_CLIENT_TRANSPORT", "tcp_ssl"}, {"LOGOSCORE_CLIENT_NO_VERIFY_PEER", "true"}});
    ClientOverrides flags;
    flags.port = "3000";
    auto r = resolveClientTransport(flags, env, kPath, file);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    const auto& core = r->config.coreService;
    QCOMPARE(core.port, 3000);                                           // flag
    QCOMPARE(QString::fromStdString(core.host), QStringLiteral("10.0.0.2"));  // env over file
    QCOMPARE(QString::fromStdString(core.transport), QStringLiteral("tcp_ssl"));
    QVERIFY(!core.verifyPeer);
    // Both entries get the overrides.
    QCOMPARE(r->config.capabilityModule->port, 3000);
    QCOMPARE(QString::fromStdString(r->config.capabilityModule->transport), QStringLiteral("tcp_ssl"));
    QCOMPARE(QString::fromStdString(r->source), QStringLiteral("flags"));
  }

  void overridesDoNotRescueAnInvalidFile() {
    ClientOverrides flags;
    flags.transport = "local";
    auto r = resolveClientTransport(flags, {}, kPath, v2({{"transport", "udp"}}));
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("INVALID_CONFIG"));
  }

  void badOverrideValues_data() {
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("says");
    QTest::newRow("codec flag") << "codec" << "xml" << "--client-codec 'xml'";
    QTest::newRow("transport flag") << "transport" << "udp" << "--client-transport 'udp'";
    QTest::newRow("port flag") << "port" << "80a" << "--client-tcp-port '80a'";
    QTest::newRow("token file flag") << "token" << "/etc/passwd" << "--token-file '/etc/passwd'";
  }
  void badOverrideValues() {
    QFETCH(QString, which);
    QFETCH(QString, value);
    QFETCH(QString, says);
    ClientOverrides flags;
    const std::string v = value.toStdString();
    if (which == "codec") flags.codec = v;
    if (which == "transport") flags.transport = v;
    if (which == "port") flags.port = v;
    if (which == "token") flags.tokenFile = v;
    auto r = resolveClientTransport(flags, {}, kPath, std::nullopt);
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("INVALID_CONFIG"));
    QVERIFY2(r.error().message.find(says.toStdString()) != std::string::npos, r.error().message.c_str());
  }

  void envNamesTheVariable() {
    auto r = resolveClientTransport({}, envOf({{"LOGOSCORE_CLIENT_CODEC", "msgpack"}}), kPath, std::nullopt);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("LOGOSCORE_CLIENT_CODEC") != std::string::npos, r.error().message.c_str());
  }

  void flagsAreTaken() {
    std::vector<std::string> args{"--client-transport", "tcp", "status", "--no-verify-peer", "--client-tcp-port"};
    ClientOverrides f;
    std::size_t i = 0;
    QVERIFY(takeClientTransportFlag(args, i, f).value());
    QCOMPARE(i, std::size_t(1));
    i = 2;
    QVERIFY(!takeClientTransportFlag(args, i, f).value());
    i = 3;
    QVERIFY(takeClientTransportFlag(args, i, f).value());
    QVERIFY(f.noVerifyPeer.has_value());
    i = 4;
    auto missing = takeClientTransportFlag(args, i, f);
    QVERIFY(!missing.ok());
    QCOMPARE(QString::fromStdString(missing.error().code), QStringLiteral("INVALID_CONFIG"));
  }

  void daemonRewritesOnlyItsOwnStaleFile() {
    QVERIFY(clientConfigIsStale(std::nullopt, "aaaaaaaaaaaa"));
    const std::string own = clientConfigJson(localClientConfig("bbbbbbbbbbbb")).dump();
    QVERIFY(clientConfigIsStale(own, "aaaaaaaaaaaa"));
    QVERIFY(!clientConfigIsStale(own, "bbbbbbbbbbbb"));
    QVERIFY(!clientConfigIsStale(R"({"token_file":"ci.json"})", "aaaaaaaaaaaa"));
    QVERIFY(!clientConfigIsStale(v2({{"transport", "tcp"}, {"host", "h"}, {"port", 1}}), "aaaaaaaaaaaa"));
    QVERIFY(!clientConfigIsStale(std::string("{broken"), "aaaaaaaaaaaa"));
  }

  void localFileRoundTrips() {
    const ClientConfig local = localClientConfig("0123456789ab");
    const Json j = clientConfigJson(local);
    QCOMPARE(j, Json::parse(R"({"version":2,"token_file":"auto.json","instance_id":"0123456789ab",
      "daemon":{"core_service":{"transport":"local"},"capability_module":{"transport":"local"}}})"));
    auto back = parseClientConfig(kPath, j.dump());
    QVERIFY(back.ok() && *back == local);
  }
};

QTEST_GUILESS_MAIN(TstClientTransport)
#include "tst_client_transport.moc"
