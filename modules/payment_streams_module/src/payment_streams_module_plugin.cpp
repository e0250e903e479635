// payment_streams_module: LIP-155 payment streams on LEZ (payment-streams.md §7-§9).
// The plugin shell: state in the persistence directory, the operation groups (chain_operations,
// eligibility_operations) registered on one chainAction dispatcher. Every chain access goes
// through wallet_module; secrets (session keys) stay in module_state.
#include <QObject>

#include "chain_operations.h"
#include "eligibility_operations.h"
#include "logos/envelope.h"
#include "logos/sdk/module_base.h"

namespace payment_streams {

class PaymentStreamsModule : public logos::sdk::ModuleBase {
 public:
  PaymentStreamsModule() : ModuleBase("payment_streams_module", "0.1.0"), chainOps_(services_), eligibilityOps_(services_, chainOps_) {
    services_.addOperation = [this](logos::OperationSpec spec, logos::sdk::Dispatcher::Handler handler) {
      // Operations need the state loaded in onInit; the host calls none before it.
      addOperation(std::move(spec), std::move(handler));
    };
    chainOps_.registerOperations();
    eligibilityOps_.registerOperations();
  }

 protected:
  Json onInit() override {
    state_ = std::make_unique<ModuleState>(context()->persistencePath());
    auto st = state_->load();
    if (!st.ok()) return logos::errorEnvelope(st.error().code, st.error().message);
    services_.context = context();
    services_.state = state_.get();
    return logos::okEnvelope();
  }

  void onShutdown() override {
    // The replay database connection belongs to this thread: close it here.
    services_.state = nullptr;
    state_.reset();
  }

 private:
  ModuleServices services_;
  std::unique_ptr<ModuleState> state_;
  ChainOperations chainOps_;
  EligibilityOperations eligibilityOps_;
};

}  // namespace payment_streams

class PaymentStreamsModulePlugin : public QObject, public payment_streams::PaymentStreamsModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "../metadata.json")
  Q_INTERFACES(logos::LogosModule)
};

#include "payment_streams_module_plugin.moc"
