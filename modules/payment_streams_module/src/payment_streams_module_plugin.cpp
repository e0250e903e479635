// payment_streams_module: LIP-155 payment streams on LEZ (payment-streams.md §7-§9).
// The plugin shell: state in the persistence directory, the operation groups (vault, stream,
// read, inventory, configuration and eligibility operations) registered on one chainAction
// dispatcher. Every chain access and every signature goes through wallet_module, which holds
// every secret key, the session keys included (this module holds none).
#include <QObject>

#include <memory>

#include "autopilot.h"
#include "config_operations.h"
#include "eligibility_operations.h"
#include "error_table.h"
#include "inventory_operations.h"
#include "logos/envelope.h"
#include "logos/sdk/module_base.h"
#include "read_operations.h"
#include "stream_history_operations.h"
#include "stream_operations.h"
#include "vault_operations.h"

namespace payment_streams {

class PaymentStreamsModule : public logos::sdk::ModuleBase {
 public:
  PaymentStreamsModule() : ModuleBase("payment_streams_module", "0.1.0"), eligibilityOps_(services_), autopilot_(services_) {
    // Every operation completes its Reply when its last continuation runs; nothing waits on the
    // module's thread, so a hook verification is served while a write waits for inclusion.
    services_.addOperation = [this](logos::OperationSpec spec, OperationHandler handler) {
      addAsyncOperation(std::move(spec), [this, handler = std::move(handler)](const logos::sdk::Args& args, logos::sdk::Reply reply) {
        handler(services_, args, [reply](Json envelope) { reply.answer(std::move(envelope)); });
      });
    };
    registerVaultOperations(services_);
    registerStreamOperations(services_);
    registerReadOperations(services_);
    registerStreamHistoryOperations(services_);
    registerInventoryOperations(services_);
    registerConfigOperations(services_);
    eligibilityOps_.registerOperations();
    autopilot_.registerOperations([this](logos::EventSpec spec) { addEvent(std::move(spec)); });
    declareErrors(paymentStreamsErrors());
  }

 protected:
  Json onInit() override {
    state_ = std::make_unique<ModuleState>(context()->persistencePath());
    auto st = state_->load();
    if (!st.ok()) return logos::errorEnvelope(st.error().code, st.error().message);
    logos::ModuleContext* ctx = context();
    services_.context = ctx;
    services_.state = state_.get();
    services_.walletCall = [ctx](const std::string& operation, const Json& params, int timeoutMs, logos::CallCallback done) {
      ctx->callAsync(kWalletModule, operation, params, timeoutMs, std::move(done));
    };
    services_.emitEvent = [this](const std::string& event, const Json& args) { emitEvent(event, args); };
    if (auto mk = eligibilityOps_.migrateSessionKeys(); !mk.ok()) return logos::errorEnvelope(mk.error().code, mk.error().message);
    if (auto ap = autopilot_.load(); !ap.ok()) return logos::errorEnvelope(ap.error().code, ap.error().message);
    autopilot_.start();
    return logos::okEnvelope();
  }

  void onShutdown() override {
    autopilot_.stop();
    eligibilityOps_.shutdown();
    // The replay database connection belongs to this thread: close it here.
    services_.state = nullptr;
    state_.reset();
  }

 private:
  ModuleServices services_;
  std::unique_ptr<ModuleState> state_;
  EligibilityOperations eligibilityOps_;
  Autopilot autopilot_;
};

}  // namespace payment_streams

class PaymentStreamsModulePlugin : public QObject, public payment_streams::PaymentStreamsModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "../metadata.json")
  Q_INTERFACES(logos::LogosModule)
};

#include "payment_streams_module_plugin.moc"
