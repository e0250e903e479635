// The payment both paid flows (httpGet, callPaidTool) send after the owner's approval: the
// approved spend request's signed credential wrapped in a PaymentPayload for the challenge.
#include "agent.h"
#include "logos/envelope.h"
#include "x402/json_codec.h"
#include "x402/payment_identifier.h"

namespace x402mod {

std::variant<Agent::ApprovedPayment, logos::Json> Agent::approvedPayment(const std::string& requestId,
                                                                        const x402::PaymentRequired& challenge,
                                                                        const x402::PaymentRequirements& option) const {
  const int chosen = find(requestId);
  if (chosen < 0) return logos::errorEnvelope(x402::toString(x402::SpendError::NotFound), "no spend request with id '" + requestId + "'");
  const x402::SpendRequest& r = requests_[static_cast<std::size_t>(chosen)];
  // Checked again: another call may have cancelled or settled it while the wallet worked.
  if (!r.credential || r.status != x402::SpendStatus::Approved) {
    logos::Json e = logos::errorEnvelope(x402::toString(x402::SpendError::InvalidTransition),
                                  "spend request " + r.id + " is " + std::string(x402::toString(r.status)) + ", no longer approved");
    e["spend_request_id"] = r.id;
    return e;
  }
  auto payloadJson = x402::parseJsonText(r.credential->payload_json);
  if (!payloadJson.ok()) return logos::errorEnvelope(kIoError, "stored credential of " + r.id + " is unreadable");
  ApprovedPayment out{r, {}};
  out.payment.resource = challenge.resource;
  out.payment.accepted = option;
  out.payment.payload = payloadJson.value();
  if (challenge.extensions) {
    // Echoed as received (x402.md §2: never remove or overwrite). For the payment-identifier
    // extension (x402.md §5) the client adds info.id, derived from the spend request so that every
    // retry of this one payment carries the same id.
    logos::Json ext = *challenge.extensions;
    auto pid = ext.find(std::string(x402::kPaymentIdentifierExtension));
    if (pid != ext.end() && pid->is_object()) {
      if (!pid->contains("info")) (*pid)["info"] = logos::Json::object();
      logos::Json& info = (*pid)["info"];
      const std::string id = "pay_" + r.id;  // 33 characters of [a-z0-9_]
      if (info.is_object() && !info.contains("id") && x402::isValidPaymentId(id)) info["id"] = id;
    }
    out.payment.extensions = ext;
  }
  return out;
}

}  // namespace x402mod
