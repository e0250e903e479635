// ModuleHost with real test plugins (tests/plugins): loading in dependency order, refused
// modules with their reasons, threads, timeouts, call cycles, access policy, events, unload.
#include <QtTest>

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <map>
#include <set>

#include "host_test_support.h"
#include "logos/envelope.h"
#include "logos/host/module_host.h"
#include "logos/sdk/dispatcher.h"
#include "logos/sdk/param_check.h"
#include "logos/sdk/result_shape.h"

using logos::Json;
using logos::host::HostOptions;
using logos::host::ModuleHost;

namespace {

using namespace host_test;

std::unique_ptr<ModuleHost> makeHost(bool policyOn = true, bool withBroken = false, int timeoutMs = 5000) {
  HostOptions o;
  o.moduleDirs = {TEST_MODULES_DIR};
  if (withBroken) o.moduleDirs.push_back(BROKEN_MODULES_DIR);
  o.persistencePath = persistence().path().toStdString();
  o.policy = policyOn ? logos::host::AccessPolicy::enforcing() : logos::host::AccessPolicy::off();
  o.defaultCallTimeoutMs = timeoutMs;
  return std::make_unique<ModuleHost>(o);
}

}  // namespace

class TstModuleHost : public QObject {
  Q_OBJECT

 private slots:
  void loadsDependenciesFirst() {
    auto host = makeHost();
    Json r = load(*host, "test_leaf");
    QVERIFY2(logos::isOk(r), r.dump().c_str());
    QCOMPARE(r["loaded"], Json::array({"test_echo", "test_caller", "test_leaf"}));
    QCOMPARE(host->loadedNames(), (std::vector<std::string>{"test_echo", "test_caller", "test_leaf"}));
    Json again = load(*host, "test_leaf");
    QVERIFY(logos::isOk(again));
    QCOMPARE(again["loaded"].size(), std::size_t(0));
  }

  void persistenceDirectoryIsPrivateAndStable() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_echo")));
    Json r = call(*host, "test_echo", "persistence", Json::array());
    QVERIFY2(logos::isOk(r), r.dump().c_str());
    const QString path = QString::fromStdString(r["result"]["path"].get<std::string>());
    QCOMPARE(path, persistence().path() + "/test_echo/default");
    QVERIFY(QFileInfo(path).isDir());
    QCOMPARE(QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteOther), QFileDevice::Permissions());
  }

  void refusedModulesNameFileAndReason_data() {
    QTest::addColumn<QString>("module");
    QTest::addColumn<QString>("codeExpected");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("cycle") << "test_cycle_a" << "MODULE_LOAD_FAILED" << "dependency cycle: test_cycle_a -> test_cycle_b -> test_cycle_a";
    QTest::newRow("missing dependency") << "test_missing_dep" << "MODULE_LOAD_FAILED" << "'test_missing_dep' depends on 'no_such_module', which was not found";
    QTest::newRow("bad metadata") << "test_bad_meta" << "MODULE_LOAD_FAILED" << "version: required field is missing";
    QTest::newRow("dependency with bad metadata") << "test_needs_broken" << "MODULE_LOAD_FAILED" << "dependency 'test_bad_meta'";
    QTest::newRow("name mismatch") << "test_wrong_name" << "MODULE_LOAD_FAILED" << "plugin name() is 'not_the_metadata_name'";
    QTest::newRow("init fails") << "test_init_fail" << "MODULE_LOAD_FAILED" << "initLogos failed: this test module always refuses to start";
    QTest::newRow("unknown") << "no_such_thing" << "MODULE_NOT_FOUND" << "no module named 'no_such_thing'";
  }
  void refusedModulesNameFileAndReason() {
    QFETCH(QString, module);
    QFETCH(QString, codeExpected);
    QFETCH(QString, mentions);
    auto host = makeHost(true, true);
    Json r = load(*host, module.toStdString());
    QCOMPARE(code(r), codeExpected);
    QVERIFY2(message(r).contains(mentions), r.dump().c_str());
    if (codeExpected == "MODULE_LOAD_FAILED" && module != "test_cycle_a" && module != "test_missing_dep") {
      QVERIFY2(message(r).contains(".so") || message(r).contains("metadata.json"), r.dump().c_str());  // names the file
    }
    QVERIFY(!host->isLoaded(module.toStdString()));
    // The host stays usable.
    QVERIFY(logos::isOk(load(*host, "test_echo")));
  }

  void refusedModulesAreListedWithReason() {
    auto host = makeHost(true, true);
    Json list = host->listModules(false);
    bool found = false;
    for (const auto& m : list) {
      if (m["name"] == "test_bad_meta") {
        QCOMPARE(m["status"].get<std::string>(), std::string("failed"));
        QVERIFY(m["reason"].get<std::string>().find("version") != std::string::npos);
        found = true;
      }
    }
    QVERIFY(found);
  }

  void staleSidecarMetadataIsRefused() {
    QTemporaryDir dir;
    QDir().mkpath(dir.path() + "/test_echo");
    QVERIFY(QFile::copy(QString(TEST_MODULES_DIR) + "/test_echo/test_echo_plugin.so", dir.path() + "/test_echo/test_echo_plugin.so"));
    QFile side(dir.path() + "/test_echo/metadata.json");
    QVERIFY(side.open(QIODevice::WriteOnly));
    side.write("{ not json");
    side.close();
    HostOptions o;
    o.moduleDirs = {dir.path().toStdString()};
    o.persistencePath = persistence().path().toStdString();
    ModuleHost host(o);
    QCOMPARE(host.discovery().modules.size(), std::size_t(0));
    QCOMPARE(host.discovery().problems.size(), std::size_t(1));
    QVERIFY(host.discovery().problems[0].file.find("metadata.json") != std::string::npos);
    QVERIFY(host.discovery().problems[0].reason.find("not valid JSON") != std::string::npos);
  }

  void callBindsPositionalArgumentsAndChainAction() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_echo")));
    Json r = call(*host, "test_echo", "add", Json::array({2, 40}));
    QVERIFY2(logos::isOk(r), r.dump().c_str());
    QCOMPARE(r["result"]["sum"].get<int>(), 42);
    r = call(*host, "test_echo", "chainAction", Json::array({"add", R"({"a":1,"b":2})"}));
    QCOMPARE(r["result"]["sum"].get<int>(), 3);
    QCOMPARE(r["operation"].get<std::string>(), std::string("add"));
    r = call(*host, "test_echo", "add", Json::array({Json{{"a", 5}, {"b", 6}}}));
    QCOMPARE(r["result"]["sum"].get<int>(), 11);
  }

  void callErrors_data() {
    QTest::addColumn<QString>("module");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("args");
    QTest::addColumn<QString>("codeExpected");
    QTest::newRow("unknown method") << "test_echo" << "nope" << "[]" << "METHOD_NOT_FOUND";
    QTest::newRow("bad type") << "test_echo" << "add" << "[\"x\", 1]" << "INVALID_ARGS";
    QTest::newRow("missing arg") << "test_echo" << "add" << "[1]" << "INVALID_ARGS";
    QTest::newRow("too many args") << "test_echo" << "add" << "[1,2,3]" << "INVALID_ARGS";
    QTest::newRow("chainAction bad json") << "test_echo" << "chainAction" << "[\"add\", \"{oops\"]" << "INVALID_ARGS";
    QTest::newRow("chainAction no op") << "test_echo" << "chainAction" << "[]" << "INVALID_ARGS";
    QTest::newRow("throws") << "test_echo" << "throw" << "[]" << "METHOD_FAILED";
    QTest::newRow("malformed output") << "test_echo" << "bad_output" << "[]" << "METHOD_FAILED";
    QTest::newRow("domain error") << "test_echo" << "fail" << "[]" << "METHOD_FAILED";
    QTest::newRow("not loaded") << "test_caller" << "echo" << "[1]" << "MODULE_NOT_LOADED";
    QTest::newRow("not found") << "ghost" << "echo" << "[1]" << "MODULE_NOT_FOUND";
  }
  void callErrors() {
    QFETCH(QString, module);
    QFETCH(QString, method);
    QFETCH(QString, args);
    QFETCH(QString, codeExpected);
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_echo")));
    Json r = call(*host, module.toStdString(), method.toStdString(), Json::parse(args.toStdString()));
    QCOMPARE(code(r), codeExpected);
    QVERIFY(!message(r).isEmpty());
    if (codeExpected == "METHOD_NOT_FOUND") QVERIFY(r["available_methods"].size() > 3);
    if (method == "fail") QCOMPARE(r["error"]["code"].get<std::string>(), std::string("TEST_FAILURE"));
    // Whatever went wrong, the module keeps serving.
    QVERIFY(logos::isOk(call(*host, "test_echo", "echo", Json::array({1}))));
  }

  void slowOperationTimesOutAndStallsNobodyElse() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_caller")));  // test_echo + test_caller, two threads
    bool slowDone = false;
    Json slow;
    host->call("test_echo", "sleep", Json::array({1500}), 300, [&](Json r) {
      slow = r;
      slowDone = true;
    });
    QElapsedTimer t;
    t.start();
    Json fast = call(*host, "test_caller", "echo", Json::array({7}));
    QVERIFY(logos::isOk(fast));
    QVERIFY2(t.elapsed() < 1000, "a slow module stalled another module");
    QTRY_VERIFY_WITH_TIMEOUT(slowDone, 3000);
    QCOMPARE(code(slow), QStringLiteral("TIMEOUT"));
  }

  void moduleToModuleSyncAndAsync() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_caller")));
    Json r = call(*host, "test_caller", "call", Json::array({"test_echo", "echo", Json{{"value", 9}}}));
    QVERIFY2(logos::isOk(r), r.dump().c_str());
    QCOMPARE(r["result"]["answer"]["value"].get<int>(), 9);

    std::vector<Json> events;
    host->addWatcher("test_caller", "asyncResult", [&](const Json& line) { events.push_back(line); });
    r = call(*host, "test_caller", "call_async", Json::array({"test_echo", "add", Json{{"a", 1}, {"b", 1}}}));
    QVERIFY(logos::isOk(r));
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), std::size_t(1), 3000);
    QCOMPARE(events[0]["data"]["arg0"]["sum"].get<int>(), 2);
    QCOMPARE(events[0]["module"].get<std::string>(), std::string("test_caller"));
    QVERIFY(events[0]["timestamp"].get<std::string>().back() == 'Z');
  }

  void moduleToModuleTimeout() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_caller")));
    Json r = call(*host, "test_caller", "call", Json::array({"test_echo", "sleep", Json{{"ms", 800}}, 100}));
    QCOMPARE(QString::fromStdString(r["result"]["answer"]["code"].get<std::string>()), QStringLiteral("TIMEOUT"));
    std::vector<Json> events;
    host->addWatcher("test_caller", "asyncResult", [&](const Json& line) { events.push_back(line); });
    r = call(*host, "test_caller", "call_async", Json::array({"test_echo", "sleep", Json{{"ms", 800}}, 100}));
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), std::size_t(1), 3000);
    QCOMPARE(events[0]["data"]["arg0"]["code"].get<std::string>(), std::string("TIMEOUT"));
    QTest::qWait(900);
    QCOMPARE(events.size(), std::size_t(1));  // the late real answer is not delivered twice
  }

  void accessPolicyRefusesUndeclaredCalls() {
    auto host = makeHost(true);
    QVERIFY(logos::isOk(load(*host, "test_caller")));
    Json r = call(*host, "test_echo", "call", Json::array({"test_caller", "echo", Json{{"value", 1}}}));
    QCOMPARE(QString::fromStdString(r["result"]["answer"]["code"].get<std::string>()), QStringLiteral("ACCESS_DENIED"));
    r = call(*host, "test_echo", "subscribe", Json::array({"test_caller"}));
    QCOMPARE(r["result"]["subscribed"].get<bool>(), false);
    host.reset();  // one plugin instance per library per process: one host at a time
    auto open = makeHost(false);
    QVERIFY(logos::isOk(load(*open, "test_caller")));
    r = call(*open, "test_echo", "call", Json::array({"test_caller", "echo", Json{{"value", 1}}}));
    QVERIFY2(logos::isOk(r["result"]["answer"]), r.dump().c_str());
  }

  void callCycleEndsInErrorNotHang() {
    auto host = makeHost(false, false, 4000);
    QVERIFY(logos::isOk(load(*host, "test_caller")));
    QElapsedTimer t;
    t.start();
    // test_caller waits on test_echo, which calls back into test_caller synchronously.
    Json inner{{"target", "test_caller"}, {"operation", "echo"}, {"params", Json{{"value", 1}}}, {"timeout_ms", 3000}};
    Json r = call(*host, "test_caller", "call", Json::array({"test_echo", "call", inner, 3500}));
    QVERIFY2(logos::isOk(r), r.dump().c_str());
    const Json& innerAnswer = r["result"]["answer"]["answer"];
    QCOMPARE(QString::fromStdString(innerAnswer["code"].get<std::string>()), QStringLiteral("CALL_CYCLE"));
    QVERIFY(innerAnswer["message"].get<std::string>().find("test_echo -> test_caller -> test_echo") != std::string::npos);
    QVERIFY2(t.elapsed() < 2000, "cycle was not detected before the timeout");
  }

  void eventsReachSubscribedModulesAndWatchers() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_caller")));
    Json r = call(*host, "test_caller", "subscribe", Json::array({"test_echo", "echoed"}));
    QVERIFY(r["result"]["subscribed"].get<bool>());
    std::vector<Json> relayed, all, filtered;
    host->addWatcher("test_caller", "relayed", [&](const Json& l) { relayed.push_back(l); });
    host->addWatcher("test_echo", "", [&](const Json& l) { all.push_back(l); });
    int id = host->addWatcher("test_echo", "other", [&](const Json& l) { filtered.push_back(l); });
    QVERIFY(logos::isOk(call(*host, "test_echo", "emit", Json::array({"echoed", Json{{"k", "v"}}}))));
    QTRY_COMPARE_WITH_TIMEOUT(relayed.size(), std::size_t(1), 3000);
    QCOMPARE(all.size(), std::size_t(1));
    QCOMPARE(filtered.size(), std::size_t(0));
    QCOMPARE(relayed[0]["data"]["arg0"].get<std::string>(), std::string("test_echo"));
    QCOMPARE(relayed[0]["data"]["arg2"][0]["k"].get<std::string>(), std::string("v"));
    host->removeWatcher(id);
  }

  void unloadTakesDependentsFirstAndReloadRestores() {
    auto host = makeHost();
    QVERIFY(logos::isOk(load(*host, "test_leaf")));
    Json r = host->unloadModule("test_echo");
    QVERIFY(logos::isOk(r));
    QCOMPARE(r["unloaded"], Json::array({"test_leaf", "test_caller", "test_echo"}));
    QVERIFY(host->loadedNames().empty());
    QCOMPARE(code(host->unloadModule("test_echo")), QStringLiteral("MODULE_NOT_LOADED"));
    QVERIFY(logos::isOk(load(*host, "test_leaf")));
    bool done = false;
    Json rr;
    host->reloadModule("test_caller", [&](Json x) {
      rr = x;
      done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
    QVERIFY2(logos::isOk(rr), rr.dump().c_str());
    QCOMPARE(host->loadedNames(), (std::vector<std::string>{"test_echo", "test_caller", "test_leaf"}));
    QVERIFY(logos::isOk(call(*host, "test_leaf", "call", Json::array({"test_caller", "echo", Json{{"value", 1}}}))));
  }

  // Every answer keeps its contract: a successful one has its operation's declared result shape, an
  // error one a code of the module's error table (module-info "errors"), and no module's dispatcher
  // found a break (CONTRACT_MISMATCH) or a handler that threw (METHOD_FAILED inside). Runs, with
  // its example, every operation that is safe on an empty persistence directory without a chain or
  // peers: all of wallet_module and delivery_module but storeQuery (delivery_store.py drives it),
  // x402_module's agent operations but httpGet (x402_agent_pay.py drives it), and every operation of
  // payment_streams_module: with the wallet not open, its chain reads and writes answer a declared
  // code at once, and its local operations (terms, policy, mappings, configuration) answer their shapes.
  void answersKeepTheirDeclaredContract() {
    qputenv("LEZPAY_CONTRACT_CHECKS", "1");  // the modules' own dispatchers check as well
    QTemporaryDir dir;
    HostOptions o;
    o.moduleDirs = {PRODUCT_MODULES_DIR};
    o.persistencePath = dir.path().toStdString();
    o.defaultCallTimeoutMs = 20000;
    ModuleHost host(o);
    int shapesChecked = 0;
    int codesChecked = 0;
    const std::vector<std::string> x402Agent{"configureAgent", "getAgentConfig", "createSpendRequest", "requestSpendRequestApproval",
                                             "approveSpendRequest", "declineSpendRequest", "cancelSpendRequest", "getSpendRequest",
                                             "listSpendRequests", "getAuditLog", "prepareEligibilityProofWithPaymentForStoreQuery"};
    for (const std::string name : {"wallet_module", "delivery_module", "x402_module", "payment_streams_module"}) {
      Json r = load(host, name);
      QVERIFY2(logos::isOk(r), (name + ": " + r.dump()).c_str());
      Json info = host.moduleInfo(name);
      std::vector<std::string> codes;
      for (const auto& e : info["errors"]) {
        QVERIFY2(!e["meaning"].get<std::string>().empty() && !e["action"].get<std::string>().empty(), e.dump().c_str());
        codes.push_back(e["code"].get<std::string>());
      }
      QVERIFY2(codes.size() > logos::sdk::sdkErrors().size(), ("no error table: " + name).c_str());
      for (const auto& method : info["methods"]) {
        const std::string op = method["name"].get<std::string>();
        if (op == "chainAction" || op == "storeQuery") continue;
        if (name == "x402_module" && std::find(x402Agent.begin(), x402Agent.end(), op) == x402Agent.end()) continue;
        const std::string where = name + "." + op;
        const Json shape = method.value("result_shape", Json());
        auto defined = logos::sdk::checkShapeDefinition(shape);
        QVERIFY2(defined.ok(), (where + ": " + (defined.ok() ? "" : defined.error().message)).c_str());
        Json answer = call(host, name, "chainAction", Json::array({op, method.value("example", Json::object())}));
        if (logos::isOk(answer)) {
          QVERIFY2(!shape.is_null(), ("no result shape: " + where).c_str());
          auto st = logos::sdk::checkShape(shape, answer["result"]);
          QVERIFY2(st.ok(), (where + ": " + (st.ok() ? "" : st.error().message)).c_str());
          ++shapesChecked;
          continue;
        }
        QCOMPARE(code(answer), QStringLiteral("METHOD_FAILED"));  // the example passed the host's checks
        const std::string c = answer["error"].value("code", "");
        QVERIFY2(c != logos::sdk::kContractMismatch && c != "METHOD_FAILED", (where + ": " + answer.dump()).c_str());
        QVERIFY2(std::find(codes.begin(), codes.end(), c) != codes.end(), (where + ": undeclared code " + c).c_str());
        ++codesChecked;
      }
    }
    // Enough of each kind that the walk cannot pass having checked nothing.
    QVERIFY2(shapesChecked >= 20, std::to_string(shapesChecked).c_str());
    QVERIFY2(codesChecked >= 20, std::to_string(codesChecked).c_str());
  }

  // STYLE.md: every operation table has docs and an example that passes the checker. Walks the
  // product modules and the test modules; every one of them must be found and load (a module that
  // silently drops out would otherwise leave the walk passing with less, or nothing, checked), and
  // every module must have had operations whose example went through the checker.
  void everyOperationTableIsDocumented() {
    const std::map<std::string, std::set<std::string>> expected{
        {PRODUCT_MODULES_DIR, {"delivery_module", "payment_streams_module", "wallet_module", "x402_module"}},
        {TEST_MODULES_DIR, {"test_caller", "test_echo", "test_leaf"}},
        {FULLAPI_TEST_MODULES_DIR, {"test_fullapi_cpp"}}};
    std::size_t examplesChecked = 0;
    for (const auto& [dir, wanted] : expected) {
      HostOptions o;
      o.moduleDirs = {dir};
      o.persistencePath = persistence().path().toStdString();
      ModuleHost host(o);
      std::vector<std::string> names;  // copied: loading rescans and replaces discovery()
      for (const auto& m : host.discovery().modules) names.push_back(m.metadata.name);
      const std::set<std::string> found(names.begin(), names.end());
      for (const auto& name : wanted) QVERIFY2(found.count(name) == 1, ("module not found in " + dir + ": " + name).c_str());
      for (const auto& name : names) {
        Json r = load(host, name);
        QVERIFY2(logos::isOk(r), ("module does not load: " + name + ": " + r.dump()).c_str());
        Json info = host.moduleInfo(name);
        QVERIFY2(info["methods"].size() > 1, ("no operations listed: " + name).c_str());
        std::size_t checkedHere = 0;
        for (const auto& method : info["methods"]) {
          const std::string where = name + "." + method["name"].get<std::string>();
          QVERIFY2(!method["description"].get<std::string>().empty(), ("no doc: " + where).c_str());
          for (const auto& p : method["parameters"]) {
            const bool documented = p.contains("doc") && p["doc"].is_string() && !p["doc"].get<std::string>().empty();
            QVERIFY2(documented || method["name"] == "chainAction", ("param without doc: " + where + "." + p.value("name", "")).c_str());
          }
          if (method["name"] == "chainAction") continue;
          // The example must pass the argument checker.
          Json call = method.value("example", Json::object());
          logos::OperationSpec spec;
          spec.name = method["name"].get<std::string>();
          for (const auto& p : method["parameters"]) {
            logos::ParamSpec ps;
            ps.name = p["name"].get<std::string>();
            const std::string t = p["type"].get<std::string>();
            const auto pt = logos::paramTypeFromString(t);
            QVERIFY2(pt.has_value(), ("unknown parameter type " + t + ": " + where).c_str());
            ps.type = *pt;
            ps.required = p["required"].get<bool>();
            spec.params.push_back(ps);
          }
          auto checked = logos::sdk::checkParams(spec, call);
          QVERIFY2(checked.ok(), ("example does not pass: " + where + ": " + (checked.ok() ? "" : checked.error().message)).c_str());
          ++checkedHere;
        }
        QVERIFY2(checkedHere > 0, ("no operation of " + name + " had its example checked").c_str());
        examplesChecked += checkedHere;
      }
    }
    // Product modules alone declare far more than this; fewer means the walk skipped tables.
    QVERIFY2(examplesChecked >= 50, ("only " + std::to_string(examplesChecked) + " examples checked").c_str());
  }
};

QTEST_GUILESS_MAIN(TstModuleHost)
#include "tst_module_host.moc"
