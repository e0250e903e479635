// Module lifecycle (host/include/logos/host/module_lifecycle.h): only the listed phase moves are
// allowed, and a module that fails to load stays listed with its reason chain through the
// dependency that failed (module_loader.h), in list-modules and module-info alike.
#include <QtTest>

#include <QTemporaryDir>

#include <algorithm>
#include <map>

#include "logos/envelope.h"
#include "logos/host/module_host.h"
#include "logos/host/module_lifecycle.h"

using logos::Json;
using logos::host::ModuleState;

class TstModuleLifecycle : public QObject {
  Q_OBJECT

 private slots:
  void onlyListedMovesAreAllowed() {
    using S = ModuleState;
    const std::vector<std::pair<S, S>> allowed = {{S::Discovered, S::Resolved}, {S::Resolved, S::Loaded}, {S::Loaded, S::Initialized},
                                                  {S::Initialized, S::Running},  {S::Running, S::Stopped},  {S::Loaded, S::Stopped},
                                                  {S::Initialized, S::Stopped}};
    const std::vector<S> all = {S::Discovered, S::Resolved, S::Loaded, S::Initialized, S::Running, S::Stopped, S::Failed};
    for (S from : all) {
      for (S to : all) {
        bool expected = std::find(allowed.begin(), allowed.end(), std::make_pair(from, to)) != allowed.end();
        if (to == S::Failed) expected = from != S::Stopped && from != S::Failed;
        QVERIFY2(logos::host::canMove(from, to) == expected,
                 qPrintable(QString::fromLatin1(logos::host::toString(from)) + " -> " + QString::fromLatin1(logos::host::toString(to))));
      }
    }
    auto refused = logos::host::checkMove("m", S::Resolved, S::Running);
    QVERIFY(!refused.ok());
    QCOMPARE(QString::fromStdString(refused.error().message), QStringLiteral("module 'm': cannot move from resolved to running"));
  }

  void failedDependencyIsListedWithItsReasonChain() {
    QTemporaryDir persistence;
    logos::host::HostOptions o;
    o.moduleDirs = {TEST_MODULES_DIR, BROKEN_MODULES_DIR};
    o.persistencePath = persistence.path().toStdString();
    logos::host::ModuleHost host(o);
    for (const char* name : {"test_needs_broken", "test_init_fail"}) {
      bool done = false;
      host.loadModule(name, [&](Json) { done = true; });
      QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    }
    std::map<std::string, Json> listed;
    for (const auto& m : host.listModules(false)) listed[m["name"].get<std::string>()] = m;

    const Json& dependent = listed["test_needs_broken"];
    QCOMPARE(QString::fromStdString(dependent["status"].get<std::string>()), QStringLiteral("failed"));
    QCOMPARE(QString::fromStdString(dependent["state"].get<std::string>()), QStringLiteral("failed"));
    const std::string chain = dependent["reason"].get<std::string>();
    QVERIFY2(chain.rfind("test_needs_broken failed: dependency test_bad_meta failed: ", 0) == 0, chain.c_str());
    QVERIFY2(chain.find("version: required field is missing") != std::string::npos, chain.c_str());

    const Json& initFail = listed["test_init_fail"];
    QCOMPARE(QString::fromStdString(initFail["status"].get<std::string>()), QStringLiteral("failed"));
    QCOMPARE(QString::fromStdString(initFail["reason"].get<std::string>()),
             QStringLiteral("test_init_fail failed: initLogos failed: this test module always refuses to start"));

    Json info = host.moduleInfo("test_needs_broken");
    QVERIFY(logos::isOk(info));
    QCOMPARE(QString::fromStdString(info["state"].get<std::string>()), QStringLiteral("failed"));
    QCOMPARE(info["reason"].get<std::string>(), chain);

    // A module never tried stays merely discovered.
    QCOMPARE(QString::fromStdString(listed["test_echo"]["status"].get<std::string>()), QStringLiteral("discovered"));
  }
};

QTEST_GUILESS_MAIN(TstModuleLifecycle)
#include "tst_module_lifecycle.moc"
