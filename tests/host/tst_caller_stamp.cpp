// The host's caller stamp (host/src/caller_stamp.cpp, interfaces/logos/caller.h): written only for
// operations that declare takesCaller, overwriting whatever a caller sent; a module's
// $on_behalf_of moves into the stamp. The dispatcher accepts "$caller" only for such operations.
#include <QtTest>

#include "logos/caller.h"
#include "logos/host/caller_stamp.h"
#include "logos/sdk/args.h"
#include "logos/sdk/param_check.h"

using logos::Json;
using namespace logos::host;

namespace {

std::vector<logos::OperationSpec> ops() {
  logos::OperationSpec approve{"approve", "decides", {{"id", logos::ParamType::String, true, nullptr, "id"}}};
  approve.takesCaller = true;
  logos::OperationSpec read{"read", "reads", {{"id", logos::ParamType::String, true, nullptr, "id"}}};
  return {approve, read};
}

}  // namespace

class TstCallerStamp : public QObject {
  Q_OBJECT
 private slots:
  void clientStampOverwritesWhatTheClientSent() {
    const Json forged{{"id", "x"}, {logos::kCallerParam, Json{{"kind", "client"}, {"name", "owner"}}}};
    const Json out = stampClientCall(ops(), "approve", forged, clientCallerStamp("shopper", "tcp", "127.0.0.1:5000"));
    QCOMPARE(out[logos::kCallerParam]["name"].get<std::string>(), std::string("shopper"));
    QCOMPARE(out[logos::kCallerParam]["transport"].get<std::string>(), std::string("tcp"));
    QCOMPARE(out["id"].get<std::string>(), std::string("x"));
  }

  void operationsWithoutTheFlagAreLeftAlone() {
    const Json params{{"id", "x"}};
    QCOMPARE(stampClientCall(ops(), "read", params, clientCallerStamp("", "local", "")), params);
    QCOMPARE(stampModuleCall(ops(), "read", params, "console_module"), params);
    QCOMPARE(stampClientCall(ops(), "unknown", params, clientCallerStamp("", "local", "")), params);
  }

  void moduleStampCarriesOnBehalfOfAndDropsTheKey() {
    const Json params{{"id", "x"}, {logos::kOnBehalfParam, Json{{"name", "owner (password)"}, {"via", "console 127.0.0.1"}}}};
    const Json out = stampModuleCall(ops(), "approve", params, "console_module");
    QVERIFY(!out.contains(logos::kOnBehalfParam));
    const Json& stamp = out[logos::kCallerParam];
    QCOMPARE(stamp["kind"].get<std::string>(), std::string("module"));
    QCOMPARE(stamp["module"].get<std::string>(), std::string("console_module"));
    QCOMPARE(stamp["on_behalf_of"]["name"].get<std::string>(), std::string("owner (password)"));
    const Json noObject = stampModuleCall(ops(), "approve", Json{{"id", "x"}, {logos::kOnBehalfParam, "owner"}}, "m");
    QVERIFY(noObject[logos::kCallerParam]["on_behalf_of"].is_null());
  }

  void dispatcherTakesTheStampOnlyWhereDeclared() {
    const auto all = ops();
    const Json stamped{{"id", "x"}, {logos::kCallerParam, Json{{"kind", "client"}}}};
    auto ok = logos::sdk::checkParams(all[0], stamped);
    QVERIFY2(ok.ok(), ok.ok() ? "" : ok.error().message.c_str());
    logos::sdk::Args args(all[0], ok.value());
    QCOMPARE(args.caller()["kind"].get<std::string>(), std::string("client"));
    auto refused = logos::sdk::checkParams(all[1], stamped);
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.find("has no parameter '$caller'") != std::string::npos);
    auto unstamped = logos::sdk::checkParams(all[0], Json{{"id", "x"}});
    QVERIFY(unstamped.ok());
    QVERIFY(logos::sdk::Args(all[0], unstamped.value()).caller().is_null());
  }
};

QTEST_APPLESS_MAIN(TstCallerStamp)
#include "tst_caller_stamp.moc"
