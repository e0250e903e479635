// metadata.json validation: one negative case per rule, each naming the field.
#include <QtTest>

#include "logos/host/module_metadata.h"

using logos::Json;

namespace {
Json good() {
  return Json{{"name", "wallet_module"}, {"version", "1.0.0"}, {"description", "d"}, {"author", "a"},
              {"category", "c"}, {"type", "core"}, {"main", "wallet_module_plugin"}, {"interface", "universal"},
              {"dependencies", Json::array({"x_module"})}, {"capabilities", Json::array()}};
}
}  // namespace

class TstModuleMetadata : public QObject {
  Q_OBJECT
 private slots:
  void acceptsGoodMetadata() {
    auto r = logos::host::parseModuleMetadata(good());
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->dependencies.size(), std::size_t(1));
    QVERIFY(r->dependencyOperations.empty());
    QVERIFY(logos::host::scopedOperations(*r, "x_module") == nullptr);
  }
  void readsDependencyOperations() {
    Json j = good();
    j["dependency_operations"] = Json{{"x_module", Json::array({"node_key_public", "node_key_sign"})}};
    auto r = logos::host::parseModuleMetadata(j);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    const auto* ops = logos::host::scopedOperations(*r, "x_module");
    QVERIFY(ops != nullptr);
    QCOMPARE(*ops, (std::vector<std::string>{"node_key_public", "node_key_sign"}));
  }
  void rejects_data() {
    QTest::addColumn<QString>("patch");   // JSON merge patch applied to good()
    QTest::addColumn<QString>("message"); // expected message prefix
    QTest::newRow("missing name") << R"({"name":null})" << "name: required";
    QTest::newRow("name not string") << R"({"name":5})" << "name: not a string";
    QTest::newRow("bad name chars") << R"({"name":"a b","main":"a b_plugin"})" << "name: 'a b' is not a valid";
    QTest::newRow("name dotdot") << R"({"name":"..","main":".._plugin"})" << "name:";
    QTest::newRow("missing version") << R"({"version":null})" << "version: required";
    QTest::newRow("empty version") << R"({"version":""})" << "version: must not be empty";
    QTest::newRow("missing description") << R"({"description":null})" << "description: required";
    QTest::newRow("missing author") << R"({"author":null})" << "author: required";
    QTest::newRow("missing category") << R"({"category":null})" << "category: required";
    QTest::newRow("bad type") << R"({"type":"daemon"})" << "type: 'daemon'";
    QTest::newRow("bad main") << R"({"main":"other_plugin"})" << "main: 'other_plugin'";
    QTest::newRow("legacy interface") << R"({"interface":"legacy"})" << "interface: 'legacy'";
    QTest::newRow("absent interface means legacy") << R"({"interface":null})" << "interface: 'legacy'";
    QTest::newRow("deps missing") << R"({"dependencies":null})" << "dependencies: required";
    QTest::newRow("deps not array") << R"({"dependencies":"x"})" << "dependencies: not an array";
    QTest::newRow("dep not string") << R"({"dependencies":["a_module",3]})" << "dependencies[1]: not a string";
    QTest::newRow("dep invalid") << R"({"dependencies":["a/b"]})" << "dependencies[0]: 'a/b'";
    QTest::newRow("dep self") << R"({"dependencies":["wallet_module"]})" << "dependencies[0]: a module cannot depend on itself";
    QTest::newRow("dep twice") << R"({"dependencies":["a","a"]})" << "dependencies[1]: 'a' is listed twice";
    QTest::newRow("scopes not object") << R"({"dependency_operations":["x_module"]})" << "dependency_operations: not an object";
    QTest::newRow("scope not a dependency") << R"({"dependency_operations":{"y_module":["a"]}})"
                                            << "dependency_operations.y_module: 'y_module' is not listed in dependencies";
    QTest::newRow("scope not array") << R"({"dependency_operations":{"x_module":"a"}})" << "dependency_operations.x_module: not an array";
    QTest::newRow("scope empty") << R"({"dependency_operations":{"x_module":[]}})" << "dependency_operations.x_module: must name at least one";
    QTest::newRow("scope op not string") << R"({"dependency_operations":{"x_module":["a",1]}})" << "dependency_operations.x_module[1]: not a string";
    QTest::newRow("scope op empty") << R"({"dependency_operations":{"x_module":[""]}})" << "dependency_operations.x_module[0]: must not be empty";
    QTest::newRow("scope op twice") << R"({"dependency_operations":{"x_module":["a","a"]}})"
                                    << "dependency_operations.x_module[1]: 'a' is listed twice";
    QTest::newRow("caps missing") << R"({"capabilities":null})" << "capabilities: required";
    QTest::newRow("cap not string") << R"({"capabilities":[{}]})" << "capabilities[0]: not a string";
  }
  void rejects() {
    QFETCH(QString, patch);
    QFETCH(QString, message);
    Json j = good();
    j.merge_patch(Json::parse(patch.toStdString()));
    auto r = logos::host::parseModuleMetadata(j);
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error().message).startsWith(message), r.error().message.c_str());
  }
  void rejectsInvalidJsonText() {
    auto r = logos::host::parseModuleMetadataText("{\"name\": ");
    QVERIFY(!r.ok());
    QVERIFY(QString::fromStdString(r.error().message).contains("not valid JSON"));
  }
  void rejectsNonObject() {
    QVERIFY(!logos::host::parseModuleMetadataText("[1,2]").ok());
  }
  void nameRules() {
    QVERIFY(logos::host::isValidModuleName("delivery_module"));
    QVERIFY(logos::host::isValidModuleName("a-b_C9"));
    QVERIFY(!logos::host::isValidModuleName(""));
    QVERIFY(!logos::host::isValidModuleName(std::string(65, 'a')));
    QVERIFY(logos::host::isValidModuleName(std::string(64, 'a')));
    QVERIFY(!logos::host::isValidModuleName("."));
    QVERIFY(!logos::host::isValidModuleName("a.b"));
  }
};

QTEST_APPLESS_MAIN(TstModuleMetadata)
#include "tst_module_metadata.moc"
