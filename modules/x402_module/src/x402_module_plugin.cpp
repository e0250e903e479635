// x402_module: x402 v2 on LEZ (x402.md). The plugin is a thin shell: the server side
// (server_operations.h) and the agent side (agent_operations.h) register their operations
// through one ModuleShell, so the module keeps a single chainAction dispatcher.
#include <QObject>

#include "agent_operations.h"
#include "logos/envelope.h"
#include "logos/sdk/module_base.h"
#include "server_operations.h"
#include "x402_errors.h"

namespace x402mod {

class X402Module : public logos::sdk::ModuleBase {
 public:
  X402Module() : ModuleBase("x402_module", "0.1.0"), server_(shell()), agent_(shell()) { declareErrors(x402Errors()); }

 protected:
  logos::Json onInit() override {
    logos::Json server = server_.onInit();
    if (!logos::isOk(server)) return server;
    return agent_.onInit();
  }
  void onShutdown() override {
    agent_.onShutdown();
    server_.onShutdown();
  }

 private:
  ModuleShell shell() {
    return ModuleShell{
        [this](logos::OperationSpec spec, logos::sdk::Dispatcher::Handler h) { addOperation(std::move(spec), std::move(h)); },
        [this](logos::EventSpec spec) { addEvent(std::move(spec)); },
        [this](const std::string& event, const logos::Json& args) { emitEvent(event, args); },
        [this]() { return context(); },
        [this](logos::OperationSpec spec, logos::sdk::Dispatcher::AsyncHandler h) { addAsyncOperation(std::move(spec), std::move(h)); }};
  }

  ServerOperations server_;
  AgentOperations agent_;
};

}  // namespace x402mod

class X402ModulePlugin : public QObject, public x402mod::X402Module {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "../metadata.json")
  Q_INTERFACES(logos::LogosModule)
};

#include "x402_module_plugin.moc"
