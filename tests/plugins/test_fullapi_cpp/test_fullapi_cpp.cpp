// Test-only plugin 'test_fullapi_cpp' (logos-core.md §18): the module the upstream wrapper's
// integration suite drives. Every method echoes one parameter type, or fires one event type, so
// that the host's handling of each type (exact 64-bit integers, doubles, bytes, null, lists and
// maps) is visible end to end. Answers are bare values (logos/envelope.h valueEnvelope): a map
// with `success:false` is data, not a failure.
#include <QObject>

#include <string>
#include <vector>

#include "lezpay/util/hex.h"
#include "logos/envelope.h"
#include "logos/sdk/module_base.h"
#include "logos/sdk/param_check.h"

namespace {

using logos::Json;
using logos::ParamType;
using logos::sdk::Args;

// One echoed or emitted type: the parameter type and how a checked argument becomes JSON again.
struct TypeCase {
  const char* method;  // echo<method> / fire<method>Event
  const char* event;   // <event>Event
  ParamType type;
  const char* doc;
  Json example;
  Json (*read)(const Args& args, const char* name);
};

Json bytesOf(const Args& a, const char* n) { return logos::sdk::bytesJson(a.bytes(n)); }

const std::vector<TypeCase>& typeCases() {
  static const std::vector<TypeCase> cases = {
      {"String", "string", ParamType::String, "a string", Json("hello"), [](const Args& a, const char* n) { return Json(a.str(n)); }},
      {"Bytes", "bytes", ParamType::Bytes, "bytes as {\"_bytes\":\"<base64url>\"}", Json(Json{{"_bytes", "aGk"}}), bytesOf},
      {"Int", "int", ParamType::I64, "a signed 64-bit integer", Json(-5), [](const Args& a, const char* n) { return Json(a.i64(n)); }},
      {"Uint", "uint", ParamType::U64, "an unsigned 64-bit integer", Json(5), [](const Args& a, const char* n) { return Json(a.u64(n)); }},
      {"Double", "double", ParamType::Double, "a number", Json(1.5), [](const Args& a, const char* n) { return Json(a.f64(n)); }},
      {"Bool", "bool", ParamType::Bool, "true or false", Json(true), [](const Args& a, const char* n) { return Json(a.boolean(n)); }},
      {"Any", "any", ParamType::Any, "any JSON value, null included", Json(nullptr), [](const Args& a, const char* n) { return a.value(n); }},
      {"StringList", "stringList", ParamType::StringList, "a list of strings", Json(Json::array({"a", "b"})),
       [](const Args& a, const char* n) { return Json(a.strList(n)); }},
      {"IntList", "intList", ParamType::I64List, "a list of signed 64-bit integers", Json(Json::array({-1, 2})),
       [](const Args& a, const char* n) { return Json(a.i64List(n)); }},
      {"UintList", "uintList", ParamType::U64List, "a list of unsigned 64-bit integers", Json(Json::array({1, 2})),
       [](const Args& a, const char* n) { return Json(a.u64List(n)); }},
      {"DoubleList", "doubleList", ParamType::DoubleList, "a list of numbers", Json(Json::array({0.5})),
       [](const Args& a, const char* n) { return Json(a.f64List(n)); }},
      {"BoolList", "boolList", ParamType::BoolList, "a list of booleans", Json(Json::array({true, false})),
       [](const Args& a, const char* n) { return Json(a.boolList(n)); }},
      {"List", "list", ParamType::Array, "a list of any JSON values", Json(Json::array({1, "a", nullptr})), [](const Args& a, const char* n) { return a.value(n); }},
      {"Map", "map", ParamType::Object, "a map of text keys to any JSON values", Json(Json{{"k", 1}}),
       [](const Args& a, const char* n) { return a.value(n); }},
  };
  return cases;
}

// "i=<i>|s=<s>|b=<lowercase hex of b>".
std::string tripleText(const Args& a) {
  return "i=" + std::to_string(a.i64("i")) + "|s=" + a.str("s") + "|b=" + lezpay::util::toHex(a.bytes("b"));
}

std::vector<logos::ParamSpec> tripleParams() {
  return {{"i", ParamType::I64, true, nullptr, "a signed 64-bit integer"},
          {"s", ParamType::String, true, nullptr, "a string"},
          {"b", ParamType::Bytes, true, nullptr, "bytes as {\"_bytes\":\"<base64url>\"}"}};
}

Json tripleExample() { return Json{{"i", 1}, {"s", "x"}, {"b", Json{{"_bytes", "aGk"}}}}; }

}  // namespace

class TestFullApiCppPlugin : public QObject, public logos::sdk::ModuleBase {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestFullApiCppPlugin() : ModuleBase("test_fullapi_cpp", "1.0.0") {
    addOperation({"whoAmI", "The module's name.", {}, Json("test_fullapi_cpp"), Json::object()},
                 [](const Args&) { return logos::valueEnvelope("test_fullapi_cpp"); });
    for (const auto& c : typeCases()) {
      const std::string eventName = std::string(c.event) + "Event";
      const logos::ParamSpec param{"v", c.type, true, nullptr, c.doc};
      const Json example{{"v", c.example}};
      addOperation({std::string("echo") + c.method, std::string("Answers v: ") + c.doc + ".", {param}, c.example, example},
                   [read = c.read](const Args& a) { return logos::valueEnvelope(read(a, "v")); });
      addOperation({std::string("fire") + c.method + "Event", "Emits " + eventName + " with v; answers true.", {param}, Json(true),
                    example},
                   [this, read = c.read, eventName](const Args& a) {
                     emitEvent(eventName, Json::array({read(a, "v")}));
                     return logos::valueEnvelope(true);
                   });
      addEvent({eventName, std::string("Fired by fire") + c.method + "Event: " + c.doc + ".", {"v"}});
    }
    addOperation({"echoTriple", "Answers \"i=<i>|s=<s>|b=<lowercase hex of b>\".", tripleParams(), Json("i=1|s=x|b=6869"),
                  tripleExample()},
                 [](const Args& a) { return logos::valueEnvelope(tripleText(a)); });
    addOperation({"fireTripleEvent", "Emits tripleEvent with i, s and b; answers true.", tripleParams(), Json(true), tripleExample()},
                 [this](const Args& a) {
                   emitEvent("tripleEvent", Json::array({a.i64("i"), a.str("s"), logos::sdk::bytesJson(a.bytes("b"))}));
                   return logos::valueEnvelope(true);
                 });
    addEvent({"tripleEvent", "Fired by fireTripleEvent.", {"i", "s", "b"}});
    addOperation({"doVoid", "Does nothing; answers true like any void method.", {}, Json(true), Json::object()},
                 [](const Args&) { return logos::valueEnvelope(true); });
    addOperation({"makeResult", "A result map: success with a value, or a deliberate error (data, not a failure).",
                  {{"ok", ParamType::Bool, true, nullptr, "which result to make"}},
                  makeResult(true), Json{{"ok", true}}},
                 [](const Args& a) { return logos::valueEnvelope(makeResult(a.boolean("ok"))); });
  }

 private:
  static Json makeResult(bool ok) {
    if (ok) {
      return Json{{"success", true}, {"value", Json{{"ok", true}, {"provider", "test_fullapi_cpp"}}}, {"error", nullptr}};
    }
    return Json{{"success", false}, {"value", nullptr}, {"error", "deliberate error for testing"}};
  }
};

#include "test_fullapi_cpp.moc"
