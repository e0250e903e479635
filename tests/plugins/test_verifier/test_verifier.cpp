// Test-only plugin 'test_verifier': the far end of delivery_module's eligibility hooks
// (interfaces/logos/eligibility.h) for functional tests and the delivery benchmark. It answers
// verifyEligibilityForStoreQuery with the verdict set by `configure` (OK by default), remembers
// the last verification it was asked for, and prepares fixed proofs for each arm.
#include <QObject>

#include <chrono>
#include <thread>

#include "logos/eligibility.h"
#include "logos/envelope.h"
#include "logos/sdk/module_base.h"

namespace {

using logos::Json;
using logos::ParamType;

// A syntactically valid EligibilityProof outer field for an arm: field N, length 3, bytes 01 02 03
// (delivery reads only the field number).
std::string proofHexForField(int field) {
  static const char* hex = "0123456789abcdef";
  const int tag = (field << 3) | 2;
  std::string out{hex[tag >> 4], hex[tag & 15]};
  return out + "03010203";
}

}  // namespace

class TestVerifierPlugin : public QObject, public logos::sdk::ModuleBase {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestVerifierPlugin() : ModuleBase("test_verifier", "1.0.0") {
    using PT = ParamType;
    addOperation({"configure", "Sets the verdict (OK, PARAMS_REJECTED, PROOF_INVALID, STREAM_NOT_ACTIVE, or any other text), its reason and a delay.",
                  {{"verdict", PT::String, true, nullptr, "verdict name answered by verifyEligibilityForStoreQuery"},
                   {"reason", PT::String, false, "", "message sent with a refusal"},
                   {"delay_ms", PT::U64, false, 0, "time the verifier takes (blocks only this module's thread)"},
                   {"call_back", PT::Bool, false, false, "hooks first call delivery_module.getNodeInfo synchronously (re-entrancy check)"}},
                  Json{{"verdict", "OK"}}, Json{{"verdict", "PARAMS_REJECTED"}, {"reason", "rate below policy"}}},
                 [this](const logos::sdk::Args& a) {
                   verdict_ = a.str("verdict");
                   reason_ = a.str("reason");
                   delayMs_ = a.u64("delay_ms");
                   callBack_ = a.boolean("call_back");
                   return logos::okEnvelope(Json{{"verdict", verdict_}});
                 });
    addOperation({std::string(logos::eligibility::kVerifyOperation), "Answers the configured verdict and records the call.",
                  {{"proof_hex", PT::String, true, nullptr, "EligibilityProof hex, empty when absent"},
                   {"canonical_request_hex", PT::String, true, nullptr, "N8 hex"},
                   {"requester_peer_id", PT::String, true, nullptr, "requester peer id"}},
                  Json{{"eligibility", "OK"}}, Json{{"proof_hex", ""}, {"canonical_request_hex", ""}, {"requester_peer_id", ""}}},
                 [this](const logos::sdk::Args& a) {
                   ++calls_;
                   last_ = Json{{"proof_hex", a.str("proof_hex")}, {"canonical_request_hex", a.str("canonical_request_hex")},
                                {"requester_peer_id", a.str("requester_peer_id")}};
                   if (callBack_) last_["call_back"] = callDelivery();
                   if (delayMs_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delayMs_));
                   if (verdict_ == "OK") return logos::okEnvelope(Json{{"eligibility", "OK"}});
                   Json e = logos::errorEnvelope(verdict_ == "PROOF_INVALID" ? "PROOF_INVALID" : "NOT_ELIGIBLE", reason_);
                   e["eligibility"] = verdict_;
                   return e;
                 });
    addOperation({"lastVerification", "The parameters of the last verification and the number of calls.", {},
                  Json{{"calls", 0}, {"last", Json::object()}}, Json::object()},
                 [this](const logos::sdk::Args&) { return logos::okEnvelope(Json{{"calls", calls_}, {"last", last_}, {"prepared", prepared_}}); });
    addPrepare(logos::eligibility::kPreparePaymentOperation, "proof_of_payment", 1);
    addPrepare(logos::eligibility::kPrepareProposalOperation, "stream_proposal", 2);
    addPrepare(logos::eligibility::kPrepareProofOperation, "stream_proof", 3);
  }

 private:
  void addPrepare(std::string_view op, const std::string& kind, int field) {
    using PT = ParamType;
    addOperation({std::string(op), "Answers a fixed proof of the " + kind + " arm and records the call.",
                  {{"canonical_request_hex", PT::String, true, nullptr, "N8 hex"},
                   {"provider_peer_id", PT::String, true, nullptr, "provider peer id"},
                   {"stream_id", PT::Any, false, nullptr, "stream id (stream_proof)"},
                   {"options", PT::Any, false, nullptr, "options (proof_of_payment)"}},
                  Json{{"kind", kind}, {"bytes_hex", proofHexForField(field)}},
                  Json{{"canonical_request_hex", ""}, {"provider_peer_id", ""}}},
                 [this, kind, field](const logos::sdk::Args& a) {
                   prepared_ = Json{{"canonical_request_hex", a.str("canonical_request_hex")}, {"provider_peer_id", a.str("provider_peer_id")},
                                    {"kind", kind}};
                   for (const char* name : {"stream_id", "options"}) {
                     if (a.has(name)) prepared_[name] = a.value(name);
                   }
                   if (callBack_) prepared_["call_back"] = callDelivery();
                   return logos::okEnvelope(Json{{"kind", kind}, {"bytes_hex", proofHexForField(field)}});
                 });
  }

  // A synchronous call back into the module that is waiting for this hook's answer.
  Json callDelivery() {
    Json answer = context()->callSync("delivery_module", "getNodeInfo", Json::object(), 5000);
    return logos::isOk(answer) ? Json(answer.value("peerId", "")) : answer;
  }

  bool callBack_ = false;
  std::string verdict_ = "OK";
  std::string reason_;
  std::uint64_t delayMs_ = 0;
  std::uint64_t calls_ = 0;
  Json last_ = Json::object();
  Json prepared_ = Json::object();
};

#include "test_verifier.moc"
