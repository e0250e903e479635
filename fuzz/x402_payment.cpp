// Fuzz target: the server side's decoders in libs/x402: the three x402 header values
// (header_codec.h), every object codec of json_codec.h, the exact-LEZ payload codec and the
// static verification (exact_lez.h) over whatever the input decodes to.
// Properties: no crash; decode → encode → decode gives the same value; a header that decodes
// re-encodes to a value that decodes to the same object; verification answers a reason or a
// transfer, never a crash, and a transfer's fields agree with the requirements.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/header_codec.h"
#include "x402/json_codec.h"

namespace {

template <typename T, typename Parse>
void roundTrip(const T& value, Parse parse) {
  auto back = parse(x402::toJson(value));
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(back.value() == value);
}

void checkPayload(const x402::PaymentPayload& p) {
  roundTrip(p, [](const x402::Json& j) { return x402::parsePaymentPayload(j); });
  auto header = x402::decodePaymentSignatureHeader(x402::encodePaymentSignatureHeader(p));
  FUZZ_CHECK(header.ok() && header.value() == p);
  if (auto lp = x402::parseExactLezPayload(p.payload); lp.ok()) {
    auto back = x402::parseExactLezPayload(x402::toJson(lp.value()));
    FUZZ_CHECK(back.ok() && back.value() == lp.value());
  }
  auto t = x402::verifyExactLezStatic(p, p.accepted, 1'750'000'000, {});
  if (t.ok()) {
    FUZZ_CHECK(t.value().amount.toDecimal() == p.accepted.amount);
    FUZZ_CHECK(x402::parseLezAddress(p.accepted.payTo) == t.value().recipient);
  } else {
    FUZZ_CHECK(!t.error().code.empty() && !t.error().message.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto p = x402::decodePaymentSignatureHeader(text); p.ok()) checkPayload(p.value());
  if (auto r = x402::decodePaymentRequiredHeader(text); r.ok()) {
    auto again = x402::decodePaymentRequiredHeader(x402::encodePaymentRequiredHeader(r.value()));
    FUZZ_CHECK(again.ok() && again.value() == r.value());
  }
  if (auto s = x402::decodePaymentResponseHeader(text); s.ok()) {
    auto again = x402::decodePaymentResponseHeader(x402::encodePaymentResponseHeader(s.value()));
    FUZZ_CHECK(again.ok() && again.value() == s.value());
  }

  auto j = x402::parseJsonText(text);
  if (!j.ok()) return 0;
  const x402::Json& v = j.value();
  if (auto p = x402::parsePaymentPayload(v); p.ok()) checkPayload(p.value());
  if (auto r = x402::parsePaymentRequired(v); r.ok()) roundTrip(r.value(), [](const x402::Json& x) { return x402::parsePaymentRequired(x); });
  if (auto r = x402::parsePaymentRequirements(v); r.ok()) {
    roundTrip(r.value(), [](const x402::Json& x) { return x402::parsePaymentRequirements(x); });
  }
  if (auto s = x402::parseSettlementResponse(v); s.ok()) {
    roundTrip(s.value(), [](const x402::Json& x) { return x402::parseSettlementResponse(x); });
  }
  if (auto r = x402::parseVerifyResponse(v); r.ok()) roundTrip(r.value(), [](const x402::Json& x) { return x402::parseVerifyResponse(x); });
  if (auto f = x402::parseFacilitatorRequest(v); f.ok()) {
    roundTrip(f.value(), [](const x402::Json& x) { return x402::parseFacilitatorRequest(x); });
    (void)x402::verifyExactLezStatic(f.value().paymentPayload, f.value().paymentRequirements, 1'750'000'000, {});
  }
  if (auto s = x402::parseSupportedResponse(v); s.ok()) {
    roundTrip(s.value(), [](const x402::Json& x) { return x402::parseSupportedResponse(x); });
  }
  return 0;
}
