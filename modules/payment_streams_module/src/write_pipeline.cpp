#include "write_pipeline.h"

#include "error_codes.h"
#include "logos/envelope.h"

namespace payment_streams {
namespace ls = lez::streams;

namespace {

Json withTx(Json out, const Json& tx) {
  for (const char* k : {"success", "tx_hash", "tx_status", "block_id", "wallet"}) {
    if (tx.contains(k)) out[k] = tx[k];
  }
  out["status"] = "ok";
  return out;
}

Json notConfirmed(const Json& tx, const std::string& message) {
  Json e = errorJson(kStateNotConfirmed, message);
  e["tx_hash"] = tx.value("tx_hash", std::string());
  e["success"] = false;
  return e;
}

Json submissionAnswer(const std::string& name, const Json& w) {
  if (logos::isOk(w)) {
    return logos::okEnvelope(Json{{"success", true}, {"operation", name}, {"tx_hash", w.value("tx_hash", std::string())},
                                  {"tx_status", w.value("tx_status", std::string("included"))},
                                  {"block_id", w.value("block_id", Json(nullptr))}, {"wallet", w}});
  }
  const std::string code = w.value("code", std::string("WALLET_FAILED"));
  Json e = errorJson(code, name + ": " + w.value("message", std::string("the wallet did not submit the transaction")));
  e["success"] = false;
  if (w.contains("tx_hash")) e["tx_hash"] = w["tx_hash"];
  if (code == "TX_REJECTED" && w.contains("reason") && w["reason"].is_object()) {
    const Json& r = w["reason"];
    e["reason"] = r;
    if (r.contains("guest_code")) e["guest_code"] = r["guest_code"];
    if (r.contains("guest_name")) e["guest_name"] = r["guest_name"];
    std::string why = r.value("guest_name", r.value("code", std::string("rejected")));
    if (r.contains("guest_code")) why += " (" + r["guest_code"].dump() + ")";
    e["message"] = name + " was rejected by the sequencer: " + why + (r.contains("message") ? ": " + r.value("message", std::string()) : "");
  }
  e["wallet"] = w;
  return e;
}

}  // namespace

Json stopped() { return logos::errorEnvelope(logos::ErrorCode::Cancelled, "payment_streams_module stopped before the operation completed"); }

void submitInstruction(ModuleServices& s, const ls::InstructionAccounts& accounts, const ls::Instruction& instruction, bool wait,
                       Answer done) {
  if (!s.running()) return done(stopped());
  const Json payload = transactionPayload(accounts, instruction, s.config().program);
  const int timeout = s.config().txTimeoutMs;
  s.chain().walletCall("send_generic_public_transaction_json", Json{{"payload_json", payload}, {"wait", wait}, {"timeout_ms", timeout}},
                       timeout + s.config().walletTimeoutMs,
                       [name = std::string(ls::instructionName(instruction)), done = std::move(done)](const Json& w) {
                         done(submissionAnswer(name, w));
                       });
}

void runWrite(ModuleServices& s, WritePlan plan, bool wait, Answer done) {
  auto readBack = std::move(plan.readBack);
  submitInstruction(s, plan.accounts, plan.instruction, wait, [wait, readBack, done = std::move(done)](Json tx) {
    if (!logos::isOk(tx) || !wait) return done(std::move(tx));
    readBack(tx, [tx, done](Result<Json> facts) {
      if (!facts.ok()) return done(notConfirmed(tx, facts.error().message));
      done(withTx(facts.value(), tx));
    });
  });
}

void addWrite(ModuleServices& s, logos::OperationSpec spec, OperationHandler handler) {
  spec.params.push_back({"wait", logos::ParamType::Bool, false, true,
                         "wait for inclusion and check the effect (default); false answers at submission, tx_status pending"});
  s.addOperation(std::move(spec), std::move(handler));
}

}  // namespace payment_streams
