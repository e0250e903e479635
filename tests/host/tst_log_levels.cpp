// Log levels per module (host/src/log_levels.cpp): the spec string and the file's object, their
// round trips, one refusal per rule naming the field, and the Qt rules they become, checked by
// applying them to real QLoggingCategory objects.
#include <QLoggingCategory>
#include <QtTest>

#include <algorithm>
#include <string>

#include "logos/host/daemon_config_file.h"
#include "logos/host/daemon_settings_file.h"
#include "logos/host/log_levels.h"
#include "logos/host/settings_reload_plan.h"

using namespace logos::host;
using logos::Json;

class TstLogLevels : public QObject {
  Q_OBJECT
 private slots:
  void specRoundTrips() {
    auto r = parseLogLevelSpec("default=info,delivery_module=debug,x402_module=warning", "--log-level");
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QVERIFY(r.value().defaultLevel == std::optional<LogLevel>(LogLevel::Info));
    QCOMPARE(r.value().modules.size(), std::size_t(2));
    QCOMPARE(encodeLogLevelSpec(r.value()), std::string("default=info,delivery_module=debug,x402_module=warning"));
    auto back = parseLogLevelSpec(encodeLogLevelSpec(r.value()), "--log-level");
    QVERIFY(back.ok());
    QCOMPARE(back.value(), r.value());
  }

  void bareLevelIsTheDefault() {
    auto r = parseLogLevelSpec("warning", "--log-level");
    QVERIFY(r.ok());
    QCOMPARE(encodeLogLevelSpec(r.value()), std::string("default=warning"));
  }

  void jsonAndSpecAgree() {
    auto j = decodeLogLevelsJson(Json::parse(R"({"default":"info","delivery_module":"debug"})"), "log_levels");
    QVERIFY2(j.ok(), j.ok() ? "" : j.error().message.c_str());
    auto s = parseLogLevelSpec(encodeLogLevelSpec(j.value()), "--log-level");
    QVERIFY(s.ok());
    QCOMPARE(s.value(), j.value());
    QVERIFY(encodeLogLevelsJson(j.value()) == Json::parse(R"({"default":"info","delivery_module":"debug"})"));
  }

  void refusesNamingTheField_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("says");
    QTest::newRow("empty") << "" << "--log-level: empty";
    QTest::newRow("unknown level") << "loud" << "--log-level entry 1 'loud': 'loud' is not a level (debug, info, warning, critical, off)";
    QTest::newRow("module level") << "delivery_module=verbose" << "entry 1 'delivery_module=verbose': 'verbose' is not a level";
    QTest::newRow("bad name") << "info,deli-very=debug" << "entry 2 'deli-very=debug': not a module name";
    QTest::newRow("twice") << "x402_module=info,x402_module=debug" << "'x402_module' is given twice";
    QTest::newRow("default twice") << "info,default=debug" << "default is given twice";
    QTest::newRow("trailing comma") << "info," << "entry 2 '': empty";
  }
  void refusesNamingTheField() {
    QFETCH(QString, spec);
    QFETCH(QString, says);
    auto r = parseLogLevelSpec(spec.toStdString(), "--log-level");
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QString("INVALID_CONFIG"));
    QVERIFY2(r.error().message.find(says.toStdString()) != std::string::npos, r.error().message.c_str());
  }

  void configFileFieldIsChecked_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("says");
    QTest::newRow("not object") << R"({"version":1,"log_levels":"debug"})" << "log_levels: not an object";
    QTest::newRow("not string") << R"({"version":1,"log_levels":{"default":3}})" << "log_levels.default: not a string";
    QTest::newRow("bad level") << R"({"version":1,"log_levels":{"delivery_module":"chatty"}})"
                               << "log_levels.delivery_module: 'chatty' is not a level";
    QTest::newRow("bad name") << R"({"version":1,"log_levels":{"a b":"info"}})" << "log_levels.a b: not a module name";
  }
  void configFileFieldIsChecked() {
    QFETCH(QString, text);
    QFETCH(QString, says);
    auto r = decodeDaemonSettings(text.toStdString());
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find(says.toStdString()) != std::string::npos, r.error().message.c_str());
  }

  void configFileRoundTripsLevels() {
    DaemonConfigFile f;
    f.logLevels = parseLogLevelSpec("default=warning,payment_streams_module=debug", "x").value();
    auto back = decodeDaemonConfig(encodeDaemonConfig(f));
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QCOMPARE(back.value(), f);
  }

  void changedLevelsReloadLiveNotByRestart() {
    DaemonSettings running;
    DaemonSettings next;
    next.flags.logLevels = parseLogLevelSpec("debug", "x").value();
    const ReloadPlan plan = planReload(running, next);
    QVERIFY(plan.logLevels);
    QVERIFY(plan.restart.empty());
    QVERIFY(!planReload(next, next).logLevels);
  }

  void moduleCategories() {
    QVERIFY(moduleLogCategories("x402_module") == (std::vector<std::string>{"lezpay.x402", "lezpay.x402.*"}));
    QVERIFY(moduleLogCategories("payment_streams_module") == (std::vector<std::string>{"lezpay.streams", "lezpay.streams.*"}));
    const auto d = moduleLogCategories("delivery_module");
    QVERIFY(std::find(d.begin(), d.end(), "lezpay.p2pnet") != d.end());
    QVERIFY(std::find(d.begin(), d.end(), "lezpay.delivery.*") != d.end());
  }

  // The rules as Qt applies them to categories named like the modules' own.
  void qtRulesSetEachModulesCategories() {
    QLoggingCategory store("lezpay.delivery.store");
    QLoggingCategory p2p("lezpay.p2pnet");
    QLoggingCategory merchant("lezpay.x402.merchant");
    QLoggingCategory autopilot("lezpay.streams.autopilot");
    QLoggingCategory qtNet("qt.network.ssl");
    const bool qtNetDebugBefore = qtNet.isDebugEnabled();
    auto levels = parseLogLevelSpec("default=info,delivery_module=debug,x402_module=warning", "x").value();
    QLoggingCategory::setFilterRules(QString::fromStdString(qtLoggingRules(levels)));
    QVERIFY(store.isDebugEnabled());
    QVERIFY(p2p.isDebugEnabled());
    QVERIFY(!merchant.isDebugEnabled());
    QVERIFY(!merchant.isInfoEnabled());
    QVERIFY(merchant.isWarningEnabled());
    QVERIFY(!autopilot.isDebugEnabled());
    QVERIFY(autopilot.isInfoEnabled());
    QCOMPARE(qtNet.isDebugEnabled(), qtNetDebugBefore);

    QLoggingCategory::setFilterRules(QString::fromStdString(qtLoggingRules(parseLogLevelSpec("off", "x").value())));
    QVERIFY(!store.isCriticalEnabled());
    QVERIFY(!merchant.isWarningEnabled());
    QLoggingCategory::setFilterRules(QString());
    QVERIFY(store.isDebugEnabled());
  }

  // Nothing set is info, not Qt's "everything": an accepted paid query logs at debug, and a
  // daemon started without levels must not print a line per query.
  void nothingSetIsInfo() {
    QLoggingCategory eligibility("lezpay.streams.eligibility");
    QLoggingCategory qtNet("qt.network.ssl");
    const bool qtNetDebugBefore = qtNet.isDebugEnabled();
    QLoggingCategory::setFilterRules(QString::fromStdString(qtLoggingRules(LogLevels{})));
    QVERIFY(!eligibility.isDebugEnabled());
    QVERIFY(eligibility.isInfoEnabled());
    QVERIFY(!QLoggingCategory::defaultCategory()->isDebugEnabled());
    QCOMPARE(qtNet.isDebugEnabled(), qtNetDebugBefore);
    QLoggingCategory::setFilterRules(QString::fromStdString(qtLoggingRules(parseLogLevelSpec("debug", "x").value())));
    QVERIFY(eligibility.isDebugEnabled());
    QLoggingCategory::setFilterRules(QString());
  }
};

QTEST_GUILESS_MAIN(TstLogLevels)
#include "tst_log_levels.moc"
