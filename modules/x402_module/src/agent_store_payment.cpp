// The user side of the Store proof_of_payment arm (interfaces/logos/eligibility.h
// kPreparePaymentOperation): the owner pays a Store query directly with an x402 `exact` LEZ
// payment carried in EligibilityProof arm 1. No spend request: the owner's own spend, but it
// counts against the daily and 30-day caps and is written to the audit log (docs/decisions.md).
#include "agent.h"
#include "eligibility/eligibility_proof_codec.h"
#include "lez/core/sha256.h"
#include "lezpay/util/hex.h"
#include "logos/envelope.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/json_codec.h"

namespace x402mod {

using logos::Json;
using lez::core::U128;

namespace {
constexpr std::size_t kMaxPeerIdBytes = 256;
constexpr std::size_t kMaxCanonicalRequestBytes = 128 * 1024;  // a Store request frame (libs/waku)
}  // namespace

void Agent::prepareStorePayment(const std::vector<std::uint8_t>& n8, const std::string& providerPeerId, const Json& options,
                                logos::sdk::Reply reply) {
  const auto fail = [&reply](const char* code, const std::string& m) { reply.fail(code, m); };
  if (n8.empty() || n8.size() > kMaxCanonicalRequestBytes) {
    return fail(kInvalidArgument, "canonical_request_hex must be the non-empty hex of the N8 canonical request (at most 128 KiB)");
  }
  if (providerPeerId.empty() || providerPeerId.size() > kMaxPeerIdBytes ||
      std::any_of(providerPeerId.begin(), providerPeerId.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f || c == '/'; })) {
    return fail(kInvalidArgument, "provider_peer_id must be 1-256 printable bytes without spaces or '/'");
  }
  for (auto it = options.begin(); it != options.end(); ++it) {
    if (it.key() != "payment_requirements" && it.key() != "payer_account" && it.key() != "arm") {
      return fail(kInvalidArgument, "options." + it.key() + " is not a proof_of_payment option (payment_requirements, payer_account)");
    }
  }
  if (!options.contains("payment_requirements")) {
    return fail(kInvalidArgument, "options.payment_requirements (the provider's Store PaymentRequirements) is required");
  }
  auto req = x402::parsePaymentRequirements(options["payment_requirements"]);
  if (!req.ok()) return fail(kInvalidArgument, "options.payment_requirements: " + req.error().message);
  if (req->scheme != x402::kSchemeExact || req->asset != x402::kAssetNative) {
    return fail(kNoAcceptableOption, "the provider asks " + req->scheme + "/" + req->asset + "; only exact/native is paid");
  }
  const auto& nets = config_.policy.allowed_networks;
  if (std::find(nets.begin(), nets.end(), req->network) == nets.end()) {
    return fail(x402::toString(x402::SpendError::UnsupportedNetwork).data(), "network '" + req->network + "' is not allowed by the owner's policy");
  }
  auto amount = U128::parseDecimal(req->amount);
  auto payTo = x402::parseLezAddress(req->payTo);
  if (!amount.ok() || amount->isZero() || !payTo) return fail(kInvalidArgument, "options.payment_requirements: amount or payTo is malformed");
  std::string payer = config_.owner_account;
  if (options.contains("payer_account")) {
    if (!options["payer_account"].is_string()) return fail(kInvalidArgument, "options.payer_account must be a string");
    auto p = x402::parseLezAddress(options["payer_account"].get<std::string>());
    if (!p) return fail(kInvalidArgument, "options.payer_account is neither base58 nor 64 hex");
    payer = p->toBase58();
  }
  if (payer.empty()) return fail(kOwnerNotConfigured, "configure the owner account (configureAgent owner_account) or pass options.payer_account");

  const std::int64_t t = now();
  if (auto e = refreshAll(t)) return reply.answer(*e);  // lapsed approvals no longer count against the caps
  if (auto caps = x402::checkCaps(amount.value(), requests_, direct_, config_.policy, t); !caps.ok()) {
    (void)audit_.append("store_payment_refused", Json{{"code", caps.error().code}, {"message", caps.error().message},
                                                      {"provider_peer_id", providerPeerId}, {"amount", amount->toDecimal()}}, t);
    return reply.fail(caps.error().code, caps.error().message);
  }
  // The resource the provider checks: the provider and the exact query (hash of the N8 bytes).
  const std::string resource = "waku-store://" + providerPeerId + "/" + lez::core::hashToHex(lez::core::sha256(n8));
  const auto window = x402::defaultWindow(static_cast<std::uint64_t>(t), req->maxTimeoutSeconds);
  const std::string payToText = payTo->toBase58();
  const U128 price = amount.value();
  const x402::PaymentRequirements accepted = req.value();
  // The proof is built once the wallet signed; the module serves other calls meanwhile.
  auto finish = [this, reply, payer, payToText, price, resource, accepted, providerPeerId, t](lezpay::util::Result<Signed> signedPayment) {
    const auto fail = [&reply](const char* code, const std::string& m) { reply.fail(code, m); };
    if (reply.done()) return;
    if (!signedPayment.ok()) return reply.fail(signedPayment.error().code, signedPayment.error().message);
    // Checked again: another payment may have used the caps while the wallet signed.
    if (auto caps = x402::checkCaps(price, requests_, direct_, config_.policy, t); !caps.ok()) {
      (void)audit_.append("store_payment_refused", Json{{"code", caps.error().code}, {"message", caps.error().message},
                                                        {"provider_peer_id", providerPeerId}, {"amount", price.toDecimal()}}, t);
      return reply.fail(caps.error().code, caps.error().message);
    }
    auto payloadJson = x402::parseJsonText(signedPayment->payloadJson);
    if (!payloadJson.ok()) return fail(kWalletError, "could not rebuild the signed payload");

    x402::PaymentPayload payment;
    payment.resource = x402::ResourceInfo{resource, std::nullopt, std::nullopt};
    payment.accepted = accepted;
    payment.payload = payloadJson.value();
    const std::string bytes = x402::dumpJson(x402::toJson(payment));
    eligibility::EligibilityProof proof{eligibility::ProofOfPayment{eligibility::Bytes(bytes.begin(), bytes.end())}};
    const std::string proofHex = lezpay::util::toHex(eligibility::encodeEligibilityProof(proof));

    x402::DirectSpend spend{"store_query", payToText, price, t, signedPayment->txHash};
    auto rec = audit_.append("store_payment_prepared", Json{{"provider_peer_id", providerPeerId}, {"resource_url", resource},
                                                            {"amount", price.toDecimal()}, {"pay_to", spend.pay_to}, {"payer", payer},
                                                            {"tx_hash", spend.tx_hash}}, t);
    if (!rec.ok()) return fail(kIoError, rec.error().message);
    direct_.push_back(spend);
    if (auto failed = saveState()) {
      direct_.pop_back();
      (void)audit_.append("state_write_failed", Json{{"failed_event", "store_payment_prepared"}, {"tx_hash", spend.tx_hash}}, t);
      return reply.answer(*failed);
    }
    qCInfo(lcX402Agent).noquote() << "store_payment_prepared" << QString::fromStdString(providerPeerId)
                                  << QString::fromStdString(price.toDecimal());
    reply.ok(Json{{"kind", "proof_of_payment"}, {"bytes_hex", proofHex}, {"tx_hash", spend.tx_hash},
                  {"amount", price.toDecimal()}, {"pay_to", spend.pay_to}, {"payer", payer}, {"resource_url", resource},
                  {"valid_before", signedPayment->validBefore}});
  };
  signExactPayment(payer, payToText, price, resource, window.validAfter, window.validBefore, std::move(finish));
}

}  // namespace x402mod
