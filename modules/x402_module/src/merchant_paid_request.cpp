// The paid path of the merchant (merchant.h): verify -> run the handler -> settle -> record ->
// release, the idempotent answer from the served-payments record, and the recovery of a payment
// charged but never served. Every step is asynchronous on the module thread; a callback that
// arrives after the merchant stopped is dropped (the `alive_` guard).
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

#include "charged_payment.h"
#include "facilitator_client.h"
#include "lez/core/sha256.h"
#include "lezpay/util/hex.h"
#include "merchant.h"
#include "merchant_paid.h"
#include "merchant_payment_cache.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/header_codec.h"
#include "x402/json_codec.h"
#include "x402/payment_identifier.h"

Q_DECLARE_LOGGING_CATEGORY(lcMerchant)

namespace x402mod {

using lezpay::http::HttpRequest;
using lezpay::http::HttpResponse;
using lezpay::util::Result;
using x402::Json;
using x402::Reason;

namespace {

std::optional<std::string> txHashOfPayload(const x402::PaymentPayload& p) {
  auto lp = x402::parseExactLezPayload(p.payload);
  if (!lp.ok()) return std::nullopt;
  auto h = x402::transactionHashOfBase64(lp.value().transaction);
  if (!h.ok()) return std::nullopt;
  return lez::core::hashToHex(h.value());
}

}  // namespace

void Merchant::refuse(const Paid& p, int status, const std::string& code, const std::string& message) {
  (*p->respond)(paymentError(status, status == 402 ? p->resource : nullptr, p->resourceUrl, code, message));
}

void Merchant::paid(const MerchantResource& res, const HttpRequest& req, const std::string& resourceUrl, lezpay::net::Responder respond,
                    lezpay::net::StreamOpener open) {
  auto payload = x402::decodePaymentSignatureHeader(*req.header(x402::kPaymentSignatureHeader));
  if (!payload.ok()) {
    return respond(paymentError(402, &res, resourceUrl, payload.error().code, "PAYMENT-SIGNATURE: " + payload.error().message));
  }
  if (!(payload.value().accepted == res.requirements)) {
    return respond(paymentError(402, &res, resourceUrl, std::string(x402::toString(Reason::NoMatchingRequirements)),
                                "the payment's `accepted` is not one of the current offers for " + res.path));
  }
  if (!payload.value().resource || payload.value().resource->url != resourceUrl) {
    return respond(paymentError(402, &res, resourceUrl, std::string(x402::toString(Reason::LezResourceMismatch)),
                                "the payment is not for " + resourceUrl));
  }
  auto paymentId = x402::paymentIdOf(payload.value());
  if (!paymentId.ok()) return respond(paymentError(402, &res, resourceUrl, paymentId.error().code, paymentId.error().message));
  if (!paymentId.value() && res.paymentIdentifier == "required") {
    return respond(paymentError(400, nullptr, resourceUrl, "payment_identifier_required",
                                "this resource requires extensions.payment-identifier.info.id (x402 payment-identifier)"));
  }
  if (!payments_) {
    return respond(paymentError(503, nullptr, resourceUrl, "merchant_storage_unavailable",
                                "this merchant cannot record served payments right now; nothing was charged, try again later"));
  }
  auto p = std::make_shared<PaidRequest>();
  p->resource = &res;
  p->req = req;
  p->resourceUrl = resourceUrl;
  p->request = x402::FacilitatorRequest{payload.value(), res.requirements};
  p->key.txHash = txHashOfPayload(payload.value());
  p->key.paymentId = paymentId.value();
  const std::string material = x402::dumpJson(
      Json{{"resource", resourceUrl}, {"accepted", x402::toJson(payload.value().accepted)}, {"payload", payload.value().payload}});
  p->key.fingerprint = lezpay::util::toHex(
      lez::core::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(material.data()), material.size())));
  if (auto lp = x402::parseExactLezPayload(payload.value().payload); lp.ok()) p->validBefore = static_cast<std::int64_t>(lp.value().validBefore);
  p->seq = ++requestSeq_;
  p->respond = std::make_shared<lezpay::net::Responder>(std::move(respond));
  p->open = std::move(open);

  const PriorUse prior = payments_->lookup(p->key);
  switch (prior.kind) {
    case PriorUse::Kind::IdConflict:
      return refuse(p, 409, "payment_identifier_conflict", "this payment-identifier id was used with another payment");
    case PriorUse::Kind::SamePayment:
      return replayServed(p, *prior.row);
    case PriorUse::Kind::AlreadyServed:
      return refuse(p, 402, std::string(x402::toString(Reason::NonceReplayed)),
                    "this payment was already served; a client whose answer was lost retries with the same payment-identifier id");
    case PriorUse::Kind::Unavailable:
      qCWarning(lcMerchant) << "request" << p->seq << "served-payments record unreadable:" << QString::fromStdString(prior.message);
      return refuse(p, 503, "merchant_storage_unavailable",
                    "this merchant cannot read its served-payments record right now; nothing was charged, try again later");
    case PriorUse::Kind::None:
      break;
  }
  qCInfo(lcMerchant) << "request" << p->seq << QString::fromStdString(res.path) << "verify";
  std::weak_ptr<int> alive = alive_;
  facilitator_->verify(p->request, resourceUrl, [this, alive, p](Result<x402::VerifyResponse> v) {
    if (!alive.lock()) return;
    if (!v.ok()) return refuse(p, 502, v.error().code, v.error().message);
    if (!v.value().isValid) {
      const std::string code = v.value().invalidReason.value_or(std::string(x402::toString(Reason::UnexpectedVerifyError)));
      const std::string message = v.value().invalidMessage.value_or("the payment is not valid");
      if (code == x402::toString(Reason::NonceReplayed)) return recoverSettled(p, code, message);
      return refuse(p, 402, code, message);
    }
    settleAndServe(p);
  });
}

void Merchant::settleAndServe(Paid p) {
  std::weak_ptr<int> alive = alive_;
  produce(p, [this, alive, p](HttpResponse content) {
    if (!alive.lock()) return;
    if (content.status >= 400) {
      count("handler_error");
      addCorsHeaders(content);
      return deliver(p, std::move(content));  // nothing is settled for a failed handler
    }
    qCInfo(lcMerchant) << "request" << p->seq << "settle";
    facilitator_->settle(p->request, p->resourceUrl, [this, alive, p, content](Result<x402::SettlementResponse> s) mutable {
      if (!alive.lock()) return;
      x402::SettlementResponse sr;
      if (!s.ok()) {
        sr.success = false;
        sr.errorReason = s.error().code;
        sr.errorMessage = s.error().message;
        sr.network = p->resource->requirements.network;
      } else {
        sr = s.value();
      }
      if (!sr.success) {
        const std::string code = sr.errorReason.value_or(std::string(x402::toString(Reason::UnexpectedSettleError)));
        // Settled between our verify and settle (a front-run, or a concurrent request): the
        // chain decides whether this payment is still ours to serve.
        if (code == x402::toString(Reason::NonceReplayed)) return recoverSettled(p, code, sr.errorMessage.value_or("already settled"));
        HttpResponse r = paymentError(402, p->resource, p->resourceUrl, code, sr.errorMessage.value_or("the settlement failed"));
        r.setHeader(std::string(x402::kPaymentResponseHeader), x402::encodePaymentResponseHeader(sr));
        qCInfo(lcMerchant) << "request" << p->seq << "settlement failed" << QString::fromStdString(code);
        return (*p->respond)(r);
      }
      serve(p, sr, std::move(content));
    });
  });
}

void Merchant::serve(Paid p, const x402::SettlementResponse& settlement, HttpResponse content) {
  const std::string txHash = p->key.txHash.value_or(settlement.transaction);
  // Committed before the answer leaves: a crash after this line leaves a record that a retry
  // with the same payment-identifier id is answered from.
  auto recorded = payments_->record(p->key, txHash, p->resourceUrl, x402::dumpJson(x402::toJson(settlement)), p->validBefore);
  if (!recorded.ok()) {
    qCWarning(lcMerchant) << "request" << p->seq << "could not record the served payment:" << QString::fromStdString(recorded.error().message);
    return refuse(p, 503, "merchant_storage_unavailable",
                  "the payment settled (transaction " + txHash + ") but this merchant could not record it; retry the same payment "
                  "to receive the resource");
  }
  if (!recorded->recorded) {
    // A concurrent request served this transaction first.
    const auto& first = recorded->row;
    if (first && p->key.paymentId && first->paymentId == *p->key.paymentId && first->fingerprint == p->key.fingerprint) {
      return replayServed(p, *first);
    }
    return refuse(p, 402, std::string(x402::toString(Reason::NonceReplayed)), "this payment was already served for another request");
  }
  count("paid");
  content.setHeader(std::string(x402::kPaymentResponseHeader), x402::encodePaymentResponseHeader(settlement));
  addCorsHeaders(content);
  qCInfo(lcMerchant) << "request" << p->seq << "paid";
  deliver(p, std::move(content));
}

void Merchant::replayServed(Paid p, const ServedPayment& row) {
  auto j = x402::parseJsonText(row.settlementJson);
  auto settlement = j.ok() ? x402::parseSettlementResponse(j.value()) : Result<x402::SettlementResponse>(j.error());
  if (!settlement.ok()) {
    return refuse(p, 500, std::string(x402::toString(Reason::UnexpectedSettleError)), "the recorded receipt of this payment is unreadable");
  }
  std::weak_ptr<int> alive = alive_;
  produce(p, [this, alive, p, sr = settlement.value()](HttpResponse content) {
    if (!alive.lock()) return;
    addCorsHeaders(content);
    if (content.status >= 400) return deliver(p, std::move(content));
    count("idempotent_replay");
    content.setHeader(std::string(x402::kPaymentResponseHeader), x402::encodePaymentResponseHeader(sr));
    qCInfo(lcMerchant) << "request" << p->seq << "answered again from the served-payments record";
    deliver(p, std::move(content));
  });
}

void Merchant::recoverSettled(Paid p, const std::string& code, const std::string& message) {
  const std::int64_t now = payments_->nowSeconds();
  auto lp = x402::parseExactLezPayload(p->request.paymentPayload.payload);
  // Past the record's lifetime this merchant cannot tell "never served" from "served and
  // pruned", so the payment stays refused.
  if (!p->key.txHash || !chainStatus_ || !lp.ok() || !payments_->mayRecover(static_cast<std::int64_t>(lp.value().validBefore))) {
    return refuse(p, 402, code, message);
  }
  auto charged = chargedReceipt(p->request.paymentPayload, p->resource->requirements, p->resourceUrl, *p->key.txHash, now);
  if (!charged) return refuse(p, 402, code, message);
  const x402::SettlementResponse sr = *charged;
  qCInfo(lcMerchant) << "request" << p->seq << "already settled elsewhere; reading the chain";
  std::weak_ptr<int> alive = alive_;
  waitIncluded(*p->key.txHash, payments_->nowMs() + kRecoveryWaitMs, [this, alive, p, sr, code, message](Result<TxStatus> s) {
    if (!alive.lock()) return;
    if (!s.ok()) {
      return refuse(p, 502, std::string(x402::toString(Reason::FacilitatorUnavailable)),
                    "this payment was settled before and the chain could not be read to confirm it: " + s.error().message);
    }
    if (s.value().kind != TxStatus::Kind::Included) return refuse(p, 402, code, message);
    std::weak_ptr<int> alive2 = alive_;
    produce(p, [this, alive2, p, sr](HttpResponse content) {
      if (!alive2.lock()) return;
      if (content.status >= 400) {
        addCorsHeaders(content);
        return deliver(p, std::move(content));
      }
      count("recovered");
      serve(p, sr, std::move(content));
    });
  });
}

void Merchant::waitIncluded(const std::string& txHash, std::int64_t deadlineMs, std::function<void(Result<TxStatus>)> done) {
  x402mod::waitIncluded(this, chainStatus_, [this]() { return payments_->nowMs(); }, txHash, deadlineMs, std::move(done));
}

}  // namespace x402mod
