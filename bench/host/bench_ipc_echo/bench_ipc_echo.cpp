// Benchmark callee 'bench_ipc_echo': the cheapest operation a module can answer, so a round trip
// to it measures the module boundary and nothing else (module_ipc_bench.cpp).
#include <QObject>

#include "logos/envelope.h"
#include "logos/sdk/module_base.h"

class BenchIpcEchoPlugin : public QObject, public logos::sdk::ModuleBase {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  BenchIpcEchoPlugin() : ModuleBase("bench_ipc_echo", "1.0.0") {
    addOperation({"echo", "Answers the value it was given.", {{"value", logos::ParamType::Any, true, nullptr, "any JSON value"}},
                  logos::Json{{"value", 1}}, logos::Json{{"value", 1}}},
                 [](const logos::sdk::Args& a) { return logos::okEnvelope(logos::Json{{"value", a.value("value")}}); });
  }
};

#include "bench_ipc_echo.moc"
