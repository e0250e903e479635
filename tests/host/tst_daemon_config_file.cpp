// The daemon's saved flags (host/src/daemon_config_file.cpp, logos-core.md §7 --persist-config):
// round trips of a full and an empty file, and one refusal per rule, each naming its field.
#include <QtTest>

#include <string>

#include "logos/host/daemon_config_file.h"

using namespace logos::host;

class TstDaemonConfigFile : public QObject {
  Q_OBJECT
 private slots:
  void fullFileRoundTrips() {
    DaemonConfigFile full;
    full.modulesDirs = {"/opt/m", "/srv/more"};
    full.persistencePath = "/var/lib/logos";
    full.accessPolicy = R"({"version":1,"mode":"enforce","restrictions":{}})";
    full.callTimeoutMs = 30000;
    full.moduleTransports = {"core_service=tcp,port=0", "capability_module=tcp_ssl,port=4101,cert=/c,key=/k"};
    full.insecureTcp = false;
    full.inProcess = true;
    auto back = decodeDaemonConfig(encodeDaemonConfig(full));
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QCOMPARE(back.value(), full);
  }

  void emptyFileRoundTrips() {
    QCOMPARE(encodeDaemonConfig(DaemonConfigFile{}), std::string("{\n  \"version\": 1\n}\n"));
    auto back = decodeDaemonConfig(encodeDaemonConfig(DaemonConfigFile{}));
    QVERIFY(back.ok());
    QCOMPARE(back.value(), DaemonConfigFile{});
  }

  void decodeRefusesNamingTheField_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("says");
    QTest::newRow("not json") << "{" << "daemon/config.json: not JSON";
    QTest::newRow("array") << "[]" << "daemon/config.json: not a JSON object";
    QTest::newRow("no version") << "{}" << "version: missing";
    QTest::newRow("version 2") << R"({"version":2})" << "version: must be 1 (got 2)";
    QTest::newRow("unknown key") << R"({"version":1,"port":1})" << "port: unknown key";
    QTest::newRow("dir number") << R"({"version":1,"modules_dirs":["/a",7]})" << "modules_dirs[1]: not a string";
    QTest::newRow("dir empty") << R"({"version":1,"modules_dirs":[""]})" << "modules_dirs[0]: empty";
    QTest::newRow("list object") << R"({"version":1,"module_transports":{}})" << "module_transports: not an array of strings";
    QTest::newRow("timeout zero") << R"({"version":1,"call_timeout_ms":0})" << "call_timeout_ms: not an integer";
    QTest::newRow("timeout float") << R"({"version":1,"call_timeout_ms":1.5})" << "call_timeout_ms: not an integer";
    QTest::newRow("insecure text") << R"({"version":1,"insecure_tcp":"yes"})" << "insecure_tcp: not true or false";
    QTest::newRow("path number") << R"({"version":1,"persistence_path":1})" << "persistence_path: not a string";
  }
  void decodeRefusesNamingTheField() {
    QFETCH(QString, text);
    QFETCH(QString, says);
    auto r = decodeDaemonConfig(text.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QString("INVALID_CONFIG"));
    QVERIFY2(r.error().message.find(says.toStdString()) != std::string::npos, r.error().message.c_str());
  }

  void decodeRefusesLongLists() {
    std::string text = R"({"version":1,"modules_dirs":[)";
    for (std::size_t i = 0; i <= kMaxDaemonConfigList; ++i) text += (i ? ",\"/m\"" : "\"/m\"");
    auto r = decodeDaemonConfig(text + "]}");
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("modules_dirs: more than 64 entries") != std::string::npos, r.error().message.c_str());
  }
};

QTEST_GUILESS_MAIN(TstDaemonConfigFile)
#include "tst_daemon_config_file.moc"
