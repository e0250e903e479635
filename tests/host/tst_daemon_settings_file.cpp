// The daemon's --config file (host/src/daemon_settings_file.cpp) and what a reload applies live
// (host/src/settings_reload_plan.cpp): round trips of a full and an empty file, one refusal per
// rule naming its field path, and the live/restart split.
#include <QtTest>

#include <string>

#include "logos/host/daemon_settings_file.h"
#include "logos/host/settings_reload_plan.h"

using namespace logos::host;

namespace {

// Plain literals: moc does not parse a multi-line raw string.
const char* kProvider =
    "{\n"
    "  \"version\": 1,\n"
    "  \"modules_dirs\": [\"/usr/lib/lez-pay/modules\"],\n"
    "  \"persistence_path\": \"/var/lib/lez-pay/provider\",\n"
    "  \"modules\": [\n"
    "    {\"name\": \"wallet_module\", \"settings\": [\n"
    "      {\"unlock\": {\"password_file\": \"/etc/lez-pay/wallet.pass\", \"create_if_missing\": true}},\n"
    "      {\"configure\": {\"sequencer_url\": \"http://127.0.0.1:3040\"}}]},\n"
    "    {\"name\": \"delivery_module\", \"settings\": [\n"
    "      {\"createNode\": {\"configJson\": {\"storeService\": true, \"host\": \"127.0.0.1\", \"tcpPort\": 60000}}},\n"
    "      {\"setEligibilityVerifier\": {\"moduleName\": \"payment_streams_module\", \"arm\": \"all\"}},\n"
    "      {\"setEligibilityVerifier\": {\"moduleName\": \"x402_module\", \"arm\": \"proof_of_payment\"}},\n"
    "      {\"start\": {}}]},\n"
    "    {\"name\": \"x402_module\", \"settings\": [\n"
    "      {\"configureStorePayment\": {\"config_json\": {\"amount\": \"5\"}}},\n"
    "      {\"startMerchant\": {\"config_json\": {\"port\": 60001}}}]}\n"
    "  ]\n"
    "}\n";

DaemonSettings decodeOk(const std::string& text) {
  auto d = decodeDaemonSettings(text);
  if (!d.ok()) qFatal("%s", d.error().message.c_str());
  return d.value();
}

}  // namespace

class TstDaemonSettingsFile : public QObject {
  Q_OBJECT
 private slots:
  void providerFileDecodesInOrderAndRoundTrips() {
    const DaemonSettings s = decodeOk(kProvider);
    QCOMPARE(s.flags.modulesDirs, std::vector<std::string>{"/usr/lib/lez-pay/modules"});
    QCOMPARE(s.modules.size(), std::size_t{3});
    QCOMPARE(s.modules[1].name, std::string("delivery_module"));
    QCOMPARE(s.modules[1].steps.size(), std::size_t{4});
    QCOMPARE(s.modules[1].steps[2].operation, std::string("setEligibilityVerifier"));
    QCOMPARE(s.modules[1].steps[3].operation, std::string("start"));
    QCOMPARE(s.modules[1].steps[0].params["configJson"]["tcpPort"].get<int>(), 60000);
    QVERIFY(s.modules[0].steps[0].unlock.has_value());
    QCOMPARE(s.modules[0].steps[0].unlock->path, std::string("/etc/lez-pay/wallet.pass"));
    QVERIFY(s.modules[0].steps[0].unlock->createIfMissing);
    auto back = decodeDaemonSettings(encodeDaemonSettings(s));
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QCOMPARE(back.value(), s);
  }

  void emptyFileRoundTrips() {
    const DaemonSettings s = decodeOk(R"json({"version":1})json");
    QCOMPARE(s, DaemonSettings{});
    QCOMPARE(decodeOk(encodeDaemonSettings(s)), s);
  }

  void decodeRefusesNamingTheField_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("says");
    QTest::newRow("not json") << "{" << "not JSON";
    QTest::newRow("modules not list") << R"json({"version":1,"modules":{}})json" << "modules: not a list";
    QTest::newRow("module not object") << R"json({"version":1,"modules":[7]})json" << "modules[0]: not an object";
    QTest::newRow("no name") << R"json({"version":1,"modules":[{"settings":[]}]})json" << "modules[0].name: missing";
    QTest::newRow("bad name") << R"json({"version":1,"modules":[{"name":"../x"}]})json" << "modules[0].name: not a module name";
    QTest::newRow("twice") << R"json({"version":1,"modules":[{"name":"a"},{"name":"a"}]})json" << "modules[1].name: 'a' is listed twice";
    QTest::newRow("unknown module key") << R"json({"version":1,"modules":[{"name":"a","setting":[]}]})json" << "modules[0].setting: unknown key";
    QTest::newRow("settings object") << R"json({"version":1,"modules":[{"name":"a","settings":{"tcpPort":1}}]})json"
                                     << "modules[0].settings: not a list of steps";
    QTest::newRow("two keys") << R"json({"version":1,"modules":[{"name":"a","settings":[{"x":{},"y":{}}]}]})json"
                              << "modules[0].settings[0]: not an object with exactly one key";
    QTest::newRow("params not object")
        << R"json({"version":1,"modules":[{"name":"w"},{"name":"d","settings":[{"start":{}},{"createNode":7}]}]})json"
        << "modules[1].settings[1].createNode: not an object";
    QTest::newRow("bad op") << R"json({"version":1,"modules":[{"name":"a","settings":[{"a b":{}}]}]})json" << "modules[0].settings[0].a b: not an operation name";
    QTest::newRow("password inline") << R"json({"version":1,"modules":[{"name":"w","settings":[{"unlock":{"password":"x"}}]}]})json"
                                     << "modules[0].settings[0].unlock.password: a password is never written";
    QTest::newRow("two sources")
        << R"json({"version":1,"modules":[{"name":"w","settings":[{"unlock":{"password_fd":3,"systemd_credential":"p"}}]}]})json"
        << "modules[0].settings[0].unlock: needs exactly one of";
    QTest::newRow("relative file") << R"json({"version":1,"modules":[{"name":"w","settings":[{"unlock":{"password_file":"p"}}]}]})json"
                                   << "unlock.password_file: not an absolute path";
    QTest::newRow("fd range") << R"json({"version":1,"modules":[{"name":"w","settings":[{"unlock":{"password_fd":-1}}]}]})json"
                              << "unlock.password_fd: not a file descriptor number";
    QTest::newRow("credential slash") << R"json({"version":1,"modules":[{"name":"w","settings":[{"unlock":{"systemd_credential":"a/b"}}]}]})json"
                                      << "unlock.systemd_credential: not a credential name";
    QTest::newRow("flag") << R"json({"version":1,"call_timeout_ms":0})json" << "call_timeout_ms: not an integer";
    QTest::newRow("unknown top") << R"json({"version":1,"module":[]})json" << "module: unknown key (known: modules, version";
    QTest::newRow("version") << R"json({"version":2,"modules":[]})json" << "version: must be 1";
  }

  void decodeRefusesNamingTheField() {
    QFETCH(QString, text);
    QFETCH(QString, says);
    auto d = decodeDaemonSettings(text.toStdString());
    QVERIFY(!d.ok());
    QCOMPARE(d.error().code, std::string("INVALID_CONFIG"));
    QVERIFY2(d.error().message.find(says.toStdString()) != std::string::npos, d.error().message.c_str());
  }

  void reloadAppliesConfigurationStepsLive() {
    const DaemonSettings running = decodeOk(kProvider);
    DaemonSettings next = running;
    next.modules[2].steps[0].params["config_json"]["amount"] = "7";
    const ReloadPlan plan = planReload(running, next);
    QCOMPARE(plan.restart.size(), std::size_t{0});
    QCOMPARE(plan.live.size(), std::size_t{1});
    QCOMPARE(plan.live[0].field, std::string("modules[2].settings[0].configureStorePayment"));
  }

  void reloadListsWhatNeedsARestart() {
    const DaemonSettings running = decodeOk(kProvider);
    DaemonSettings next = running;
    next.modules[1].steps[0].params["configJson"]["tcpPort"] = 60005;  // a listen address
    next.modules[2].steps[1].params["config_json"]["port"] = 60006;
    next.flags.moduleTransports = {"core_service=tcp,port=0"};
    ReloadPlan plan = planReload(running, next);
    QCOMPARE(plan.live.size(), std::size_t{0});
    QCOMPARE(plan.restart.size(), std::size_t{3});
    QCOMPARE(plan.restart[0].field, std::string("module_transports"));
    QCOMPARE(plan.restart[1].field, std::string("modules[1].settings[0].createNode"));
    QCOMPARE(plan.restart[2].field, std::string("modules[2].settings[1].startMerchant"));

    DaemonSettings fewer = running;
    fewer.modules.pop_back();
    plan = planReload(running, fewer);
    QCOMPARE(plan.restart.size(), std::size_t{1});
    QCOMPARE(plan.restart[0].field, std::string("modules"));

    DaemonSettings reordered = running;
    std::swap(reordered.modules[1].steps[1], reordered.modules[1].steps[3]);
    plan = planReload(running, reordered);
    QCOMPARE(plan.restart.size(), std::size_t{1});
    QCOMPARE(plan.restart[0].field, std::string("modules[1].settings"));
  }

  void unchangedFileChangesNothing() {
    const DaemonSettings running = decodeOk(kProvider);
    const ReloadPlan plan = planReload(running, running);
    QVERIFY(plan.live.empty());
    QVERIFY(plan.restart.empty());
  }
};

QTEST_APPLESS_MAIN(TstDaemonSettingsFile)
#include "tst_daemon_settings_file.moc"
